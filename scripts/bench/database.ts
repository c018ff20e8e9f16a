// The PostgreSQL database a benchmark works in, on the test server (127.0.0.1:5432): the one named by --database
// if it exists (kept by an earlier run), else a new one by that name or, unnamed, `fallback`. The admin connection
// stays open for the benchmark to drop it at the end.
import { Client } from 'pg';
import { PG_ADMIN_URL } from '../../test/support/harness';

export async function benchDatabase(named: string | undefined, fallback: string) {
  const name = named ?? fallback;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const reuse = named !== undefined && (await admin.query(`select 1 from pg_database where datname = $1`, [named])).rowCount === 1;
  if (!reuse) await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, admin, reuse, url: url.toString() };
}
