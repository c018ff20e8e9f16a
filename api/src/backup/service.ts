import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../config';
import { migrateDatabase, migrationsFolder, openDatabase, pgliteDataDir, pgliteSocketFile, queryRows, type Database } from '../db/client';
import { SHA256_HEX } from '../storage/blob-store';
import { copyHashed, copyTree, hasFiles, hashFile, listFiles, type ManifestFile } from './files';

const run = promisify(execFile);

export const MANIFEST = 'manifest.json';
const FORMAT = 'vanthu-backup';
const DB_FILE = { postgres: 'database/postgres.dump', pglite: 'database/pglite.tar.gz' } as const;

/**
 * What a backup holds (`manifest.json` at its root): the database dump, the blobs, the PKI folders, and the
 * SHA-256 and size of every file, checked by a restore before it touches anything.
 */
export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  database: {
    driver: Database['driver'];
    file: string;
    /** `created_at` of the newest applied migration: a restore refuses a backup made by newer code than its own. */
    migratedTo: number;
  };
  /** The configured folders copied, by their name in the backup (pki = PKI_DIR, trust = TRUST_STORE_DIR when outside it). */
  folders: ('pki' | 'trust')[];
  /** Stored blobs whose bytes no longer hashed to their name when copied (the integrity check reports them too). */
  corruptBlobs: string[];
  files: ManifestFile[];
}

export class BackupError extends Error {}

type Paths = Pick<Config, 'DATABASE_URL' | 'dataDir' | 'pkiDir' | 'trustStoreDir'> & Partial<Pick<Config, 'BLOB_STORE'>>;

/**
 * Backup and restore copy DATA_DIR/blobs; with BLOB_STORE=s3 the blobs are in the bucket, whose own replication
 * or versioning keeps them (README, "Object storage"): refused rather than a backup silently without its files.
 */
function refuseObjectStore(config: Paths, what: 'backup' | 'restore') {
  if (config.BLOB_STORE === 's3')
    throw new BackupError(
      `npm run ${what} copies the local blob store (DATA_DIR/blobs) and BLOB_STORE=s3 keeps the blobs in a bucket: back up the bucket with its own tools (versioning, replication, \`mc mirror\` / \`aws s3 sync\`) and the database with pg_dump, or set BLOB_STORE=local for this command after copying the bucket into DATA_DIR/blobs.`,
    );
}

const blobDir = (config: Paths) => path.join(config.dataDir, 'blobs');
/** The trust store is copied on its own only when it is not inside the PKI folder (the dev default is PKI_DIR/trust). */
function trustOutsidePki(config: Paths): boolean {
  const rel = path.relative(config.pkiDir, config.trustStoreDir);
  return rel.startsWith('..') || path.isAbsolute(rel);
}

/** The embedded PGlite is held by a running `npm start` (it published its socket and the process lives). */
function embeddedDatabaseInUse(config: Paths): boolean {
  try {
    const { pid } = JSON.parse(fs.readFileSync(pgliteSocketFile(config.dataDir), 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** pg_dump / pg_restore connection: the password goes in the environment, not on a command line others can list (`ps`). */
function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: `--dbname=${u.toString()}`, env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

async function migratedTo(database: Database): Promise<number> {
  const [row] = await queryRows<{ at: string | null }>(
    database.db,
    sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`,
  );
  return Number(row?.at ?? 0);
}

/** The newest migration this code knows (drizzle records each one's journal `when` as its `created_at`). */
function newestKnownMigration(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

async function dumpDatabase(config: Paths, target: string): Promise<{ driver: Database['driver']; migratedTo: number; file: string }> {
  if (config.DATABASE_URL) {
    const database = await openDatabase({ url: config.DATABASE_URL });
    const migrated = await migratedTo(database).finally(() => database.close());
    // pg_dump reads every table in one transaction snapshot (REPEATABLE READ): the dump is one instant of the
    // database while the system keeps writing.
    const file = path.join(target, DB_FILE.postgres);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Created 0600 before pg_dump writes into it (it keeps the mode): every row is in there, for the owner alone.
    await fs.promises.writeFile(file, '', { mode: 0o600 });
    const pg = pgConnection(config.DATABASE_URL);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--no-comments', `--file=${file}`, pg.dbname], {
      env: pg.env,
    }).catch((e: { stderr?: string; message: string }) => {
      throw new BackupError(`pg_dump failed: ${e.stderr?.trim() || e.message}`);
    });
    return { driver: 'postgres', migratedTo: migrated, file: DB_FILE.postgres };
  }
  // PGlite is one process's embedded engine: only a stopped installation can be read (a hot backup needs PostgreSQL).
  if (embeddedDatabaseInUse(config)) {
    throw new BackupError(
      'The embedded PGlite database is in use by a running `npm start`: stop it first (a backup while running needs PostgreSQL, DATABASE_URL).',
    );
  }
  if (!(await hasFiles(pgliteDataDir(config.dataDir))))
    throw new BackupError(`No database in ${pgliteDataDir(config.dataDir)} (and no DATABASE_URL).`);
  const database = await openDatabase({ pgliteDir: pgliteDataDir(config.dataDir) });
  try {
    const migrated = await migratedTo(database);
    const tarball = await database.pglite!.dumpDataDir('gzip');
    const file = path.join(target, DB_FILE.pglite);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, Buffer.from(await tarball.arrayBuffer()), { mode: 0o600 });
    return { driver: 'pglite', migratedTo: migrated, file: DB_FILE.pglite };
  } finally {
    await database.close();
  }
}

/**
 * `npm run backup -- DIR`: the database first, then the blobs, then the PKI folders. Consistency while the
 * system runs: the dump is one snapshot; blobs are content-addressed and never change, and a blob is stored
 * before the row naming it commits, so every blob the snapshot names is already on disk when the copy starts.
 * Blobs stored after the snapshot are copied too or not: either way no row of the dump names them.
 */
export async function createBackup(config: Paths, target: string): Promise<BackupManifest> {
  refuseObjectStore(config, 'backup');
  if (await hasFiles(target)) throw new BackupError(`${target} is not empty: a backup goes into a new or empty folder.`);
  await fs.promises.mkdir(target, { recursive: true, mode: 0o700 });
  await fs.promises.chmod(target, 0o700);
  const db = await dumpDatabase(config, target);
  const files: ManifestFile[] = [{ path: db.file, ...(await hashFile(path.join(target, db.file))) }];
  const blobs = await copyTree(blobDir(config), path.join(target, 'blobs'), 'blobs', (top) => top === 'tmp');
  files.push(...blobs);
  const folders: BackupManifest['folders'] = [];
  if (fs.existsSync(config.pkiDir)) {
    files.push(...(await copyTree(config.pkiDir, path.join(target, 'pki'), 'pki')));
    folders.push('pki');
  }
  if (trustOutsidePki(config) && fs.existsSync(config.trustStoreDir)) {
    files.push(...(await copyTree(config.trustStoreDir, path.join(target, 'trust'), 'trust')));
    folders.push('trust');
  }
  const manifest: BackupManifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    database: { driver: db.driver, file: db.file, migratedTo: db.migratedTo },
    folders,
    corruptBlobs: blobs.filter((b) => path.posix.basename(b.path) !== b.sha256).map((b) => path.posix.basename(b.path)),
    files,
  };
  await fs.promises.writeFile(path.join(target, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

/**
 * Checks a backup against its manifest: every listed file present with its SHA-256 and size, no file that is
 * not listed, no path leaving the folder, and every blob named by its own hash. Returns the problems found.
 */
export async function verifyBackup(dir: string): Promise<{ manifest: BackupManifest | null; problems: string[] }> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await fs.promises.readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (e) {
    return { manifest: null, problems: [`${MANIFEST} unreadable: ${(e as Error).message}`] };
  }
  if (manifest.format !== FORMAT || manifest.version !== 1 || !Array.isArray(manifest.files))
    return { manifest: null, problems: [`${MANIFEST} is not a vanthu backup manifest (version 1)`] };
  const problems: string[] = [];
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const f of manifest.files) {
    if (path.posix.normalize(f.path) !== f.path || f.path.startsWith('../') || path.posix.isAbsolute(f.path))
      problems.push(`${f.path}: path outside the backup`);
    else if (
      f.path.startsWith('blobs/') &&
      path.posix.basename(f.path) !== f.sha256 &&
      !manifest.corruptBlobs.includes(path.posix.basename(f.path))
    )
      problems.push(`${f.path}: blob not named by its SHA-256`);
  }
  if (!listed.has(manifest.database?.file)) problems.push(`the database dump ${manifest.database?.file} is not listed`);
  const present = (await listFiles(dir)).filter((rel) => rel !== MANIFEST);
  for (const rel of present) if (!listed.has(rel)) problems.push(`${rel}: not in the manifest`);
  const presentSet = new Set(present);
  for (const f of manifest.files) {
    if (!presentSet.has(f.path)) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const actual = await hashFile(path.join(dir, f.path));
    if (actual.sha256 !== f.sha256 || actual.size !== f.size) problems.push(`${f.path}: SHA-256 or size differs from the manifest`);
  }
  return { manifest, problems };
}

/** What of the target installation already holds data (empty list: a fresh installation). */
async function occupied(config: Paths, folders: BackupManifest['folders']): Promise<string[]> {
  const found: string[] = [];
  if (config.DATABASE_URL) {
    const database = await openDatabase({ url: config.DATABASE_URL });
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
    ).finally(() => database.close());
    if (row.n > 0) found.push(`the database (${row.n} tables)`);
  } else if (await hasFiles(pgliteDataDir(config.dataDir))) found.push(`the embedded database ${pgliteDataDir(config.dataDir)}`);
  if (await hasFiles(blobDir(config), (rel) => !SHA256_HEX.test(path.posix.basename(rel)))) found.push(`the blob store ${blobDir(config)}`);
  // The committed certs-dev/README.md alone does not make a PKI.
  if (folders.includes('pki') && (await hasFiles(config.pkiDir, (rel) => rel === 'README.md')))
    found.push(`the PKI folder ${config.pkiDir}`);
  if (folders.includes('trust') && (await hasFiles(config.trustStoreDir))) found.push(`the trust store ${config.trustStoreDir}`);
  return found;
}

/** Puts a folder aside (`<dir>.before-restore-<time>`) rather than deleting keys or data someone may still need. */
async function setAside(dir: string, stamp: string): Promise<string | null> {
  if (!fs.existsSync(dir)) return null;
  const aside = `${dir}.before-restore-${stamp}`;
  await fs.promises.rename(dir, aside);
  return aside;
}

/** Copies the backup's `prefix/…` files to `to`, keeping their relative paths (a file already there is replaced); `mode` for key folders. */
async function copyOut(dir: string, manifest: BackupManifest, prefix: string, to: string, mode?: number) {
  for (const f of manifest.files.filter((x) => x.path.startsWith(`${prefix}/`))) {
    const dest = path.join(to, f.path.slice(prefix.length + 1));
    await fs.promises.rm(dest, { force: true });
    await copyHashed(path.join(dir, f.path), dest, mode);
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  setAside: string[];
}

/**
 * `npm run restore -- DIR [--force]`: verifies the whole backup against its manifest first and refuses on any
 * difference, before touching anything. The target must be an empty installation (no tables, no blobs, no PKI);
 * `force` restores over one that is not: its database schemas are dropped, its PKI folders (and an embedded
 * database) put aside as `*.before-restore-<time>`; blobs already there stay (content-addressed: harmless).
 * The system must be stopped meanwhile. Migrations newer than the backup are applied afterwards.
 */
export async function restoreBackup(config: Paths, dir: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  refuseObjectStore(config, 'restore');
  const { manifest, problems } = await verifyBackup(dir);
  if (!manifest || problems.length)
    throw new BackupError(`The backup in ${dir} does not match its manifest; nothing was restored:\n  ${problems.join('\n  ')}`);
  if (manifest.database.migratedTo > newestKnownMigration())
    throw new BackupError(
      'The backup was made by a newer version of vanthu (its database has migrations this code does not know): restore it with that version.',
    );
  const wanted = config.DATABASE_URL ? 'postgres' : 'pglite';
  if (manifest.database.driver !== wanted) {
    throw new BackupError(
      `The backup holds a ${manifest.database.driver} database but this installation uses ${wanted}: ${manifest.database.driver === 'postgres' ? 'set DATABASE_URL' : 'unset DATABASE_URL'} to restore it.`,
    );
  }
  if (!config.DATABASE_URL && embeddedDatabaseInUse(config))
    throw new BackupError('A running `npm start` holds the embedded database: stop it before restoring.');
  const found = await occupied(config, manifest.folders);
  if (found.length && !opts.force)
    throw new BackupError(
      `The target installation is not empty (${found.join('; ')}): restore into an empty one, or pass --force to replace it.`,
    );

  const dumpFile = path.join(dir, manifest.database.file);
  // A dump this pg_restore cannot read (a newer pg_dump's, say) is refused before a forced restore drops anything.
  if (config.DATABASE_URL) {
    await run('pg_restore', ['--list', dumpFile]).catch((e: { stderr?: string; message: string }) => {
      throw new BackupError(`pg_restore cannot read ${manifest.database.file}; nothing was restored: ${e.stderr?.trim() || e.message}`);
    });
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const asides: string[] = [];
  const aside = async (d: string) => {
    const moved = await setAside(d, stamp);
    if (moved) asides.push(moved);
  };
  if (config.DATABASE_URL) {
    if (found.length) {
      const database = await openDatabase({ url: config.DATABASE_URL });
      await database.db
        .execute(sql`drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public`)
        .finally(() => database.close());
    }
    // One transaction: a restore that fails half-way leaves the database as it was.
    const pg = pgConnection(config.DATABASE_URL);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', pg.dbname, dumpFile], {
      env: pg.env,
    }).catch((e: { stderr?: string; message: string }) => {
      throw new BackupError(`pg_restore failed: ${e.stderr?.trim() || e.message}`);
    });
  } else {
    if (found.length) await aside(pgliteDataDir(config.dataDir));
    const { PGlite } = await import('@electric-sql/pglite');
    await fs.promises.mkdir(pgliteDataDir(config.dataDir), { recursive: true });
    const restored = await PGlite.create(pgliteDataDir(config.dataDir), { loadDataDir: new Blob([await fs.promises.readFile(dumpFile)]) });
    await restored.close();
  }
  await copyOut(dir, manifest, 'blobs', blobDir(config));
  if (manifest.folders.includes('pki')) {
    if (found.length) await aside(config.pkiDir);
    await copyOut(dir, manifest, 'pki', config.pkiDir, 0o600);
  }
  if (manifest.folders.includes('trust')) {
    if (found.length) await aside(config.trustStoreDir);
    await copyOut(dir, manifest, 'trust', config.trustStoreDir, 0o600);
  }
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: pgliteDataDir(config.dataDir) });
  await migrateDatabase(database).finally(() => database.close());
  return { manifest, setAside: asides };
}
