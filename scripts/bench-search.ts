// npm run bench:search [-- --documents N] [--seed S] [--keep] [--database NAME] [--iterations N] [--cap N]
// Latency of GET /api/search's service on a generated corpus (scripts/bench/corpus.ts) in a PostgreSQL
// database of its own on 127.0.0.1:5432, created and dropped here (--keep leaves it). --database NAME reuses
// a database kept earlier (brought up to the current migrations, no new corpus) or, if none has that name,
// generates into a new one and keeps it. Goal: p95 < 50 ms per query with 1,000,000 documents.
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { Client } from 'pg';
import type { Actor } from '../api/src/auth/context';
import { migrateDatabase, openDatabase, queryRows } from '../api/src/db/client';
import { CAP, search } from '../api/src/search/service';
import { searchQuery } from '../api/src/search/validation';
import { seedDemo } from '../api/src/seed/seed';
import { roleGrantsOf } from '../api/src/users/service';
import { users } from '../api/src/users/schema';
import { DEMO_PASSWORD, PG_ADMIN_URL } from '../test/support/harness';
import { generateCorpus } from './bench/corpus';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
};
const documents = Number(arg('documents') ?? 1_000_000);
const seed = Number(arg('seed') ?? 1);
const keep = process.argv.includes('--keep');
const named = arg('database');
const ITERATIONS = Number(arg('iterations') ?? 40);
/** The bound on matches read (default: the service's CAP), to see what another bound would cost. */
const cap = arg('cap') === undefined ? undefined : Number(arg('cap'));

/** Typical questions: who asks (their visibility trims the result) and what. */
const QUERIES: { name: string; user: string; params: Record<string, string | number> }[] = [
  { name: 'words, no diacritics: "quyet dinh"', user: 'qn.vanthu', params: { q: 'quyet dinh' } },
  { name: 'words: "chuyển đổi số"', user: 'qn.chutich', params: { q: 'chuyển đổi số' } },
  { name: 'words + sort by date: "ha long"', user: 'hl.chutich', params: { q: 'ha long', sort: 'date' } },
  { name: 'phrase in text: "giai phong mat bang"', user: 'stc.gd', params: { q: '"giai phong mat bang"' } },
  { name: 'rare words: "co to thuy san"', user: 'qn.vanthu', params: { q: 'co to thuy san' } },
  { name: 'số/ký hiệu: "125/QĐ-UBND"', user: 'stc.vanthu', params: { q: '125/QĐ-UBND' } },
  { name: 'ký hiệu: "qd-ubnd"', user: 'snv.vanthu', params: { q: 'qd-ubnd' } },
  { name: 'số đến: "đến 45"', user: 'stc.vanthu', params: { q: 'đến 45' } },
  { name: 'filters only: type + year', user: 'qn.chutich', params: { type: 'Công văn', year: 2025 } },
  { name: 'words + date range + status', user: 'stc.gd', params: { q: 'ngan sach', dateFrom: '2024-01-01', dateTo: '2024-06-30', status: 'COMPLETED' } },
  { name: 'words + issuer filter', user: 'qn.vanthu', params: { q: 'bao cao', issuer: 'Bộ Tài chính' } },
  { name: 'unit head (assigned work): "ke hoach"', user: 'stc.tp.qlns', params: { q: 'ke hoach' } },
  { name: 'specialist (own drafts): "van thu luu tru"', user: 'snv.cv.tcbc', params: { q: 'van thu luu tru' } },
  { name: 'page 10 of "tang cuong"', user: 'mc.chutich', params: { q: 'tang cuong', page: 10 } },
  { name: 'typo, fuzzy fallback: "chuyen doii so"', user: 'stc.gd', params: { q: 'chuyen doii so' } },
];

async function main() {
  const name = named ?? `vanthu_bench_search_${process.pid}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const reuse = named !== undefined && (await admin.query(`select 1 from pg_database where datname = $1`, [named])).rowCount === 1;
  if (!reuse) await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    await migrateDatabase(database);
    if (!reuse) {
      await seedDemo(database.db, DEMO_PASSWORD);
      const corpus = await generateCorpus(database.db, { documents, seed, log: (l) => console.log(`  ${l}`) });
      console.log(`corpus: ${corpus.incoming} incoming + ${corpus.outgoing} outgoing documents in ${corpus.seconds.toFixed(0)} s`);
    }
    const { rows } = await admin.query(`select pg_size_pretty(pg_database_size($1)) as size`, [name]);
    const db = database.db;
    const actorOf = async (username: string): Promise<Actor> => {
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      return { userId: u.id, roles: (await roleGrantsOf(db, [u.id])).get(u.id) ?? [] };
    };

    const results = [];
    for (const q of QUERIES) {
      const actor = await actorOf(q.user);
      const params = searchQuery.parse(q.params);
      for (let i = 0; i < 3; i++) await search(db, actor, params, { cap }); // warm the cache
      const times: number[] = [];
      let last = { total: 0, exact: true };
      for (let i = 0; i < ITERATIONS; i++) {
        const t0 = performance.now();
        last = await search(db, actor, params, { cap });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)];
      results.push({ ...q, hits: `${last.exact ? '' : '> '}${last.total}`, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) });
    }
    const [{ n: docs }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from search_documents`);
    console.log(`\nvanthu bench:search — ${new Date().toISOString()} — ${docs} documents, database ${rows[0].size}, ${ITERATIONS} runs per query, one at a time\n`);
    console.log('| query | user | hits | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---|---:|---:|---:|---:|');
    for (const r of results) console.log(`| ${r.name} | ${r.user} | ${r.hits} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(`\n"> N": more match than the bounded read (the newest ${(cap ?? CAP).toLocaleString('en')} the caller may open); totals and facets cover those.`);
    console.log(`worst p95: ${worst.p95.toFixed(1)} ms (${worst.name}); goal < 50 ms`);
  } finally {
    await database.close();
    if (!named && !keep) await admin.query(`drop database if exists ${name} with (force)`);
    else console.log(`database kept: ${name} (reuse with --database ${name}, drop it when done)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
