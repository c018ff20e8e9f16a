// npm run bench:load [-- --organisations N] [--users N] [--documents N] [--minutes M] [--vus N] [--think MS]
//                      [--instances N] [--database NAME] [--keep] [--profile]
// Province load test (issue #21): a whole province (scripts/bench/province.ts: 250 organisations, 15,000 users)
// with 2,000,000 documents (scripts/bench/corpus.ts), then --vus logged-in people of --vus/10 organisations working
// at once for --minutes through the API (scripts/bench/virtual-users.ts), against the target of
// scripts/bench/load-target.ts. Prints p50/p95/p99 and errors per action against the targets, the server's CPU
// and memory, and what PostgreSQL was busy with. --database NAME reuses a database kept earlier (seeding only what it lacks)
// or seeds into a new one and keeps it; --keep keeps a generated one. --profile writes a CPU profile of the API
// instance and prints its hottest functions. Small run: --documents 20000 --vus 50 --minutes 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { migrateDatabase, openDatabase, queryRows, type Db } from '../api/src/db/client';
import { seedDemo } from '../api/src/seed/seed';
import { generateDevPki } from '../api/src/signing/pki';
import { openBlobStore } from '../api/src/storage';
import { textPdf } from '../test/support/documents';
import { clearRedisPrefix, DEMO_PASSWORD, REDIS_URL, testPrefix } from '../test/support/harness';
import { generateCorpus } from './bench/corpus';
import { benchDatabase } from './bench/database';
import { Monitor, type Usage } from './bench/load-monitor';
import { startTarget } from './bench/load-target';
import { seedProvince } from './bench/province';
import { ACTIONS, runAlone, runVirtualUser, Stats, virtualUsers, type Action, type ActionClass, type Team } from './bench/virtual-users';
import { Readable } from 'node:stream';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const named = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1] : undefined;
const opts = {
  organisations: arg('organisations', 250),
  users: arg('users', 15_000),
  documents: arg('documents', 2_000_000),
  minutes: arg('minutes', 5),
  vus: arg('vus', 300),
  thinkMs: arg('think', 0),
  instances: arg('instances', 1),
  keep: process.argv.includes('--keep'),
  profile: process.argv.includes('--profile'),
};
/** Issue #21's targets on this machine, per class of action (p95, ms). */
const TARGETS: Record<ActionClass, number> = { read: 300, write: 1000, sign: 1500 };
/** How long one person per role works alone before the load, for the reference latencies. */
const REFERENCE_SECONDS = 20;

/** The file every generated document's main file is: deterministic bytes, so a kept database finds it again. */
async function corpusPdf(): Promise<{ bytes: Buffer; pageCount: number }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines = ['UY BAN NHAN DAN TINH QUANG NINH', 'Cong van ve viec trien khai chuyen doi so', 'Trang hai: phu luc'];
  for (const line of [lines.slice(0, 2), lines.slice(2)]) {
    const page = doc.addPage([595, 842]);
    line.forEach((text, i) => page.drawText(text, { x: 60, y: 780 - 20 * i, size: 12, font }));
  }
  return { bytes: Buffer.from(await doc.save()), pageCount: 2 };
}

/** Per organisation, the people who work together: its first clerk and leader, and the unit with most specialists. */
async function teamsOf(db: Db, wanted: number): Promise<Team[]> {
  const rows = await queryRows<{
    organisation_id: string;
    unit_id: string;
    members: { role: string; username: string; user_id: string }[];
  }>(
    db,
    sql`with active as (
          select u.id, u.username, u.organisation_id, u.unit_id, g.role from users u join role_grants g on g.user_id = u.id
          join organisations o on o.id = u.organisation_id
          where u.disabled_at is null and o.valid_to is null and u.username like 'qn-%'),
        best_unit as (
          select distinct on (organisation_id) organisation_id, unit_id from active where role = 'CHUYEN_VIEN'
          group by organisation_id, unit_id order by organisation_id, count(*) desc, unit_id)
        select b.organisation_id, b.unit_id, json_agg(json_build_object('role', a.role, 'username', a.username, 'user_id', a.id)
          order by a.username) as members
        from best_unit b join active a on a.organisation_id = b.organisation_id
          and (a.role in ('VAN_THU', 'LANH_DAO_CO_QUAN') or a.unit_id = b.unit_id)
        group by b.organisation_id, b.unit_id order by count(*) desc, b.organisation_id`,
  );
  const teams: Team[] = [];
  for (const r of rows) {
    const member = (role: string) => r.members.find((m) => m.role === role);
    const [clerk, leader, head] = [member('VAN_THU'), member('LANH_DAO_CO_QUAN'), member('TRUONG_PHONG')];
    if (!clerk || !leader || !head) continue;
    const as = (m: { username: string; user_id: string }) => ({ username: m.username, userId: m.user_id });
    teams.push({
      organisationId: r.organisation_id,
      unitId: r.unit_id,
      clerk: as(clerk),
      leader: as(leader),
      head: as(head),
      specialists: r.members
        .filter((m) => m.role === 'CHUYEN_VIEN')
        .slice(0, 7)
        .map(as),
    });
    if (teams.reduce((n, t) => n + 3 + t.specialists.length, 0) >= wanted) break;
  }
  return teams;
}

/** Hottest functions of a V8 CPU profile by self time. */
function hottest(profileFile: string, top = 15): string[] {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as {
    nodes: { id: number; hitCount: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  };
  const total = profile.nodes.reduce((s, n) => s + n.hitCount, 0) || 1;
  const self = new Map<string, number>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|api|workers)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}`);
}

function printReport(stats: Stats, reference: Stats, usage: Usage, seconds: number, info: string[]) {
  const pct = (list: number[], p: number) => list[Math.min(list.length - 1, Math.ceil(list.length * p) - 1)] ?? NaN;
  console.log(
    `\nvanthu bench:load — ${new Date().toISOString()} — ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const line of info) console.log(line);
  console.log(`\nreference "alone": one person per role, one request at a time, ${REFERENCE_SECONDS} s just before the load\n`);
  console.log('| action | class | count | per s | p50 ms | p95 ms | p99 ms | errors | target p95 | pass | alone: n, p50 ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  let failures = 0;
  for (const action of Object.keys(ACTIONS) as Action[]) {
    const times = [...(stats.times.get(action) ?? [])].sort((a, b) => a - b);
    const errors = stats.errors.get(action) ?? 0;
    const target = TARGETS[ACTIONS[action]];
    const p95 = pct(times, 0.95);
    const alone = [...(reference.times.get(action) ?? [])].sort((a, b) => a - b);
    const pass = times.length > 0 && p95 < target && errors === 0;
    if (!pass) failures++;
    console.log(
      `| ${action} | ${ACTIONS[action]} | ${times.length} | ${(times.length / seconds).toFixed(1)} | ${pct(times, 0.5).toFixed(0)} | ${p95.toFixed(0)} | ${pct(times, 0.99).toFixed(0)} | ${errors} | < ${target} | ${pass ? 'pass' : times.length === 0 ? 'FAIL (never ran)' : 'FAIL'} | ${alone.length}, ${pct(alone, 0.5).toFixed(0)} |`,
    );
  }
  const all = [...stats.times.values()].reduce((n, l) => n + l.length, 0);
  console.log(`\nrequests: ${all} in ${seconds.toFixed(0)} s (${(all / seconds).toFixed(0)}/s); actions failing their target: ${failures}`);
  for (const [what, s] of [
    ['under load', stats],
    ['alone', reference],
  ] as const) {
    if (s.firstErrors.size > 0) console.log(`\nfirst error of each kind (${what}):`);
    for (const [kind, text] of s.firstErrors) console.log(`  ${kind}: ${text}`);
  }
  const cores = (cpu: number) => `${cpu.toFixed(0)} CPU s (${(cpu / usage.seconds).toFixed(2)} cores)`;
  console.log(`\nserver over the run (${usage.seconds.toFixed(0)} s):`);
  console.log(`  node (API + workers): ${cores(usage.node.cpu)}, peak PSS ${usage.node.peakMiB.toFixed(0)} MiB`);
  console.log(
    `  PostgreSQL (this database's backends + server processes): ${cores(usage.postgres.cpu)}, peak PSS ${usage.postgres.peakMiB.toFixed(0)} MiB`,
  );
  console.log(`  Redis: ${cores(usage.redis.cpu)}`);
  console.log(`  load generator (this process, same machine): ${cores(usage.generator.cpu)}`);
  // What a request of this mix costs the server, and so how many per second the machine's cores could serve alone.
  const perRequest = (cpu: number) => (1000 * cpu) / Math.max(1, all);
  const serverCpu = usage.node.cpu + usage.postgres.cpu + usage.redis.cpu;
  console.log(
    `  server CPU per request: ${perRequest(serverCpu).toFixed(1)} ms (node ${perRequest(usage.node.cpu).toFixed(1)}, PostgreSQL ${perRequest(usage.postgres.cpu).toFixed(1)}): ` +
      `${os.cpus().length} cores of its own would serve at most ${((os.cpus().length * 1000) / perRequest(serverCpu)).toFixed(0)} requests/s of this mix`,
  );
  console.log(`  whole machine busy: ${usage.machineBusyCores.toFixed(2)} of ${os.cpus().length} cores (anything else running shows here)`);
  console.log('\nPostgreSQL, sampled active backends — wait events:');
  for (const [w, share] of usage.waits.slice(0, 6)) console.log(`  ${(100 * share).toFixed(0).padStart(3)}%  ${w}`);
  console.log('PostgreSQL, sampled active backends — statements:');
  for (const [q, share] of usage.statements.slice(0, 10)) console.log(`  ${(100 * share).toFixed(0).padStart(3)}%  ${q}`);
}

async function main() {
  const { name, admin, url: databaseUrl } = await benchDatabase(named, `vanthu_bench_load_${process.pid}`);
  // Files and keys beside the database, kept with it: the corpus's PDF, uploads, the dev PKI of the signers.
  const home = path.join(os.tmpdir(), 'vanthu-bench-load', name);
  const dataDir = path.join(home, 'data');
  const pkiDir = path.join(home, 'pki');
  const database = await openDatabase({ url: databaseUrl });
  const prefix = testPrefix();
  const info: string[] = [];
  try {
    await migrateDatabase(database);
    const pdf = await corpusPdf();
    const stored = await openBlobStore({ dataDir }).put(Readable.from([pdf.bytes]));
    // Each step skips what a kept database already has, so a seed cut short is finished on the next run.
    const t0 = performance.now();
    await seedDemo(database.db, DEMO_PASSWORD);
    const province = await seedProvince(database.db, { ...opts, password: DEMO_PASSWORD, log: (l) => console.log(`  ${l}`) });
    console.log(`province: ${province.organisations} organisations, ${province.users} users (${province.seconds.toFixed(0)} s)`);
    const [{ generated }] = await queryRows<{ generated: boolean }>(
      database.db,
      sql`select exists (select 1 from incoming_documents where id like 'c1-%') as generated`,
    );
    if (!generated) {
      const corpus = await generateCorpus(database.db, {
        documents: opts.documents,
        mainFile: { sha256: stored.sha256, size: stored.size, pageCount: pdf.pageCount },
        log: (l) => console.log(`  ${l}`),
      });
      console.log(`corpus: ${corpus.incoming} incoming + ${corpus.outgoing} outgoing documents in ${corpus.seconds.toFixed(0)} s`);
    }
    info.push(`seeding in this run: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const [counts] = await queryRows<{ orgs: number; people: number; incoming: number; outgoing: number; size: string }>(
      database.db,
      sql`select (select count(*) from organisations)::int as orgs, (select count(*) from users)::int as people,
            (select count(*) from incoming_documents)::int as incoming, (select count(*) from outgoing_documents)::int as outgoing,
            pg_size_pretty(pg_database_size(current_database())) as size`,
    );
    info.push(
      `database ${name}: ${counts.orgs} organisations, ${counts.people} users, ${counts.incoming} incoming + ${counts.outgoing} outgoing documents, ${counts.size}`,
    );

    const teams = await teamsOf(database.db, opts.vus);
    console.log(`dev PKI for ${teams.length} signing leaders and their organisations' seals (kept in ${pkiDir})`);
    await generateDevPki({
      dir: pkiDir,
      password: DEMO_PASSWORD,
      leaders: teams.map((t) => ({
        username: t.leader.username,
        fullName: t.leader.username,
        position: 'Lãnh đạo',
        organisation: t.organisationId,
      })),
      organisations: teams.map((t) => ({ id: t.organisationId, name: t.organisationId })),
    });

    const profileDir = path.join(home, 'profile');
    fs.rmSync(profileDir, { recursive: true, force: true });
    const target = await startTarget({
      instances: opts.instances,
      profileDir: opts.profile ? profileDir : undefined,
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        DEMO_PASSWORD,
        LOGIN_RATE_PER_MINUTE: '1000000',
        DATA_DIR: dataDir,
        PKI_DIR: pkiDir,
        TRUST_STORE_DIR: path.join(pkiDir, 'trust'),
      },
    });
    info.push(`target: ${target.description}; ${opts.vus} virtual users of ${teams.length} organisations, think time ${opts.thinkMs} ms`);
    const stats = new Stats();
    const reference = new Stats();
    try {
      const vus = virtualUsers(target.url, teams, opts.vus);
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < vus.length) await vus[next++].session.login(DEMO_PASSWORD);
        }),
      );
      info.push(`${vus.length} logins in ${((performance.now() - t0) / 1000).toFixed(1)} s (8 at a time)`);

      const pdfs = await Promise.all(
        Array.from({ length: 20 }, (_, i) => textPdf([`Công văn số ${i + 1}/UBND-VX về việc triển khai chuyển đổi số`])),
      );
      const mix = { thinkMs: opts.thinkMs, password: DEMO_PASSWORD, pdfs };
      await runAlone(vus, { ...mix, stats: reference, until: performance.now() + REFERENCE_SECONDS * 1000 });
      const [{ now: loadStart }] = await queryRows<{ now: string }>(database.db, sql`select now()::text as now`);
      const monitor = new Monitor(target.pids, name, databaseUrl);
      await monitor.begin();
      const started = performance.now();
      const until = started + opts.minutes * 60_000;
      await Promise.all(vus.map((vu) => runVirtualUser(vu, { ...mix, stats, until })));
      const seconds = (performance.now() - started) / 1000;
      const usage = await monitor.end();
      const signing = await queryRows<{ state: string; n: number }>(
        database.db,
        sql`select state::text, count(*)::int as n from outgoing_signing_requests where created_at >= ${loadStart} group by 1 order by 1`,
      );
      info.push(`signatures asked during the load, by state at its end: ${signing.map((r) => `${r.state} ${r.n}`).join(', ') || 'none'}`);
      printReport(stats, reference, usage, seconds, info);
    } finally {
      await target.close();
    }
    if (opts.profile) {
      const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        console.log(`\nAPI instance CPU profile (${path.join(profileDir, file)}), self time:`);
        for (const line of hottest(path.join(profileDir, file))) console.log(`  ${line}`);
      }
    }
  } finally {
    await database.close();
    await clearRedisPrefix(prefix);
    if (!named && !opts.keep) {
      await admin.query(`drop database if exists ${name} with (force)`);
      fs.rmSync(home, { recursive: true, force: true });
    } else console.log(`database kept: ${name} (reuse with --database ${name}; its files in ${home})`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
