import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { sessions } from '../../api/src/auth/schema';
import { loadConfig } from '../../api/src/config';
import { migrateDatabase, openDatabase } from '../../api/src/db/client';
import { ensureRedis, RedisUnavailableError } from '../../api/src/redis/connection';
import { startSystem } from '../../api/src/server';
import { users } from '../../api/src/users/schema';
import {
  ApiClient,
  clearRedisPrefix,
  createTestDatabase,
  DEMO_PASSWORD,
  freePort,
  loggedIn,
  REDIS_URL,
  specialistAccount,
  testPrefix,
} from '../support/harness';

const silent = pino({ level: 'silent' });

describe('embedded PGlite', () => {
  it('runs the same migrations as PostgreSQL and ends with the same tables and columns', async () => {
    const lite = await openDatabase({ pgliteDir: null });
    const pg = await createTestDatabase();
    try {
      await migrateDatabase(lite);
      const columns = sql`select table_name, column_name, data_type, is_nullable from information_schema.columns
        where table_schema = 'public' order by table_name, column_name`;
      const a = await lite.db.execute(columns);
      const b = await pg.database.db.execute(columns);
      const rows = (r: unknown) => (r as { rows: unknown[] }).rows;
      expect(rows(a).length).toBeGreaterThan(20);
      expect(rows(a)).toEqual(rows(b));
    } finally {
      await lite.close();
      await pg.drop();
    }
  });
});

describe('the whole system on PGlite (npm start) with a separate worker process (npm run workers)', () => {
  let dataDir: string;
  let prefix: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-system-'));
    prefix = testPrefix();
  });
  afterAll(async () => {
    await clearRedisPrefix(prefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const configFor = async () =>
    loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKERS_IN_PROCESS: 'false',
      PGLITE_SOCKET_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
    });

  it('seeds on first start, keeps data across a restart, and a workers-only process takes queued jobs', async () => {
    const config = await configFor();
    const server = await startSystem(config);
    let userId: string;
    try {
      const admin = await loggedIn(server.url!, 'qn.admin');
      const created = await admin.post('/api/admin/users', specialistAccount('snv.cv.cchc2'));
      expect(created.status).toBe(201);
      userId = created.body.id;

      // An expired session for the maintenance job to purge, and the job queued while no worker runs.
      await server.database.db
        .insert(sessions)
        .values({ tokenHash: 'expired-session', userId, csrfToken: 'x', expiresAt: new Date(Date.now() - 60_000) });
      const health = await new ApiClient(server.url!).get('/api/health');
      expect(health.body).toMatchObject({ status: 'degraded', database: { ok: true, driver: 'pglite' }, workers: { ok: false } });
      const { Queue } = await import('bullmq');
      const { createRedis } = await import('../../api/src/redis/connection');
      const conn = createRedis(REDIS_URL);
      const queue = new Queue('maintenance', { connection: conn, prefix });
      const eventsConn = createRedis(REDIS_URL);
      const events = new QueueEvents('maintenance', { connection: eventsConn, prefix });
      await events.waitUntilReady();
      const job = await queue.add('purge-expired-sessions', {});

      const workers = await startSystem(config, 'workers');
      try {
        const result = await job.waitUntilFinished(events, 20_000);
        expect(result).toEqual({ purged: 1 });
        expect(await server.database.db.$count(sessions, sql`token_hash = 'expired-session'`)).toBe(0);
        const after = await new ApiClient(server.url!).get('/api/health');
        expect(after.body.status).toBe('ok');
        expect(after.body.workers.queues.maintenance.workers).toBeGreaterThanOrEqual(1);
      } finally {
        await workers.close();
        await events.close();
        eventsConn.disconnect();
        await queue.close();
        conn.disconnect();
      }
    } finally {
      await server.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'pglite.socket.json'))).toBe(false);

    const restarted = await startSystem(await configFor());
    try {
      const c = new ApiClient(restarted.url!);
      const login = await c.post('/api/auth/login', { username: 'snv.cv.cchc2', password: 'mot-mat-khau-dai' });
      expect(login.status).toBe(200);
      expect(login.body.unit).toEqual({ id: 'snv-cchc', name: 'Phòng Cải cách hành chính' });
      expect(await restarted.database.db.$count(users)).toBe(32);
    } finally {
      await restarted.close();
    }
  });

  it('refuses to start workers alone on the embedded database when no server shares it', async () => {
    await expect(startSystem(await configFor(), 'workers')).rejects.toThrow(/npm start/);
  });
});

describe('Redis start-up', () => {
  it('fails with a clear message when REDIS_URL does not answer', async () => {
    await expect(ensureRedis('redis://127.0.0.1:1', os.tmpdir(), silent)).rejects.toThrow(RedisUnavailableError);
  });

  it('starts a local redis-server with append-only persistence when nothing answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-redis-'));
    const port = await freePort();
    const { url, child } = await ensureRedis(undefined, dir, silent, port);
    try {
      expect(url).toBe(`redis://127.0.0.1:${port}`);
      expect(child).toBeDefined();
      const { createRedis } = await import('../../api/src/redis/connection');
      const r = createRedis(url);
      expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      r.disconnect();
    } finally {
      child?.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the package to install when there is no redis-server binary', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(ensureRedis(undefined, os.tmpdir(), silent, await freePort())).rejects.toThrow(/apt-get install redis-server/);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
