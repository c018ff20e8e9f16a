import crypto from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../api/src/app';
import { loadConfig, type Config } from '../../api/src/config';
import { migrateDatabase, openDatabase, type Database } from '../../api/src/db/client';
import { closeQueues, openQueues, type Queues } from '../../api/src/queues';
import { createRedis } from '../../api/src/redis/connection';
import { seedDemo } from '../../api/src/seed/seed';

/** The server every test run uses; each test file gets a database of its own on it. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DEMO_PASSWORD = 'vanthu-demo';

const urlFor = (name: string) => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

/** A fresh PostgreSQL database, migrated (vanthu's migrations unless another folder is named, e.g. the hub's), dropped by `drop()`. */
export async function createTestDatabase(migrations?: string): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const empty = await createEmptyDatabase();
  const database = await openDatabase({ url: empty.url });
  await migrateDatabase(database, migrations);
  return {
    database,
    url: empty.url,
    async drop() {
      await database.close();
      await empty.drop();
    },
  };
}

export const testPrefix = () => `vanthu-test-${crypto.randomBytes(4).toString('hex')}`;

/** Deletes every Redis key of a test's prefix (queues, throttling counters). */
export async function clearRedisPrefix(prefix: string) {
  const redis = createRedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

export interface TestApp {
  app: Express;
  database: Database;
  queues: Queues;
  config: Config;
  close(): Promise<void>;
}

/** The real Express app on a database of its own, seeded with the demo tree unless told otherwise. */
/** `log`: the app's logger (silent unless a test reads the logs). */
export async function startTestApp(opts: { seed?: boolean; env?: Record<string, string>; log?: Logger } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  if (opts.seed !== false) await seedDemo(db.database.db, DEMO_PASSWORD);
  return appOn(db.database, db.url, { ...opts, drop: db.drop });
}

/** The real Express app on an existing database (e.g. one a test restored); `drop` ends (and removes) it at close. */
export async function appOn(
  database: Database,
  url: string,
  opts: { env?: Record<string, string>; log?: Logger; drop?: () => Promise<void> } = {},
): Promise<TestApp> {
  const prefix = testPrefix();
  const config = loadConfig({ LOG_LEVEL: 'silent', QUEUE_PREFIX: prefix, DATABASE_URL: url, REDIS_URL, ...opts.env });
  const redis = createRedis(REDIS_URL);
  const queues = openQueues(redis, prefix);
  const { app, close: closeApp } = createApp({ config, database, redis, queues, log: opts.log ?? pino({ level: 'silent' }) });
  return {
    app,
    database,
    queues,
    config,
    async close() {
      closeApp();
      await closeQueues(queues);
      redis.disconnect();
      await clearRedisPrefix(prefix);
      await (opts.drop ?? (() => database.close()))();
    },
  };
}

/** An empty PostgreSQL database (no migrations: what `createdb` gives), dropped by `drop()`. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vanthu_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: urlFor(name),
    async drop() {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * A browser-like client: keeps cookies and sends the XSRF-TOKEN cookie back in the X-XSRF-TOKEN header,
 * as the Angular app does.
 */
export class ApiClient {
  readonly agent: ReturnType<typeof request.agent>;
  xsrf?: string;

  constructor(app: Express | string) {
    this.agent = request.agent(app);
  }

  private remember(res: request.Response) {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const c of cookies) {
      const m = /^XSRF-TOKEN=([^;]*)/.exec(c);
      if (m) this.xsrf = m[1];
    }
    return res;
  }

  async get(path: string) {
    return this.remember(await this.agent.get(path));
  }

  async send(method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown) {
    if (!this.xsrf) await this.get('/api/me');
    const req = this.agent[method](path).set('X-XSRF-TOKEN', this.xsrf!);
    return this.remember(await (body === undefined ? req : req.send(body as object)));
  }

  post(path: string, body?: unknown) {
    return this.send('post', path, body);
  }

  delete(path: string) {
    return this.send('delete', path);
  }

  async login(username: string, password = DEMO_PASSWORD) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

export async function loggedIn(app: Express | string, username: string) {
  const client = new ApiClient(app);
  await client.login(username);
  return client;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The seed disables the accounts of the organisations dissolved in 2025 (UBND TP Hạ Long…). Tests that use
 * such an organisation as a working agency (a second issuer, a district on the exchange) enable the accounts
 * they log in as, as an administrator would.
 */
export async function reinstateUsers(db: Database['db'], usernames: string[]) {
  const { inArray } = await import('drizzle-orm');
  const { users } = await import('../../api/src/users/schema');
  await db.update(users).set({ disabledAt: null }).where(inArray(users.username, usernames));
}

/** A new specialist of Sở Nội vụ's administrative reform unit, as the administrators' form sends it. */
export const specialistAccount = (username: string) => ({
  username,
  fullName: 'Chu Văn Bình',
  position: 'Chuyên viên',
  organisationId: 'qn-snv',
  unitId: 'snv-cchc',
  password: 'mot-mat-khau-dai',
  roles: [{ role: 'CHUYEN_VIEN', organisationId: 'qn-snv', unitId: 'snv-cchc' }],
});
