// npm run bench:search [-- --documents N] [--seed S] [--keep] [--database NAME] [--iterations N] [--cap N] [--plain]
// Latency of GET /api/search's service on a generated corpus (scripts/bench/corpus.ts) in a PostgreSQL
// database of its own on 127.0.0.1:5432, created and dropped here (--keep leaves it). --database NAME reuses
// a database kept earlier (brought up to the current migrations, no new corpus) or, if none has that name,
// generates into a new one and keeps it. Goal: p95 < 50 ms per query with 1,000,000 documents.
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../api/src/auth/context';
import { migrateDatabase, openDatabase, queryRows } from '../api/src/db/client';
import { CAP, search, type SearchPath } from '../api/src/search/service';
import { searchQuery } from '../api/src/search/validation';
import { seedDemo } from '../api/src/seed/seed';
import { roleGrantsOf } from '../api/src/users/service';
import { users } from '../api/src/users/schema';
import { DEMO_PASSWORD } from '../test/support/harness';
import { generateCorpus } from './bench/corpus';
import { benchDatabase } from './bench/database';
import { QUERIES } from './bench/search-queries';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
};
const documents = Number(arg('documents') ?? 1_000_000);
const seed = Number(arg('seed') ?? 1);
const keep = process.argv.includes('--keep');
const named = arg('database');
const ITERATIONS = Number(arg('iterations') ?? 40);
/** Each query timed on the plain path as well (GIN and a sort where RUM would serve it), to compare. */
const paths = process.argv.includes('--plain') ? [false, true] : [false];
/** The bound on matches read (default: the service's CAP), to see what another bound would cost. */
const cap = arg('cap') === undefined ? undefined : Number(arg('cap'));

async function main() {
  const { name, admin, reuse, url } = await benchDatabase(named, `vanthu_bench_search_${process.pid}`);
  const database = await openDatabase({ url });
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
      // The paths take turns, so a load that comes and goes on the machine falls on both alike.
      const runs = paths.map((plain) => ({ plain, path: 'plain' as SearchPath, times: [] as number[], last: { total: 0, exact: true } }));
      const once = async (r: (typeof runs)[number]) => {
        const t0 = performance.now();
        r.last = await search(db, actor, params, { cap, plain: r.plain, served: (p) => (r.path = p) });
        return performance.now() - t0;
      };
      for (let i = 0; i < 3; i++) for (const r of runs) await once(r); // warm the cache
      for (let i = 0; i < ITERATIONS; i++) for (const r of runs) r.times.push(await once(r));
      for (const { plain, path, times, last } of runs) {
        times.sort((a, b) => a - b);
        const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil(times.length * p) - 1)];
        results.push({
          ...q,
          path: plain ? `${path} (asked)` : path,
          asked: plain,
          hits: `${last.exact ? '' : '> '}${last.total}`,
          p50: pct(0.5),
          p95: pct(0.95),
          p99: pct(0.99),
        });
      }
    }
    const [{ n: docs }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from search_documents`);
    console.log(
      `\nvanthu bench:search — ${new Date().toISOString()} — ${docs} documents, database ${rows[0].size}, ${ITERATIONS} runs per query, one at a time\n`,
    );
    console.log('| query | user | path | hits | p50 ms | p95 ms | p99 ms |');
    console.log('|---|---|---|---:|---:|---:|---:|');
    for (const r of results)
      console.log(`| ${r.name} | ${r.user} | ${r.path} | ${r.hits} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} |`);
    const worst = results.filter((r) => !r.asked).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(
      `\n"> N": more match than the bounded read (the newest ${(cap ?? CAP).toLocaleString('en')} the caller may open); totals and facets cover those.`,
    );
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
