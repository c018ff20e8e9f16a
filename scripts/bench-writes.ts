// `npm run bench:writes`: the writes that take a gapless register number, by 50 clerks of 10 organisations at once,
// against a real server (its own process, as deployed) on PostgreSQL + Redis: registration of incoming documents
// (số đến) and issuance of signed outgoing ones (số + ký hiệu). Each register must then hold exactly 1..N and the
// audit log must verify. A trivial authenticated GET measured in the same run is the reference for this shared
// machine's noise. Issue #21 part 1 asks ≥ 200/s in total.
//   BENCH_DOCS_PER_ORG (default 100), BENCH_CHAINS (default "64"; e.g. "1,64" to compare with one audit chain),
//   BENCH_PROFILE=1 samples PostgreSQL's wait events and prints the server's hottest functions per action.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../api/src/config';
import { queryRows, type Db } from '../api/src/db/client';
import { organisations, units } from '../api/src/organisations/schema';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../api/src/outgoing/schema';
import { queueNames } from '../api/src/queues';
import { registers } from '../api/src/registers/schema';
import { startSystem } from '../api/src/server';
import { users } from '../api/src/users/schema';
import { textPdf } from '../test/support/documents';
import {
  clearRedisPrefix,
  createTestDatabase,
  DEMO_PASSWORD,
  loggedIn,
  REDIS_URL,
  testPrefix,
  type ApiClient,
} from '../test/support/harness';
import { approvedProvinceDocument } from '../test/support/outgoing-flow';
import { createTestPki } from '../test/support/signing';
import { cpuSeconds } from './bench/load-monitor';

const ORGS = 10;
const CLERKS_PER_ORG = 5;
const DOCS_PER_ORG = Number(process.env.BENCH_DOCS_PER_ORG ?? 100);
const CHAIN_COUNTS = (process.env.BENCH_CHAINS ?? '64').split(',').map(Number);
const PROFILE = process.env.BENCH_PROFILE === '1';
const NEW_PASSWORD = 'bench-writes-2026';

interface Session {
  headers: Record<string, string>;
}

interface Row {
  action: string;
  chains: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  numbering: string;
  /** CPU seconds over the timed part: the server process, and the PostgreSQL backends of the bench database. */
  serverCpu: number;
  postgresCpu: number;
  waits: string;
}

/** CPU seconds so far of each PostgreSQL backend connected to the bench database (other databases' work excluded). */
async function backendCpu(client: Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

// ——— The server's side: `startSystem` in a child process, so its CPU is its own and not the clients'. ———

type ToServer = 'profile-start' | 'profile-stop' | 'close';

async function serve() {
  const statements = countStatements();
  const system = await startSystem(loadConfig());
  const profiler = new inspector.Session();
  profiler.connect();
  process.on('message', async (m: ToServer) => {
    if (m === 'profile-start') {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
      statements.clear();
      process.send!({ profiling: true });
    } else if (m === 'profile-stop') {
      const { profile } = await profiler.post('Profiler.stop');
      process.send!({ hottest: `${hottest(profile)}\n    statements (count, ms from send to answer):\n${statements.top(40)}` });
    } else if (m === 'close') {
      await system.close();
      process.exit(0);
    }
  });
  process.send!({ url: system.url });
}

/** Every SQL statement the server sends, by its text: how many and how long from send to answer. */
function countStatements() {
  const seen = new Map<string, { n: number; ms: number }>();
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (!text) return query.apply(this, args);
    const t0 = performance.now();
    const key = text.replace(/\s+/g, ' ').slice(0, 150);
    const done = () => {
      const s = seen.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      seen.set(key, s);
    };
    // The pool calls with a callback, a transaction without one (a promise).
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...a: unknown[]) => void;
      args[last] = (...a: unknown[]) => {
        done();
        callback(...a);
      };
    }
    const result = query.apply(this, args);
    return result instanceof Promise ? result.finally(done) : result;
  } as typeof Client.prototype.query;
  return {
    clear: () => seen.clear(),
    top: (n: number) =>
      [...seen.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .slice(0, n)
        .map(([k, s]) => `      ${String(s.n).padStart(6)} ${(s.ms / s.n).toFixed(1).padStart(6)} ms  ${k}`)
        .join('\n'),
  };
}

/** Self time of a CPU profile by function and by where the code lives (this app's files, or a package). */
function hottest(profile: inspector.Profiler.Profile): string {
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const place =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file ? file.replace(/\/[^/]+$/, '') : `(${functionName || 'native'})`);
    const fn = `${functionName || '(anonymous)'} ${file ? `${path.basename(file)}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `      ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `    by place:\n${top(byPlace, 14)}\n    by function:\n${top(byFunction, 16)}`;
}

class Server {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<Server> {
    const child = fork(__filename, ['--serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(m.url));
      child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    return new Server(child, url);
  }

  cpu = () => cpuSeconds(this.child.pid!);

  private ask<T>(m: ToServer): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', resolve as (v: unknown) => void);
      this.child.send(m);
    });
  }

  profileStart = () => this.ask('profile-start');
  profileStop = async () => (await this.ask<{ hottest: string }>('profile-stop')).hottest;

  async close() {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send('close');
    await exited;
  }
}

// ——— The clients' side. ———

/** Every queue of the run paused or resumed: the timed part measures requests, not the jobs they leave. */
async function setQueues(prefix: string, paused: boolean): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let waiting = 0;
  for (const name of Object.values(queueNames)) {
    const queue = new Queue(name, { connection: redis, prefix });
    if (paused) await queue.pause();
    else await queue.resume();
    waiting += await queue.getWaitingCount();
    await queue.close();
  }
  redis.disconnect();
  return waiting;
}

async function untilQueuesIdle(prefix: string) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueNames.incomingFiles, { connection: redis, prefix });
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await queue.close();
  redis.disconnect();
}

async function run(chains: number): Promise<{ rows: Row[]; hottest: string[]; backlog: number }> {
  const { database, url: dbUrl, drop } = await createTestDatabase();
  const db = database.db;
  const prefix = testPrefix();
  const pki = await createTestPki();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-writes-'));
  const server = await Server.start({
    DATABASE_URL: dbUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PKI_DIR: pki.dir,
    TRUST_STORE_DIR: path.join(pki.dir, 'trust'),
    DEMO_PASSWORD,
    LOGIN_RATE_PER_MINUTE: '100000',
    AUDIT_CHAINS: String(chains),
  });
  const url = server.url;
  const ok = async (res: Response, what: string, status = 200) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  /** A signed-in session as a browser holds it: cookies plus the XSRF header value. */
  const session = async (username: string, password: string): Promise<Session> => {
    const anon = await fetch(`${url}/api/me`);
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(anon.headers.get('set-cookie') ?? '')![1];
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf, cookie: `XSRF-TOKEN=${xsrf}` },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const token = /XSRF-TOKEN=(.*)/.exec(cookies.find((c) => c.startsWith('XSRF-TOKEN='))!)![1];
    return { headers: { cookie: cookies.join('; '), 'x-xsrf-token': token } };
  };
  const post = (s: Session, p: string, body: unknown) =>
    fetch(`${url}${p}`, { method: 'POST', body: JSON.stringify(body), headers: { ...s.headers, 'content-type': 'application/json' } });
  const monitor = new Client({ connectionString: dbUrl });
  await monitor.connect();
  try {
    // Ten communes under the province committee (the seed's tree), each with one unit, an incoming and an outgoing
    // register. There is no service that creates organisations or registers (the seed inserts them the same way).
    const orgIds = Array.from({ length: ORGS }, (_, i) => `bench-xa-${i + 1}`);
    await db.insert(organisations).values(
      orgIds.map((id, i) => ({
        id,
        parentId: 'qn-ubnd',
        name: `UBND xã Thử Nghiệm ${i + 1}`,
        shortName: 'UBND',
        kind: 'COMMUNE_PC' as const,
        placeName: 'Quảng Ninh',
      })),
    );
    await db
      .insert(units)
      .values(orgIds.map((organisationId) => ({ id: `${organisationId}-vp`, organisationId, name: 'Văn phòng', abbrev: 'VP' })));
    await db.insert(registers).values(
      orgIds.flatMap((organisationId) => [
        { id: `${organisationId}-den`, organisationId, direction: 'DEN' as const, name: 'Sổ văn bản đến', scope: 'ALL' as const },
        { id: `${organisationId}-di`, organisationId, direction: 'DI' as const, name: 'Sổ văn bản đi', scope: 'ALL' as const },
      ]),
    );
    // The clerks, created by the province's administrator through the API; each changes the password set for them.
    const admin = await session('qn.admin', DEMO_PASSWORD);
    const clerks: { organisationId: string; username: string; session: Session }[] = [];
    for (const organisationId of orgIds) {
      for (let k = 1; k <= CLERKS_PER_ORG; k++) {
        const username = `${organisationId}.vanthu${k}`;
        await ok(
          await post(admin, '/api/admin/users', {
            username,
            fullName: `Văn thư ${k} ${organisationId}`,
            position: 'Văn thư',
            organisationId,
            unitId: `${organisationId}-vp`,
            password: DEMO_PASSWORD,
            roles: [{ role: 'VAN_THU', organisationId, unitId: `${organisationId}-vp` }],
          }),
          `create ${username}`,
          201,
        );
        const s = await session(username, DEMO_PASSWORD);
        await ok(await post(s, '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD }), 'password');
        clerks.push({ organisationId, username, session: await session(username, NEW_PASSWORD) });
      }
    }
    const drafts = await uploadDrafts(url, clerks, ok);
    const signed = await signedDocuments(db, url, orgIds, clerks);
    // The uploads' text extraction and the signature's job run in the server's workers: let them finish first.
    await untilQueuesIdle(prefix);
    await setQueues(prefix, true);

    const rows: Row[] = [];
    const hottest: string[] = [];
    /** 50 clerks at once, each sending its own requests one after the other. */
    const timed = async (action: string, request: (clerk: number, i: number) => Promise<Response>, perClerk: number) => {
      const sampler = PROFILE ? new Client({ connectionString: dbUrl }) : undefined;
      await sampler?.connect();
      const waits = new Map<string, number>();
      let sampling = true;
      const sampled = (async () => {
        while (sampler && sampling) {
          const { rows: r } = await sampler.query<{ w: string; n: number }>(
            `select coalesce(wait_event_type || ':' || wait_event, state) as w, count(*)::int as n from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle' group by 1`,
          );
          for (const x of r) waits.set(x.w, (waits.get(x.w) ?? 0) + x.n);
          await new Promise((res) => setTimeout(res, 20));
        }
      })();
      if (PROFILE) await server.profileStart();
      const serverCpu0 = server.cpu();
      const pg0 = await backendCpu(monitor);
      const latencies: number[] = [];
      const start = performance.now();
      await Promise.all(
        clerks.map(async (_, c) => {
          for (let i = 0; i < perClerk; i++) {
            const t0 = performance.now();
            await ok(await request(c, i), action);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const serverCpu = server.cpu() - serverCpu0;
      const pg1 = await backendCpu(monitor);
      const postgresCpu = [...pg1].reduce((sum, [pid, s]) => sum + s - (pg0.get(pid) ?? 0), 0);
      if (PROFILE) hottest.push(`  ${chains} chain(s) — ${action}, server's self time:\n${await server.profileStop()}`);
      sampling = false;
      await sampled;
      await sampler?.end();
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
      const total = [...waits.values()].reduce((a, b) => a + b, 0);
      const row: Row = {
        action,
        chains,
        requests: latencies.length,
        perSecond: latencies.length / seconds,
        p50: pct(0.5),
        p95: pct(0.95),
        numbering: '—',
        serverCpu,
        postgresCpu,
        waits: [...waits.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([w, n]) => `${w} ${((100 * n) / total).toFixed(0)}%`)
          .join(', '),
      };
      rows.push(row);
      return row;
    };

    await timed('GET /api/me (reference)', (c) => fetch(`${url}/api/me`, clerks[c].session), DOCS_PER_ORG / CLERKS_PER_ORG);
    const registration = await timed(
      'registration (vào sổ đến)',
      (c, i) => {
        const w = drafts[c][i];
        return post(clerks[c].session, `/api/incoming/${w.id}/register`, {
          registerId: `${clerks[c].organisationId}-den`,
          issuerName: 'UBND tỉnh Quảng Ninh',
          number: String(w.i + 1),
          symbol: 'UBND-KT',
          issueDate: '2026-11-20',
          documentType: 'Công văn',
          subject: `Báo cáo số liệu ngân sách ${w.i}`,
        });
      },
      DOCS_PER_ORG / CLERKS_PER_ORG,
    );
    registration.numbering = await gapless(db, 'incoming_documents', 'arrival_number');
    const issuance = await timed(
      'issuance (ban hành số, ký hiệu)',
      (c, i) => post(clerks[c].session, `/api/outgoing/${signed[c][i]}/issue`, {}),
      DOCS_PER_ORG / CLERKS_PER_ORG,
    );
    issuance.numbering = await gapless(db, 'outgoing_documents', 'issued_number');

    const report = (await ok(await fetch(`${url}/api/admin/audit/verify`, admin), 'audit verify')) as {
      ok: boolean;
      checked: number;
      chains: number;
    };
    if (!report.ok) throw new Error(`audit log broken: ${JSON.stringify(report)}`);
    for (const r of rows) if (r.numbering !== '—') r.numbering += `; audit ok (${report.checked} entries, ${report.chains} chains)`;
    // What the timed part left to the workers (stamps, seals): done after the burst.
    const backlog = await setQueues(prefix, false);
    if (PROFILE) hottest.push(await searchRefreshCost(monitor, chains));
    return { rows, hottest, backlog };
  } finally {
    await monitor.end();
    await server.close();
    await clearRedisPrefix(prefix);
    await drop();
    pki.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What the search index's triggers cost PostgreSQL per write: search_refresh (delete + insert of the document's
 * search row, and the words it adds) for the registered and the issued documents, timed and rolled back.
 */
async function searchRefreshCost(client: Client, chains: number): Promise<string> {
  const lines: string[] = [];
  for (const [kind, table] of [
    ['INCOMING', 'incoming_documents'],
    ['OUTGOING', 'outgoing_documents'],
  ]) {
    await client.query('begin');
    const cpu0 = cpuSeconds((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid);
    const t0 = performance.now();
    const { rowCount } = await client.query(
      `select search_refresh('${kind}', id) from ${table} where register_id like 'bench-xa-%' and status <> 'DRAFT'`,
    );
    const ms = performance.now() - t0;
    const cpu = cpuSeconds((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid) - cpu0;
    await client.query('rollback');
    lines.push(
      `    ${kind}: ${rowCount} refreshes, ${(ms / rowCount!).toFixed(2)} ms each, ${((1000 * cpu) / rowCount!).toFixed(2)} ms of CPU each`,
    );
  }
  return `  ${chains} chain(s) — search index refresh (search_sync triggers: 2 per registration, 1 per issuance):\n${lines.join('\n')}`;
}

/** Gapless: each register's numbers of this year are exactly 1..N, N its documents. */
async function gapless(
  db: Db,
  table: 'incoming_documents' | 'outgoing_documents',
  column: 'arrival_number' | 'issued_number',
): Promise<string> {
  const [t, n] = [sql.identifier(table), sql.identifier(column)];
  const numbered = await queryRows<{ register_id: string; n: number; lo: number; hi: number; distinct: number }>(
    db,
    sql`select register_id, count(*)::int as n, min(${n}) as lo, max(${n}) as hi, count(distinct ${n})::int as "distinct"
        from ${t} where register_id like 'bench-xa-%' group by register_id order by register_id`,
  );
  const exact = numbered.filter((r) => r.n === DOCS_PER_ORG && r.lo === 1 && r.hi === DOCS_PER_ORG && r.distinct === DOCS_PER_ORG);
  if (exact.length !== ORGS) throw new Error(`numbering broken: ${JSON.stringify(numbered)}`);
  return `${exact.length}/${ORGS} registers exactly 1..${DOCS_PER_ORG}`;
}

/** Drafts uploaded beforehand (not timed): DOCS_PER_ORG per organisation, spread over its clerks. */
async function uploadDrafts(
  url: string,
  clerks: { session: Session }[],
  ok: (res: Response, what: string, status?: number) => Promise<{ id: string }>,
): Promise<{ id: string; i: number }[][]> {
  const pdf = new Blob([new Uint8Array(await textPdf(['Công văn đề nghị báo cáo số liệu ngân sách']))], { type: 'application/pdf' });
  const work: { id: string; i: number }[][] = clerks.map(() => []);
  const uploads = Array.from({ length: ORGS }, (_, o) => Array.from({ length: DOCS_PER_ORG }, (_, i) => ({ o, i }))).flat();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < uploads.length) {
        const { o, i } = uploads[next++];
        const clerk = o * CLERKS_PER_ORG + (i % CLERKS_PER_ORG);
        const form = new FormData();
        form.append('main', pdf, 'cong-van.pdf');
        const res = await fetch(`${url}/api/incoming`, { method: 'POST', body: form, ...clerks[clerk].session });
        work[clerk].push({ id: (await ok(res, 'upload', 201)).id, i });
      }
    }),
  );
  return work;
}

/**
 * Signed outgoing documents ready for issuance, DOCS_PER_ORG per organisation. One công văn goes the whole way
 * through the API (drafted, approved up the province's chain, signed by the chairman with the test PKI); the rest
 * are copies of its rows in the bench organisations (as the outgoing tests do), sharing its signed PDF.
 */
async function signedDocuments(db: Db, url: string, orgIds: string[], clerks: { username: string }[]): Promise<string[][]> {
  const clients = new Map<string, ApiClient>();
  const as = async (u: string) => {
    if (!clients.has(u)) clients.set(u, await loggedIn(url, u));
    return clients.get(u)!;
  };
  const id = await approvedProvinceDocument(as, 'Công văn về việc báo cáo số liệu ngân sách');
  const sign = await (await as('qn.chutich')).post(`/api/outgoing/${id}/sign`, { passphrase: DEMO_PASSWORD });
  if (sign.status !== 202) throw new Error(`sign: ${sign.status} ${JSON.stringify(sign.body)}`);
  for (let waited = 0; ; waited += 200) {
    const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
    if (doc.status === 'SIGNED') break;
    if (waited > 60_000) throw new Error(`the signature of ${id} did not complete: ${doc.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const [source] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
  const [version] = await db.select().from(outgoingVersions).where(eq(outgoingVersions.documentId, id));
  const files = await db.select().from(outgoingFiles).where(eq(outgoingFiles.documentId, id));
  const userIds = new Map(
    (await db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id] as const),
  );
  const work: string[][] = clerks.map(() => []);
  for (const [o, organisationId] of orgIds.entries()) {
    const author = userIds.get(`${organisationId}.vanthu1`)!;
    const docs = await db
      .insert(outgoingDocuments)
      .values(
        Array.from({ length: DOCS_PER_ORG }, (_, i) => ({
          ...source,
          id: undefined,
          organisationId,
          draftingUnitId: `${organisationId}-vp`,
          authorId: author,
          chainTemplateId: null,
          subject: `${source.subject} ${i + 1}`,
        })),
      )
      .returning({ id: outgoingDocuments.id });
    const versions = await db
      .insert(outgoingVersions)
      .values(docs.map((d) => ({ ...version, id: undefined, documentId: d.id, createdBy: author })))
      .returning({ id: outgoingVersions.id, documentId: outgoingVersions.documentId });
    await db
      .insert(outgoingFiles)
      .values(versions.flatMap((v) => files.map((f) => ({ ...f, id: undefined, documentId: v.documentId, versionId: v.id }))));
    docs.forEach((d, i) => work[o * CLERKS_PER_ORG + (i % CLERKS_PER_ORG)].push(d.id));
  }
  return work;
}

async function main() {
  const results = [];
  for (const chains of CHAIN_COUNTS) results.push(await run(chains));
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `\nvanthu write bench — ${new Date().toISOString()} — ${os.cpus().length} cores, load average ${load.join(' ')} — server in its own process, PostgreSQL + Redis on this machine`,
  );
  console.log(
    `${ORGS} organisations × ${CLERKS_PER_ORG} clerks at once, ${DOCS_PER_ORG} documents per organisation and action; workers paused while timed` +
      ` (jobs left for after the burst: ${results.map((r) => r.backlog).join(', ')})\n`,
  );
  console.log(
    '| action | audit chains | requests | req/s | p50 ms | p95 ms | numbering | server CPU s (ms/req) | PostgreSQL CPU s (ms/req) |' +
      (PROFILE ? ' wait events (sampled) |' : ''),
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|' + (PROFILE ? '---|' : ''));
  for (const r of results.flatMap((x) => x.rows)) {
    const cpu = (s: number) => `${s.toFixed(1)} (${((1000 * s) / r.requests).toFixed(1)})`;
    console.log(
      `| ${r.action} | ${r.chains} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.numbering} | ${cpu(r.serverCpu)} | ${cpu(r.postgresCpu)} |` +
        (PROFILE ? ` ${r.waits} |` : ''),
    );
  }
  if (PROFILE) console.log(`\n${results.flatMap((r) => r.hottest).join('\n')}`);
}

if (process.argv[2] === '--serve') {
  serve().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
