// Several API instances behind nginx (`npm run start:cluster`, scripts/cluster.ts) on one PostgreSQL and Redis:
// a session works on any instance, live notifications reach a user whichever instance caused them, the login lock
// counts failures on every instance, and an instance killed during a burst loses no acknowledged write and leaves
// none half-done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { openDatabase, type Database } from '../../api/src/db/client';
import { savedSearches } from '../../api/src/search/saved-schema';
import { roleGrants, users } from '../../api/src/users/schema';
import { findNginx, startCluster, type Cluster } from '../../scripts/cluster';
import { clearRedisPrefix, createEmptyDatabase, DEMO_PASSWORD, REDIS_URL, specialistAccount, testPrefix } from '../support/harness';
import { readEvents } from '../support/sse';

/** A browser's cookies, sent to whichever server the test picks (nginx or one instance directly). */
class Session {
  private readonly cookies = new Map<string, string>();

  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async call(base: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) await this.call(base, 'GET', '/api/me');
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') {
      headers['x-xsrf-token'] = this.cookies.get('XSRF-TOKEN')!;
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  }

  login(base: string, username: string, password = DEMO_PASSWORD) {
    return this.call(base, 'POST', '/api/auth/login', { username, password });
  }
}

const nginx = findNginx();
if (!nginx) console.warn('cluster.test.ts skipped: nginx is not installed (apt-get install nginx); .ci/run installs it.');

(nginx ? describe : describe.skip)('several API instances behind nginx', () => {
  let cluster: Cluster;
  let dropDatabase: () => Promise<void>;
  let database: Database;
  let prefix: string;
  let dataDir: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    const empty = await createEmptyDatabase();
    dropDatabase = empty.drop;
    prefix = testPrefix();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-cluster-'));
    cluster = await startCluster({
      instances: 2,
      port: 0,
      // Nothing here waits on a job: without the workers process the cluster starts sooner on a busy machine.
      workers: false,
      env: { DATABASE_URL: empty.url, REDIS_URL, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_PASSWORD },
    });
    [a, b] = cluster.instances.map((i) => i.url);
    database = await openDatabase({ url: empty.url });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await database?.close();
    await dropDatabase?.();
    if (prefix) await clearRedisPrefix(prefix);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves one session on every instance, through nginx and directly', async () => {
    const clerk = new Session();
    expect((await clerk.login(cluster.url, 'stc.vanthu')).status).toBe(200);
    for (const base of [cluster.url, cluster.url, a, b]) {
      const me = await clerk.call(base, 'GET', '/api/me');
      expect({ status: me.status, username: me.body.username }).toEqual({ status: 200, username: 'stc.vanthu' });
    }
  });

  it('passes a large request body (buffered by nginx on disk) on to the instance', async () => {
    const res = await fetch(`${cluster.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x'.repeat(3_000_000) }),
    });
    // The app's own answer (its JSON limit is 1 MiB), not an HTML page of nginx's (413 or 500).
    expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({
      status: 413,
      code: 'request.too_large',
    });
  });

  it('delivers a notification caused on one instance to the event streams on the other and through nginx', async () => {
    const head = new Session();
    expect((await head.login(b, 'snv.gd')).status).toBe(200);
    const admin = new Session();
    expect((await admin.login(b, 'qn.admin')).status).toBe(200);
    const [subject] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, 'snv.cv.tcbc'));
    const url = '/api/notifications/stream';
    const grantOnB = async () => {
      const res = await admin.call(b, 'POST', `/api/admin/users/${subject.id}/roles`, {
        role: 'TRUONG_PHONG',
        organisationId: 'qn-snv',
        unitId: 'snv-tcbc',
      });
      expect(res.status).toBe(201);
    };
    let openedBoth: () => void;
    const viaNginxOpen = new Promise<void>((r) => (openedBoth = r));
    const viaNginx = readEvents(cluster.url + url, head.cookie, 2, async () => openedBoth());
    // The grant is made on B once both streams (one on A, one wherever nginx put it) are open.
    const onA = readEvents(a + url, head.cookie, 2, () => viaNginxOpen.then(grantOnB));
    for (const events of await Promise.all([onA, viaNginx])) {
      expect(events[1]).toMatchObject({ event: 'notification', data: { titleVi: expect.stringContaining('cấp vai trò') } });
    }
  });

  it('counts failed logins on every instance towards one lock', async () => {
    const guesser = new Session();
    for (const base of [a, b, a, b, a]) {
      expect((await guesser.login(base, 'stc.cv.qlns', 'not-the-password')).body.code).toBe('auth.invalid_credentials');
    }
    // Five failures (LOGIN_MAX_FAILURES), spread over both: the right password is now refused on either.
    for (const base of [a, b]) {
      const locked = await new Session().login(base, 'stc.cv.qlns');
      expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 423, code: 'auth.locked' });
    }
  });

  it('loses no acknowledged write when an instance is killed during a burst, leaves none half-done; reads go on; it comes back', async () => {
    const clerk = new Session();
    expect((await clerk.login(cluster.url, 'qn.cv.vx1')).status).toBe(200);
    const admin = new Session();
    expect((await admin.login(cluster.url, 'qn.admin')).status).toBe(200);
    const writes: { kind: 'user' | 'search'; key: string; status: number }[] = [];
    const reads: number[] = [];
    let sent = 0;
    // 8 clients in parallel, 10 rounds each of a write and a read. Two create accounts first (the user row, its
    // role grant, the permission alert and the audit entry in one transaction); the rest save searches (a row each).
    const client = async (c: number) => {
      for (let i = 0; i < 10; i++) {
        const account = c < 2 && i < 5;
        const key = account ? `snv.cl${c}x${i}` : `Đợt ${c}-${i}`;
        const written = account
          ? await admin.call(cluster.url, 'POST', '/api/admin/users', specialistAccount(key))
          : await clerk.call(cluster.url, 'POST', '/api/search/saved', { name: key, criteria: {}, columns: ['subject'] });
        writes.push({ kind: account ? 'user' : 'search', key, status: written.status });
        reads.push((await clerk.call(cluster.url, 'GET', '/api/search/saved')).status);
        sent += 2;
      }
    };
    const burst = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    while (sent < 40) await new Promise((r) => setTimeout(r, 5));
    await cluster.kill(0);
    await burst;
    expect(cluster.instances.map((i) => i.alive)).toEqual([false, true]);

    // Reads are retried by nginx on the live instance; a write is answered 201, or 502 when the instance died
    // holding it (nginx does not send a POST twice).
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    expect(writes.filter((w) => w.status !== 201 && w.status !== 502)).toEqual([]);
    const keys = (kind: string, status?: number) =>
      writes.filter((w) => w.kind === kind && (!status || w.status === status)).map((w) => w.key);

    const stored = await database.db
      .select({ name: savedSearches.name })
      .from(savedSearches)
      .where(inArray(savedSearches.name, keys('search')));
    const storedNames = new Set(stored.map((s) => s.name));
    expect(keys('search', 201).filter((n) => !storedNames.has(n))).toEqual([]);
    expect(stored.length).toBe(storedNames.size);
    const listed = await clerk.call(cluster.url, 'GET', '/api/search/saved');
    expect(new Set(listed.body.items.map((s: { name: string }) => s.name))).toEqual(storedNames);

    // Each account asked for is there whole (row, grant, audit entry) or not at all; every acknowledged one is.
    const accounts = await database.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.username, keys('user')));
    const ids = accounts.map((u) => u.id);
    const grants = await database.db.select({ userId: roleGrants.userId }).from(roleGrants).where(inArray(roleGrants.userId, ids));
    const audited = await database.db
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.create'), inArray(auditEvents.entityId, ids)));
    expect(grants.map((g) => g.userId).sort()).toEqual([...ids].sort());
    expect(audited.map((a) => a.entityId).sort()).toEqual([...ids].sort());
    const created = new Set(accounts.map((u) => u.username));
    expect(keys('user', 201).filter((n) => !created.has(n))).toEqual([]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);

    // Once nginx has seen the instance gone, new writes all succeed on the other.
    for (let i = 0; i < 6; i++) {
      const res = await clerk.call(cluster.url, 'POST', '/api/search/saved', { name: `Sau ${i}`, criteria: {}, columns: ['subject'] });
      expect(res.status).toBe(201);
    }
    // Started again on its port, the instance serves the same session.
    await cluster.restart(0);
    expect((await clerk.call(a, 'GET', '/api/search/saved')).body.items.length).toBe(storedNames.size + 6);
  });
});
