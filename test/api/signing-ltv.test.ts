import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { QueueEvents } from 'bullmq';
import JSZip from 'jszip';
import pino from 'pino';
import { retimestampArchive } from '../../api/src/case-files/archive-timestamps';
import { createRedis } from '../../api/src/redis/connection';
import { archivedSignedFileRevisions, archivedSignedFiles } from '../../api/src/case-files/schema';
import { openPkcs12 } from '../../api/src/signing/cms';
import { signingDeps } from '../../api/src/signing/deps';
import { addDocumentTimestamp, localDigestTimestamps } from '../../api/src/signing/doc-timestamp';
import { readDss } from '../../api/src/signing/dss';
import { augmentToLt, embeddedCms } from '../../api/src/signing/ltv';
import { generateDevPki } from '../../api/src/signing/pki';
import { localTimestamps, signPdf, type SignOptions } from '../../api/src/signing/signer';
import { DevTsa } from '../../api/src/signing/tsa';
import { loadTrustStore, validatePdf, type TrustStore } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { textPdf } from '../support/documents';
import { DEMO_PASSWORD, REDIS_URL, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { startWorkers } from '../../workers/src';
import { pdfsig, qpdfCheck } from '../support/stamp-checks';

// PAdES B-LT at sealing and B-LTA in the archive (docs/architecture.md#signatures-that-outlive-their-certificates).

const YEAR = 365.25 * 24 * 3600 * 1000;
let t: TestApp;
let dataDir: string;
let pkiDir: string;
let tsa: DevTsa;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: [{ username: 'leader', fullName: 'Lê Thu Hà', position: 'Phó Chủ tịch', organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh' }],
    organisations: [{ id: 'qn-ubnd', name: 'Ủy ban nhân dân tỉnh Quảng Ninh' }],
  });
  tsa = DevTsa.fromPkiDir(pkiDir)!;
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

const trust = () => loadTrustStore(path.join(pkiDir, 'trust'));
/** The trust store without the CA's CRL: only the roots and the intermediate remain. */
async function trustWithoutCrl(): Promise<TrustStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-trust-'));
  for (const f of fs.readdirSync(path.join(pkiDir, 'trust')).filter((f) => !f.includes('crl')))
    fs.copyFileSync(path.join(pkiDir, 'trust', f), path.join(dir, f));
  try {
    const store = await loadTrustStore(dir);
    expect(store.crls).toHaveLength(0);
    return store;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const identity = (kind: 'users' | 'orgs', name: string) =>
  openPkcs12(fs.readFileSync(path.join(pkiDir, kind, `${name}.p12`)), DEMO_PASSWORD);

/** A leader's visible signature, then the organisation's seal (both PAdES B-T with the dev TSA). */
async function signedTwice(): Promise<Buffer> {
  const timestamps = localTimestamps(tsa);
  const leader: SignOptions['appearance'] = { kind: 'leader', rect: [330, 80, 540, 200], name: 'Lê Thu Hà', title: 'Phó Chủ tịch' };
  const first = await signPdf(await textPdf(['Quyết định về việc lưu trữ hồ sơ', 'Trang 2']), {
    identity: identity('users', 'leader'),
    appearance: leader,
    timestamps,
  });
  return (
    await signPdf(first.pdf, {
      identity: identity('orgs', 'qn-ubnd'),
      appearance: { kind: 'seal', page: 0, rect: [300, 60, 440, 207], organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      timestamps,
    })
  ).pdf;
}

function render(pdf: Buffer): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-png-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return Buffer.concat(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.png'))
        .sort()
        .map((f) => fs.readFileSync(path.join(dir, f))),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `openssl ts -verify` on each document timestamp: a tool that is not vanthu checks the token over the byte ranges. */
async function opensslVerifiesDocumentTimestamps(pdf: Buffer): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-ts-'));
  try {
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, ['root-ca.pem', 'intermediate-ca.pem'].map((f) => fs.readFileSync(path.join(pkiDir, f), 'utf8')).join(''));
    let n = 0;
    for (const cms of (await embeddedCms(pdf)).filter((c) => c.documentTimestamp)) {
      const [, b, c, d] = cms.byteRange;
      fs.writeFileSync(path.join(dir, 'data'), Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]));
      fs.writeFileSync(path.join(dir, 'token.der'), cms.der);
      const out = execFileSync(
        'openssl',
        ['ts', '-verify', '-data', path.join(dir, 'data'), '-in', path.join(dir, 'token.der'), '-token_in', '-CAfile', ca],
        { encoding: 'utf8' },
      );
      expect(out).toContain('Verification: OK');
      n++;
    }
    return n;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PAdES B-LT and B-LTA', () => {
  it('B-LT: the DSS makes both signatures valid from the file alone, 10 years later, without the CA’s CRL', async () => {
    const bt = await signedTwice();
    const lt = await augmentToLt(bt, await trust());
    // An incremental update: every earlier byte is kept.
    expect(lt.subarray(0, bt.length).equals(bt)).toBe(true);
    const dss = await readDss(lt);
    // Leader, seal, TSA, intermediate, root; one CRL (the intermediate's, which issued all three leaves).
    expect(dss.certs).toHaveLength(5);
    expect(dss.crls).toHaveLength(1);
    expect(await augmentToLt(lt, await trust())).toBe(lt); // nothing new: no update

    const later = new Date(Date.now() + 10 * YEAR);
    const offline = await trustWithoutCrl();
    const before = await validatePdf(bt, offline, later);
    expect(before.verdict).toBe('indeterminate');
    expect(before.signatures.flatMap((s) => s.reasons.map((r) => r.code))).toEqual(['revocation_unknown', 'revocation_unknown']);

    const after = await validatePdf(lt, offline, later);
    expect(after.verdict).toBe('valid');
    for (const s of after.signatures) {
      expect(s.level).toBe('B-LT');
      expect(s.revocation).toMatchObject({ status: 'good', revocationSource: 'embedded' });
      expect(s.revocation.source).toMatch(/^embedded/);
      expect(s.chain.checkedAt).toBe(s.timestamp.time); // judged at the time the timestamp proves
      expect(s.existenceProvenAt).toBe(s.timestamp.time);
      expect(new Date(s.signer!.notAfter) < later).toBe(true); // expired by then
    }
    expect(after.signatures[0].modifiedAfter.kinds).toEqual(['signatures']);
    expect(after.signatures[1].modifiedAfter.kinds).toEqual(['signatures']); // the DSS update

    // Today with the trust store's CRL the trust store decides; the level is the same.
    const now = await validatePdf(lt, await trust());
    expect(now.signatures.map((s) => [s.verdict, s.level, s.revocation.revocationSource])).toEqual([
      ['valid', 'B-LT', 'crl'],
      ['valid', 'B-LT', 'crl'],
    ]);
    expect(pdfsig(lt, path.join(pkiDir, 'root-ca.pem'))).toEqual([
      { validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: false },
      { validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: false },
    ]);
    expect(qpdfCheck(lt)).toMatchObject({ status: 0, stderr: '' });
    expect(render(lt).equals(render(bt))).toBe(true); // nothing visible changed
  }, 60_000);

  it('B-LTA: a document timestamp over the DSS; re-timestamped, still valid 25 years later with no CRL anywhere', async () => {
    const bt = await signedTwice();
    const lt = await augmentToLt(bt, await trust());
    const first = await addDocumentTimestamp(lt, localDigestTimestamps(tsa));
    expect(first.pdf.subarray(0, lt.length).equals(lt)).toBe(true);
    expect(first.certificateExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 4 * YEAR); // the dev TSA's: 5 years
    const text = first.pdf.subarray(lt.length).toString('latin1');
    expect(text).toContain('/Type /DocTimeStamp');
    expect(text).toContain('/SubFilter /ETSI.RFC3161');

    // Renewal: the previous TSA's validation data, then another document timestamp (four years on).
    const renewedDss = await augmentToLt(first.pdf, await trust());
    const second = await addDocumentTimestamp(
      renewedDss,
      localDigestTimestamps(tsa, () => new Date(Date.now() + 4 * YEAR)),
    );
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);

    const report = await validatePdf(second.pdf, await trustWithoutCrl(), new Date(Date.now() + 25 * YEAR));
    expect(report.verdict).toBe('valid');
    expect(report.signatureCount).toBe(2); // document timestamps are not signatures
    expect(report.signatures.map((s) => s.level)).toEqual(['B-LTA', 'B-LTA']);
    expect(report.signatures.map((s) => s.existenceProvenAt)).toEqual(report.signatures.map((s) => s.timestamp.time));
    expect(report.documentTimestamps).toHaveLength(2);
    expect(report.documentTimestamps!.map((d) => [d.valid, d.message])).toEqual([
      [true, null],
      [true, null],
    ]);
    expect(report.documentTimestamps![1].coversWholeFile).toBe(true);
    expect(new Date(report.documentTimestamps![1].time!) > new Date(report.documentTimestamps![0].time!)).toBe(true);

    // Poppler still finds both signatures valid (it does not check RFC 3161 document timestamps; openssl does).
    const sigs = pdfsig(second.pdf, path.join(pkiDir, 'root-ca.pem'));
    expect(sigs.slice(0, 2).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(await opensslVerifiesDocumentTimestamps(second.pdf)).toBe(2);
    expect(qpdfCheck(second.pdf)).toMatchObject({ status: 0, stderr: '' });
    expect(render(second.pdf).equals(render(bt))).toBe(true);
  }, 60_000);
});

describe('nộp lưu: the archive timestamps signed PDFs (B-LTA) and renews them', () => {
  async function as(username: string) {
    if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
    return clients.get(username)!;
  }
  const ok = <T = { id: string }>(res: { status: number; body: unknown }, status = 200) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as T;
  };

  it('transfers a case file with a signed incoming document: archived B-LTA, re-timestamped append-only, exported so', async () => {
    const signed = await augmentToLt(await signedTwice(), await trust());
    const clerk = await as('snv.vanthu');
    if (!clerk.xsrf) await clerk.get('/api/me');
    const draft = ok(
      await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', signed, 'quyết định.pdf'),
      201,
    );
    ok(
      await clerk.post(`/api/incoming/${draft.id}/register`, {
        registerId: 'qn-snv-den',
        issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
        issuerOrganCode: '000.00.00.H49',
        number: '901',
        symbol: 'QĐ-UBND',
        issueDate: '2025-01-09',
        documentType: 'Quyết định',
        subject: 'Quyết định về việc lưu trữ hồ sơ',
        signerName: 'Lê Thu Hà',
        signerPosition: 'Phó Chủ tịch',
      }),
    );
    const author = await as('snv.cv.tcbc');
    const cf = ok(
      await author.post('/api/case-files', {
        year: 2025,
        notation: '90.TCBC',
        title: 'Hồ sơ lưu trữ có chữ ký số',
        retentionYears: null,
        startDate: '2025-01-02',
      }),
      201,
    );
    ok(await (await as('snv.luutru')).post(`/api/case-files/${cf.id}/documents`, { kind: 'INCOMING', documentId: draft.id }), 201);
    ok(await author.post(`/api/case-files/${cf.id}/close`, { endDate: '2025-12-20' }));
    ok(await author.post(`/api/case-files/${cf.id}/transfer`));

    const db = t.database.db;
    const blobs = openBlobStore(t.config);
    const [row] = await db.select().from(archivedSignedFiles).where(eq(archivedSignedFiles.caseFileId, cf.id));
    expect(row).toBeDefined();
    const source = await readAll(await blobs.get(row.sourceSha256));
    const archived = await readAll(await blobs.get(row.sha256));
    expect(archived.subarray(0, source.length).equals(source)).toBe(true);
    const offline = await trustWithoutCrl();
    const in25Years = new Date(Date.now() + 25 * YEAR);
    const report = await validatePdf(archived, offline, in25Years);
    expect(report.verdict).toBe('valid');
    expect(report.signatures.map((s) => s.level)).toEqual(['B-LTA', 'B-LTA']);
    expect(report.documentTimestamps).toHaveLength(1);

    // Not due yet: nothing changes; due (the window longer than the TSA certificate's life): a new timestamp.
    const deps = signingDeps(t.config);
    expect(await retimestampArchive(db, blobs, deps, 30)).toEqual({ archived: 0, retimestamped: 0 });
    expect(await retimestampArchive(db, blobs, deps, 365 * 30)).toMatchObject({ archived: 0, retimestamped: 1 });
    const [renewed] = await db.select().from(archivedSignedFiles).where(eq(archivedSignedFiles.id, row.id));
    expect(renewed.sha256).not.toBe(row.sha256);
    const renewedBytes = await readAll(await blobs.get(renewed.sha256));
    expect(renewedBytes.subarray(0, archived.length).equals(archived)).toBe(true); // append only
    expect(await blobs.has(row.sha256)).toBe(true); // the earlier version stays stored
    const revisions = await db.select().from(archivedSignedFileRevisions).where(eq(archivedSignedFileRevisions.archivedFileId, row.id));
    expect(revisions.map((r) => [r.kind, r.previousSha256, r.sha256]).sort()).toEqual(
      [
        ['RETIMESTAMP', row.sha256, renewed.sha256],
        ['TRANSFER', row.sourceSha256, row.sha256],
      ].sort(),
    );
    const again = await validatePdf(renewedBytes, offline, in25Years);
    expect(again).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    expect(again.documentTimestamps).toHaveLength(2);
    expect(again.signatures.map((s) => s.level)).toEqual(['B-LTA', 'B-LTA']);

    const audited = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'case_file'), eq(auditEvents.entityId, cf.id)))
      .orderBy(asc(auditEvents.id));
    expect(audited.map((a) => a.action).slice(-2)).toEqual(['case_file.archive_timestamp', 'case_file.archive_retimestamp']);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // A document timestamp whose token was altered: the signatures stand, the file is no longer fully valid.
    const broken = Buffer.from(renewedBytes);
    const last = (await embeddedCms(broken)).filter((c) => c.documentTimestamp).pop()!;
    const at = last.byteRange[1] + 1 + last.der.length; // hex digits: the middle of the token
    broken.write(broken[at] === 0x30 ? '1' : '0', at, 'latin1');
    const brokenReport = await validatePdf(broken, await trust());
    expect(brokenReport.verdict).toBe('indeterminate');
    expect(brokenReport.reasons.map((r) => r.code)).toContain('document_timestamp_invalid');

    // The job as the workers run it (daily; nothing is due within the default 180 days of a 5-year TSA certificate).
    const workers = await startWorkers({
      db,
      redisUrl: REDIS_URL,
      prefix: t.config.QUEUE_PREFIX,
      queues: t.queues,
      blobs,
      log: pino({ level: 'silent' }),
      config: t.config,
    });
    const eventsConn = createRedis(REDIS_URL);
    const events = new QueueEvents('maintenance', { connection: eventsConn, prefix: t.config.QUEUE_PREFIX });
    try {
      await events.waitUntilReady();
      expect(await t.queues.maintenance.getJobScheduler('archive-retimestamp')).toMatchObject({ every: 24 * 3600 * 1000 });
      const run = await (await t.queues.maintenance.add('archive-retimestamp', {})).waitUntilFinished(events, 60_000);
      expect(run).toEqual({ archived: 0, retimestamped: 0 });
    } finally {
      await events.close();
      eventsConn.disconnect();
      await workers.close();
    }

    // The exported package carries the archive's bytes.
    const zip = await (
      await as('snv.luutru')
    ).agent
      .get(`/api/case-files/${cf.id}/export`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(zip.status).toBe(200);
    const files = await JSZip.loadAsync(zip.body as Buffer);
    const pdfs = await Promise.all(
      Object.values(files.files)
        .filter((f) => f.name.endsWith('.pdf'))
        .map((f) => f.async('nodebuffer')),
    );
    expect(pdfs.some((p) => p.equals(renewedBytes))).toBe(true);
  }, 120_000);
});
