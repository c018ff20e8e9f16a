import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** The embedded engine, when running on PGlite (shared with worker processes over a local socket). */
  pglite?: import('@electric-sql/pglite').PGlite;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(__dirname, '..', '..', 'drizzle');

/** Published by the `npm start` process that holds the embedded PGlite: its socket port and process id. */
export const pgliteSocketFile = (dataDir: string) => path.join(dataDir, 'pglite.socket.json');
/** Where the embedded PGlite keeps its data. */
export const pgliteDataDir = (dataDir: string) => path.join(dataDir, 'pglite');

/** PostgreSQL when a URL is given, else PGlite stored in `pgliteDir` (or in memory when null). */
export async function openDatabase(opts: { url?: string; pgliteDir?: string | null }): Promise<Database> {
  if (opts.url) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new Pool({ connectionString: opts.url, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
    // discards it and the next query opens a new one.
    pool.on('error', () => {});
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (opts.pgliteDir) fs.mkdirSync(opts.pgliteDir, { recursive: true });
  // Search needs unaccent, pg_trgm and btree_gin (migrations *_search_sql, *_search_access_words); PGlite only
  // has the extensions it is given.
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
  const pglite = await PGlite.create(opts.pgliteDir ?? undefined, { extensions: { unaccent, pg_trgm, btree_gin } });
  const db = drizzle(pglite, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    pglite,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pglite.close(),
  };
}

/** Applies the versioned migrations in api/drizzle, or another folder (the exchange hub's), on PostgreSQL and PGlite alike. */
export async function migrateDatabase(database: Database, folder = migrationsFolder): Promise<void> {
  if (database.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: folder });
  } else {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(database.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: folder });
  }
}

/** Rows of a raw SQL query; node-postgres and PGlite both answer with `{ rows }`. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
