// `npm run bench:writes`: registration of incoming documents (số đến) by 50 clerks of 10 organisations at once,
// against a real server on PostgreSQL + Redis, with the audit log in one chain and in AUDIT_CHAINS chains, side by
// side; then checks that every register holds exactly the numbers 1..N. Issue #21 part 1 asks ≥ 200/s in total.
//   BENCH_DOCS_PER_ORG (default 100), BENCH_CHAINS (default "1,64"), BENCH_PROFILE=1 samples wait events and CPU.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../api/src/config';
import { queryRows } from '../api/src/db/client';
import { organisations, units } from '../api/src/organisations/schema';
import { queueNames } from '../api/src/queues';
import { registers } from '../api/src/registers/schema';
import { startSystem } from '../api/src/server';
import { textPdf } from '../test/support/documents';
import { clearRedisPrefix, createTestDatabase, DEMO_PASSWORD, REDIS_URL, testPrefix } from '../test/support/harness';
import { cpuSeconds } from './bench/load-monitor';

const ORGS = 10;
const CLERKS_PER_ORG = 5;
const DOCS_PER_ORG = Number(process.env.BENCH_DOCS_PER_ORG ?? 100);
const CHAIN_COUNTS = (process.env.BENCH_CHAINS ?? '1,64').split(',').map(Number);
const PROFILE = process.env.BENCH_PROFILE === '1';
const NEW_PASSWORD = 'bench-writes-2026';

interface Session {
  headers: Record<string, string>;
}

interface Row {
  chains: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  numbering: string;
  waits: string;
  cpu: string;
}

/** CPU seconds of every PostgreSQL server process (the postmaster's children). */
function postgresCpuSeconds(): number {
  const out = execFileSync('ps', ['-C', 'postgres', '-o', 'pid='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((sum, pid) => sum + cpuSeconds(Number(pid)), 0);
}

async function run(chains: number): Promise<Row> {
  const db = await createTestDatabase();
  const prefix = testPrefix();
  const system = await startSystem(
    loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      LOGIN_RATE_PER_MINUTE: '100000',
      AUDIT_CHAINS: String(chains),
    }),
  );
  const url = system.url!;
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
  const post = (s: Session, path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { ...s.headers, 'content-type': 'application/json' } });
  try {
    // Ten communes under the province committee (the seed's tree), each with one unit and its incoming register.
    // There is no service that creates organisations or registers (the seed inserts them the same way).
    const orgIds = Array.from({ length: ORGS }, (_, i) => `bench-xa-${i + 1}`);
    await system.database.db.insert(organisations).values(
      orgIds.map((id, i) => ({
        id,
        parentId: 'qn-ubnd',
        name: `UBND xã Thử Nghiệm ${i + 1}`,
        shortName: 'UBND',
        kind: 'COMMUNE_PC' as const,
        placeName: 'Quảng Ninh',
      })),
    );
    await system.database.db
      .insert(units)
      .values(orgIds.map((organisationId) => ({ id: `${organisationId}-vp`, organisationId, name: 'Văn phòng', abbrev: 'VP' })));
    await system.database.db.insert(registers).values(
      orgIds.map((organisationId) => ({
        id: `${organisationId}-den`,
        organisationId,
        direction: 'DEN' as const,
        name: 'Sổ văn bản đến',
        scope: 'ALL' as const,
      })),
    );
    // The clerks, created by the province's administrator through the API; each changes the password set for them.
    const admin = await session('qn.admin', DEMO_PASSWORD);
    const clerks: { organisationId: string; session: Session }[] = [];
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
        clerks.push({ organisationId, session: await session(username, NEW_PASSWORD) });
      }
    }
    // Drafts uploaded beforehand (not timed): DOCS_PER_ORG per organisation, each registered by one of its clerks.
    const pdf = new Blob([new Uint8Array(await textPdf(['Công văn đề nghị báo cáo số liệu ngân sách']))], { type: 'application/pdf' });
    const work: { clerk: number; draftId: string; i: number }[][] = clerks.map(() => []);
    const uploads = orgIds.flatMap((_, o) => Array.from({ length: DOCS_PER_ORG }, (_, i) => ({ o, i })));
    let nextUpload = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (nextUpload < uploads.length) {
          const { o, i } = uploads[nextUpload++];
          const clerk = o * CLERKS_PER_ORG + (i % CLERKS_PER_ORG);
          const form = new FormData();
          form.append('main', pdf, 'cong-van.pdf');
          const res = await fetch(`${url}/api/incoming`, { method: 'POST', body: form, ...clerks[clerk].session });
          work[clerk].push({ clerk, draftId: (await ok(res, 'upload', 201)).id, i });
        }
      }),
    );

    // The uploads' text extraction runs in the in-process workers: let it finish, so it does not share the timed part.
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const extraction = new Queue(queueNames.incomingFiles, { connection: redis, prefix });
    for (;;) {
      const counts = await extraction.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await extraction.close();
    redis.disconnect();

    // The timed part: 50 clerks at once, each registering its own drafts one after the other.
    const sampler = PROFILE ? new Client({ connectionString: db.url }) : undefined;
    await sampler?.connect();
    const waits = new Map<string, number>();
    let sampling = true;
    const sampled = (async () => {
      while (sampler && sampling) {
        const { rows } = await sampler.query<{ w: string; n: number }>(
          `select coalesce(wait_event_type || ':' || wait_event, state) as w, count(*)::int as n from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle' group by 1`,
        );
        for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + r.n);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // The server runs in this process: how long a ready callback (a query's answer) waits for the event loop.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const nodeCpu0 = process.cpuUsage();
    const pgCpu0 = postgresCpuSeconds();
    const latencies: number[] = [];
    const start = performance.now();
    await Promise.all(
      clerks.map(async (clerk, c) => {
        for (const w of work[c]) {
          const t0 = performance.now();
          await ok(
            await post(clerk.session, `/api/incoming/${w.draftId}/register`, {
              registerId: `${clerk.organisationId}-den`,
              issuerName: 'UBND tỉnh Quảng Ninh',
              number: String(w.i + 1),
              symbol: 'UBND-KT',
              issueDate: '2026-11-20',
              documentType: 'Công văn',
              subject: `Báo cáo số liệu ngân sách ${w.i}`,
            }),
            'register',
          );
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const pgCpu = postgresCpuSeconds() - pgCpu0;
    lag.disable();
    sampling = false;
    await sampled;
    await sampler?.end();

    // Gapless: each register's numbers of this year are exactly 1..N, N its drafts.
    const numbered = await queryRows<{ register_id: string; n: number; lo: number; hi: number; distinct: number }>(
      system.database.db,
      sql`select register_id, count(*)::int as n, min(arrival_number) as lo, max(arrival_number) as hi,
                 count(distinct arrival_number)::int as "distinct"
          from incoming_documents where register_id like 'bench-xa-%' group by register_id order by register_id`,
    );
    const exact = numbered.filter((r) => r.n === DOCS_PER_ORG && r.lo === 1 && r.hi === DOCS_PER_ORG && r.distinct === DOCS_PER_ORG);
    for (const r of numbered)
      console.log(`  ${chains} chain(s): ${r.register_id}: ${r.n} entries, numbers ${r.lo}..${r.hi}, ${r.distinct} distinct`);
    if (exact.length !== ORGS) throw new Error(`numbering broken: ${JSON.stringify(numbered)}`);
    const verify = await fetch(`${url}/api/admin/audit/verify`, admin);
    const report = (await ok(verify, 'audit verify')) as { ok: boolean; checked: number; chains: number };
    if (!report.ok) throw new Error(`audit log broken: ${JSON.stringify(report)}`);

    if (PROFILE) await explainHotStatements(db.url, chains);

    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
    const total = [...waits.values()].reduce((a, b) => a + b, 0);
    return {
      chains,
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: pct(0.5),
      p95: pct(0.95),
      numbering: `${exact.length}/${ORGS} registers exactly 1..${DOCS_PER_ORG}; audit ok (${report.checked} entries, ${report.chains} chains)`,
      waits: [...waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([w, n]) => `${w} ${((100 * n) / total).toFixed(0)}%`)
        .join(', '),
      cpu: `event-loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms; node ${((nodeCpu.user + nodeCpu.system) / 1e6 / seconds).toFixed(2)} cores, postgres ${(pgCpu / seconds).toFixed(2)} cores`,
    };
  } finally {
    await system.close();
    await clearRedisPrefix(prefix);
    await db.drop();
  }
}

/** EXPLAIN ANALYZE of the statements every registration runs, on the data the run left (writes rolled back). */
async function explainHotStatements(url: string, chains: number) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const statements: [string, string][] = [
    ['audit: last hash of a chain', `select hash from audit_events where chain = 1 and hash is not null order by id desc limit 1`],
    [
      'register: next number (upsert)',
      `insert into register_counters (register_id, year, last_number) values ('bench-xa-1-den', 2026, 1)
       on conflict (register_id, year) do update set last_number = register_counters.last_number + 1 returning last_number`,
    ],
    [
      'register: probable duplicates',
      `select id from incoming_documents where organisation_id = 'bench-xa-1' and duplicate_key = (select duplicate_key from incoming_documents where organisation_id = 'bench-xa-1' limit 1) and id <> ''`,
    ],
    [
      'register: the draft registered',
      `update incoming_documents set status = 'REGISTERED' where id = (select id from incoming_documents where organisation_id = 'bench-xa-1' limit 1) and status = 'DRAFT'`,
    ],
  ];
  try {
    for (const [name, statement] of statements) {
      await client.query('begin');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${statement}`);
      await client.query('rollback');
      console.log(`  ${chains} chain(s) — EXPLAIN ${name}:\n${rows.map((r) => `      ${r['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await client.end();
  }
}

async function main() {
  const rows: Row[] = [];
  for (const chains of CHAIN_COUNTS) rows.push(await run(chains));
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `\nvanthu write bench — ${new Date().toISOString()} — ${os.cpus().length} cores, load average ${load.join(' ')} — PostgreSQL + Redis on this machine`,
  );
  console.log(
    `POST /api/incoming/:id/register: ${ORGS} organisations × ${CLERKS_PER_ORG} clerks at once, ${DOCS_PER_ORG} drafts per organisation\n`,
  );
  console.log('| audit chains | requests | req/s | p50 ms | p95 ms | numbering |' + (PROFILE ? ' wait events (sampled) | CPU |' : ''));
  console.log('|---:|---:|---:|---:|---:|---|' + (PROFILE ? '---|---|' : ''));
  for (const r of rows) {
    console.log(
      `| ${r.chains} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.numbering} |` +
        (PROFILE ? ` ${r.waits} | ${r.cpu} |` : ''),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
