// Backup and restore of the whole system (NĐ 30 Phụ lục VI: sao lưu, phục hồi) on the real PostgreSQL: backup →
// a fresh database and empty data/PKI folders → restore gives the same rows, blobs, PKI files, audit chain and
// search results; a tampered backup and a non-empty target are refused; and the periodic integrity check,
// run by the real worker, finds a corrupted and a missing blob and tells the administrators.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueueEvents } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { BackupError, createBackup, MANIFEST, restoreBackup, type BackupManifest } from '../../api/src/backup/service';
import { loadConfig, type Config } from '../../api/src/config';
import { migrateDatabase, openDatabase, pgliteDataDir, pgliteSocketFile, queryRows, type Db } from '../../api/src/db/client';
import { incomingFiles } from '../../api/src/incoming/schema';
import { checkStoredBlobs } from '../../api/src/integrity/service';
import { Notifier } from '../../api/src/notifications/notifier';
import { createRedis } from '../../api/src/redis/connection';
import { seedDemo } from '../../api/src/seed/seed';
import { openBlobStore } from '../../api/src/storage';
import { startWorkers } from '../../workers/src';
import { textPdf } from '../support/documents';
import { appOn, createEmptyDatabase, DEMO_PASSWORD, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

let t: TestApp;
let work: string;
const dirsOf = (name: string) => ({
  DATA_DIR: path.join(work, name, 'data'),
  PKI_DIR: path.join(work, name, 'pki'),
  TRUST_STORE_DIR: path.join(work, name, 'trust'),
});
const cleanups: (() => Promise<void>)[] = [];

/** Rows per table of the public schema (every table, so nothing can be left behind unnoticed). */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(name)}`))[0].n;
  return counts;
}

/** Path → SHA-256 of every file under `dir` (blobs: outside their tmp folder). */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile() && !rel.startsWith('tmp'))
      out[rel] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

async function registerIncoming(clerk: string, number: string, subject: string, text: string) {
  const c = await loggedIn(t.app, clerk);
  const up = await c.agent
    .post('/api/incoming')
    .set('X-XSRF-TOKEN', c.xsrf!)
    .attach('main', await textPdf([subject, text]), `${number}.pdf`);
  expect(up.status).toBe(201);
  const reg = await c.post(`/api/incoming/${up.body.id}/register`, {
    registerId: 'qn-stc-den',
    number,
    symbol: 'UBND-VX',
    issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
    issueDate: '2025-03-05',
    documentType: 'Công văn',
    urgency: 'THUONG',
    secrecy: 'KHONG',
    subject,
    confirmDuplicate: true,
  });
  expect(reg.status).toBe(200);
  // What extraction would write (the extraction worker does not run here).
  await t.database.db
    .update(incomingFiles)
    .set({ extractedText: text, extractionState: 'DONE' })
    .where(eq(incomingFiles.documentId, up.body.id));
  return up.body.id as string;
}

async function searchIds(app: TestApp['app'], q: string) {
  const res = await (await loggedIn(app, 'stc.vanthu')).get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.items.map((i: { id: string; subject: string }) => `${i.id} ${i.subject}`);
}

/** A fresh target installation: an empty database (createdb) and empty data, PKI and trust folders. */
async function emptyTarget(name: string): Promise<{ config: Config; url: string }> {
  const db = await createEmptyDatabase();
  cleanups.push(db.drop);
  return { url: db.url, config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...dirsOf(name) }) };
}

async function publicTables(url: string) {
  const database = await openDatabase({ url });
  try {
    return (
      await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      )
    )[0].n;
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-backup-'));
  const dirs = dirsOf('source');
  // PKI material as the system reads it: CA and TSA keys, PKCS#12 of a leader and a seal; a trust store kept outside PKI_DIR.
  for (const [rel, dir] of [
    ['root-ca.key.pem', dirs.PKI_DIR],
    ['tsa.key.pem', dirs.PKI_DIR],
    ['users/qn.chutich.p12', dirs.PKI_DIR],
    ['orgs/qn-ubnd.p12', dirs.PKI_DIR],
    ['root-ca.pem', dirs.TRUST_STORE_DIR],
    ['intermediate-ca.crl.pem', dirs.TRUST_STORE_DIR],
  ]) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), crypto.randomBytes(700));
  }
  t = await startTestApp({ env: dirs });
  await registerIncoming(
    'stc.vanthu',
    '31',
    'V/v sao lưu dữ liệu văn bản điện tử',
    'Đề nghị các đơn vị thực hiện sao lưu định kỳ cơ sở dữ liệu quản lý văn bản.',
  );
  await registerIncoming(
    'stc.vanthu',
    '32',
    'V/v kiểm tra tính toàn vẹn hồ sơ',
    'Kiểm tra tính toàn vẹn của tài liệu lưu trữ điện tử hằng quý.',
  );
  await registerIncoming('stc.vanthu', '33', 'V/v phục hồi hệ thống', 'Phục hồi hệ thống sau sự cố, bảo đảm dữ liệu lưu trữ toàn vẹn.');
}, 60_000);

afterAll(async () => {
  await t.close();
  for (const c of cleanups) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('backup → wipe → restore', () => {
  let backup: string;
  let manifest: BackupManifest;
  let restored: { config: Config; url: string };

  it('writes the database dump, every blob and the PKI folders, each file in the manifest with its SHA-256', async () => {
    backup = path.join(work, 'backup-1');
    const started = Date.now();
    manifest = await createBackup(t.config, backup);
    console.log(`backup of ${manifest.files.length} files in ${Date.now() - started} ms`);
    expect(manifest.database).toMatchObject({ driver: 'postgres', file: 'database/postgres.dump' });
    expect(manifest.folders).toEqual(['pki', 'trust']);
    expect(manifest.corruptBlobs).toEqual([]);
    const blobs = hashes(path.join(t.config.dataDir, 'blobs'));
    expect(Object.keys(blobs).length).toBeGreaterThanOrEqual(3);
    const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
    for (const [rel, sha] of Object.entries(blobs)) expect(listed.get(`blobs/${rel}`)).toBe(sha);
    expect(listed.get('pki/users/qn.chutich.p12')).toBe(hashes(t.config.pkiDir)['users/qn.chutich.p12']);
    expect(listed.get('trust/root-ca.pem')).toBe(hashes(t.config.trustStoreDir)['root-ca.pem']);
    expect(fs.statSync(backup).mode & 0o777).toBe(0o700);
    // The dump holds every row (secret documents' metadata, password hashes): like the keys, the owner's alone.
    const readableByOthers = [MANIFEST, ...manifest.files.map((f) => f.path)].filter(
      (rel) => fs.statSync(path.join(backup, rel)).mode & 0o077,
    );
    expect(readableByOthers).toEqual([]);
    await expect(createBackup(t.config, backup)).rejects.toThrow(/not empty/);
  });

  it('restores into an empty installation: same rows, blobs, PKI files, audit chain (npm run audit:verify) and search results', async () => {
    restored = await emptyTarget('restored');
    const started = Date.now();
    await restoreBackup(restored.config, backup);
    console.log(`restore in ${Date.now() - started} ms`);

    const app = await appOn(await openDatabase({ url: restored.url }), restored.url, { env: dirsOf('restored') });
    try {
      const before = await rowCounts(t.database.db);
      expect(before.incoming_documents).toBe(3);
      expect(before.audit_events).toBeGreaterThan(3);
      expect(await rowCounts(app.database.db)).toEqual(before);
      expect(hashes(path.join(restored.config.dataDir, 'blobs'))).toEqual(hashes(path.join(t.config.dataDir, 'blobs')));
      expect(hashes(restored.config.pkiDir)).toEqual(hashes(t.config.pkiDir));
      expect(hashes(restored.config.trustStoreDir)).toEqual(hashes(t.config.trustStoreDir));
      expect(fs.statSync(path.join(restored.config.pkiDir, 'root-ca.key.pem')).mode & 0o777).toBe(0o600);

      const verify = await exec(
        process.execPath,
        [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/audit-verify.ts')],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: restored.url, LOG_LEVEL: 'silent' },
        },
      );
      expect(verify.stdout.trim()).toBe(`Audit log intact: ${before.audit_events} entries verified (1 of 64 chains in use).`);

      for (const q of ['sao lưu', 'toàn vẹn', 'phục hồi hệ thống']) {
        const original = await searchIds(t.app, q);
        expect(original.length).toBeGreaterThan(0);
        expect(await searchIds(app.app, q)).toEqual(original);
      }
      // The restored files are served: the integrity check of the restored installation finds nothing amiss.
      const redis = createRedis(REDIS_URL);
      try {
        const check = await checkStoredBlobs(
          app.database.db,
          openBlobStore(restored.config),
          new Notifier(app.database.db, redis, app.config.QUEUE_PREFIX),
        );
        expect(check).toMatchObject({
          missing: 0,
          mismatched: 0,
          blobsChecked: Object.keys(hashes(path.join(t.config.dataDir, 'blobs'))).length,
        });
      } finally {
        redis.disconnect();
      }
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses a tampered backup before touching the target, naming each difference', async () => {
    const target = await emptyTarget('tampered');
    const blob = manifest.files.find((f) => f.path.startsWith('blobs/'))!;
    const original = fs.readFileSync(path.join(backup, blob.path));
    const altered = Buffer.from(original);
    altered[altered.length - 1] ^= 1;
    fs.writeFileSync(path.join(backup, blob.path), altered);
    fs.writeFileSync(path.join(backup, 'pki', 'extra.key.pem'), 'planted');
    try {
      const refused = await restoreBackup(target.config, backup).catch((e: Error) => e);
      expect(refused).toBeInstanceOf(BackupError);
      expect((refused as Error).message).toContain('does not match its manifest');
      expect((refused as Error).message).toContain(`${blob.path}: SHA-256 or size differs from the manifest`);
      expect((refused as Error).message).toContain('pki/extra.key.pem: not in the manifest');
      expect(await publicTables(target.url)).toBe(0);
      expect(fs.existsSync(target.config.dataDir)).toBe(false);
      expect(fs.existsSync(target.config.pkiDir)).toBe(false);
      // The manifest made to agree with the altered blob: a blob is still named by its own hash.
      const forged: BackupManifest = {
        ...manifest,
        files: manifest.files.map((f) =>
          f.path === blob.path ? { ...f, sha256: crypto.createHash('sha256').update(altered).digest('hex') } : f,
        ),
      };
      fs.rmSync(path.join(backup, 'pki', 'extra.key.pem'));
      fs.writeFileSync(path.join(backup, MANIFEST), JSON.stringify(forged));
      await expect(restoreBackup(target.config, backup)).rejects.toThrow(`${blob.path}: blob not named by its SHA-256`);
      expect(await publicTables(target.url)).toBe(0);
    } finally {
      fs.writeFileSync(path.join(backup, blob.path), original);
      fs.rmSync(path.join(backup, 'pki', 'extra.key.pem'), { force: true });
      fs.writeFileSync(path.join(backup, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    }
  });

  it('refuses a target that is not empty unless forced; forced, it replaces the database and keeps the old PKI aside', async () => {
    await expect(restoreBackup(t.config, backup)).rejects.toThrow(
      /not empty \(the database \(\d+ tables\); the blob store .*; the PKI folder .*; the trust store/,
    );
    // The restored installation gets a document of its own, then the backup is forced over it.
    const database = await openDatabase({ url: restored.url });
    try {
      await database.db.execute(sql`update organisations set name = 'changed after the backup' where id = 'qn-stc'`);
      fs.writeFileSync(path.join(restored.config.pkiDir, 'newer.key.pem'), 'a key made after the backup');
      await expect(restoreBackup(restored.config, backup)).rejects.toThrow(/not empty/);
      // A dump pg_restore cannot read (made by a newer pg_dump, say), its manifest agreeing: refused before the
      // forced restore drops anything.
      const unreadable = path.join(work, 'backup-unreadable');
      fs.cpSync(backup, unreadable, { recursive: true });
      const dump = path.join(unreadable, manifest.database.file);
      fs.writeFileSync(dump, 'PGDMP not a dump this pg_restore reads');
      const forged = {
        ...manifest,
        files: manifest.files.map((f) =>
          f.path === manifest.database.file
            ? { ...f, sha256: crypto.createHash('sha256').update(fs.readFileSync(dump)).digest('hex'), size: fs.statSync(dump).size }
            : f,
        ),
      };
      fs.writeFileSync(path.join(unreadable, MANIFEST), JSON.stringify(forged));
      const tables = await publicTables(restored.url);
      await expect(restoreBackup(restored.config, unreadable, { force: true })).rejects.toThrow(/pg_restore cannot read/);
      expect(await publicTables(restored.url)).toBe(tables);
      expect(fs.existsSync(path.join(restored.config.pkiDir, 'newer.key.pem'))).toBe(true);
      const result = await restoreBackup(restored.config, backup, { force: true });
      expect(result.setAside.map((d) => path.basename(d).replace(/\.before-restore-.*/, ''))).toEqual(['pki', 'trust']);
      expect(fs.readFileSync(path.join(result.setAside[0], 'newer.key.pem'), 'utf8')).toBe('a key made after the backup');
      expect(hashes(restored.config.pkiDir)).toEqual(hashes(t.config.pkiDir));
      const [org] = await queryRows<{ name: string }>(database.db, sql`select name from organisations where id = 'qn-stc'`);
      expect(org.name).not.toBe('changed after the backup');
    } finally {
      await database.close();
    }
  }, 60_000);

  it('is consistent while documents keep arriving: every blob the restored rows name is there, and the audit chain verifies', async () => {
    const backup2 = path.join(work, 'backup-2');
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await registerIncoming(
          'stc.vanthu',
          String(100 + written),
          `V/v văn bản đến trong lúc sao lưu ${written}`,
          `Nội dung ${written} ${crypto.randomUUID()}`,
        );
        written++;
      }
    })();
    // Let a write or two land first, so the dump is taken in the middle of the traffic.
    while (written < 2) await new Promise((r) => setTimeout(r, 50));
    await createBackup(t.config, backup2);
    writing = false;
    await writer;
    expect(written).toBeGreaterThan(2);

    const target = await emptyTarget('hot');
    await restoreBackup(target.config, backup2);
    const database = await openDatabase({ url: target.url });
    const redis = createRedis(REDIS_URL);
    try {
      const docs = await database.db.$count(incomingFiles);
      expect(docs).toBeGreaterThanOrEqual(5);
      expect(docs).toBeLessThanOrEqual(3 + written);
      const check = await checkStoredBlobs(database.db, openBlobStore(target.config), new Notifier(database.db, redis, 'vanthu-test-hot'));
      expect(check).toMatchObject({ missing: 0, mismatched: 0 });
      const { verifyAuditChain } = await import('../../api/src/audit/service');
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      redis.disconnect();
      await database.close();
    }
  }, 120_000);
});

describe('embedded PGlite (no DATABASE_URL)', () => {
  it('backs up a stopped installation with its data-directory dump and restores it; refuses while `npm start` holds it', async () => {
    const source = loadConfig({ LOG_LEVEL: 'silent', ...dirsOf('lite-source') });
    const lite = await openDatabase({ pgliteDir: pgliteDataDir(source.dataDir) });
    await migrateDatabase(lite);
    await seedDemo(lite.db, DEMO_PASSWORD);
    const before = await rowCounts(lite.db);
    await lite.close();

    // A running `npm start` publishes its socket with its process id: this process stands in for it.
    fs.writeFileSync(pgliteSocketFile(source.dataDir), JSON.stringify({ port: 1, pid: process.pid }));
    await expect(createBackup(source, path.join(work, 'lite-refused'))).rejects.toThrow(/in use by a running `npm start`/);
    fs.rmSync(pgliteSocketFile(source.dataDir));

    const backup = path.join(work, 'lite-backup');
    const manifest = await createBackup(source, backup);
    expect(manifest.database).toMatchObject({ driver: 'pglite', file: 'database/pglite.tar.gz' });
    const target = loadConfig({ LOG_LEVEL: 'silent', ...dirsOf('lite-target') });
    await expect(restoreBackup({ ...target, DATABASE_URL: 'postgres://127.0.0.1:1/none' }, backup)).rejects.toThrow(
      /holds a pglite database .* unset DATABASE_URL/,
    );
    await restoreBackup(target, backup);
    const back = await openDatabase({ pgliteDir: pgliteDataDir(target.dataDir) });
    try {
      expect(await rowCounts(back.db)).toEqual(before);
      const { verifyAuditChain } = await import('../../api/src/audit/service');
      expect((await verifyAuditChain(back.db)).ok).toBe(true);
    } finally {
      await back.close();
    }
  }, 120_000);
});

describe('periodic integrity check of the stored originals', () => {
  it('runs as the maintenance job in the workers, finds a corrupted and a missing blob, and notifies the administrators', async () => {
    const workers = await startWorkers({
      db: t.database.db,
      redisUrl: REDIS_URL,
      prefix: t.config.QUEUE_PREFIX,
      queues: t.queues,
      blobs: openBlobStore(t.config),
      log: pino({ level: 'silent' }),
      config: t.config,
    });
    const eventsConn = createRedis(REDIS_URL);
    const events = new QueueEvents('maintenance', { connection: eventsConn, prefix: t.config.QUEUE_PREFIX });
    try {
      await events.waitUntilReady();
      expect(await t.queues.maintenance.getJobScheduler('blob-integrity')).toMatchObject({ every: 24 * 3600 * 1000 });
      const clean = await (await t.queues.maintenance.add('blob-integrity', {})).waitUntilFinished(events, 30_000);
      expect(clean).toMatchObject({ missing: 0, mismatched: 0 });
      expect(clean.blobsChecked).toBeGreaterThanOrEqual(5);

      const files = await t.database.db.select({ sha256: incomingFiles.sha256 }).from(incomingFiles).orderBy(incomingFiles.sha256).limit(2);
      const blobPath = (sha: string) => path.join(t.config.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
      const [corrupted, lost] = files.map((f) => f.sha256);
      const bytes = fs.readFileSync(blobPath(corrupted));
      bytes[100] ^= 0xff;
      fs.writeFileSync(blobPath(corrupted), bytes);
      fs.rmSync(blobPath(lost));

      const damaged = await (await t.queues.maintenance.add('blob-integrity', {})).waitUntilFinished(events, 30_000);
      expect(damaged).toMatchObject({ missing: 1, mismatched: 1, blobsChecked: clean.blobsChecked });

      const admin = await loggedIn(t.app, 'qn.admin');
      const note = (await admin.get('/api/notifications')).body.items.find((n: { kind: string }) => n.kind === 'integrity.problem');
      expect(note).toMatchObject({
        titleVi: 'Kiểm tra toàn vẹn: 1 tệp bị mất, 1 tệp bị thay đổi',
        link: '/admin/integrity',
        data: { checkId: damaged.id },
      });

      const report = await admin.get('/api/admin/integrity');
      expect(report.status).toBe(200);
      // Latest first; before it the clean runs (the one asked for, and the scheduler's first at worker start).
      const runs = report.body.runs.map((r: { id: string; missing: number; mismatched: number }) => [
        r.id === damaged.id,
        r.missing,
        r.mismatched,
      ]);
      expect(runs[0]).toEqual([true, 1, 1]);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.slice(1).every(([, m, x]: number[]) => m === 0 && x === 0)).toBe(true);
      expect(report.body.findings).toEqual([
        {
          sha256: corrupted,
          problem: 'MISMATCH',
          actualSha256: crypto.createHash('sha256').update(bytes).digest('hex'),
          tables: ['incoming_files'],
        },
        { sha256: lost, problem: 'MISSING', actualSha256: null, tables: ['incoming_files'] },
      ]);
      // Not for people who are not administrators of the installation.
      expect((await (await loggedIn(t.app, 'stc.vanthu')).get('/api/admin/integrity')).status).toBe(403);
      expect(
        (await (await loggedIn(t.app, 'stc.vanthu')).get('/api/notifications')).body.items.some(
          (n: { kind: string }) => n.kind === 'integrity.problem',
        ),
      ).toBe(false);
    } finally {
      await events.close();
      eventsConn.disconnect();
      await workers.close();
    }
  }, 90_000);
});
