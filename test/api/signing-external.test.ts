import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { outgoingDocuments } from '../../api/src/outgoing/schema';
import type { SignOutgoingJob } from '../../api/src/outgoing/signing';
import { openPkcs12 } from '../../api/src/signing/cms';
import { demoLeaders } from '../../api/src/signing/demo';
import { signingDeps } from '../../api/src/signing/deps';
import { completeLeaderSignature } from '../../api/src/signing/outgoing';
import { generateDevPki } from '../../api/src/signing/pki';
import { outgoingExternalSignings } from '../../api/src/signing/schema';
import { validatePdf } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { textPdf } from '../support/documents';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
let pkiDir: string;
let otherPki: string;
const clients = new Map<string, ApiClient>();
const pem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ext-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ext-pki-'));
  otherPki = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ext-other-'));
  const leaders = demoLeaders().filter((l) => l.username === 'stc.pgd');
  await generateDevPki({ dir: pkiDir, password: DEMO_PASSWORD, leaders, organisations: [] });
  // Another root with the same names: not in the trust store.
  await generateDevPki({ dir: otherPki, password: DEMO_PASSWORD, leaders, organisations: [] });
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 180_000);
afterAll(async () => {
  await t.close();
  for (const d of [dataDir, pkiDir, otherPki]) fs.rmSync(d, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  const c = clients.get(username)!;
  if (!c.xsrf) await c.get('/api/me');
  return c;
}

async function approvedDraft(subject: string) {
  const author = await as('stc.cv.qlns');
  const res = await author.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', author.xsrf!)
    .field(
      'metadata',
      JSON.stringify({ documentType: 'KH', subject, recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }], urgency: 'THUONG' }),
    )
    .attach('main', await textPdf([subject]), 'ke-hoach.pdf');
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  expect((await author.post(`/api/outgoing/${id}/submit`, {})).status).toBe(200);
  expect((await (await as('stc.tp.qlns')).post(`/api/outgoing/${id}/approve`, {})).status).toBe(200);
  expect((await (await as('stc.pgd')).post(`/api/outgoing/${id}/approve`, {})).status).toBe(200);
  return id;
}

/** The "token": the dev PKI key of stc.pgd, used with node:crypto only. */
const token = (dir: string) => openPkcs12(fs.readFileSync(path.join(dir, 'users', 'stc.pgd.p12')), DEMO_PASSWORD);
const prepare = async (id: string, chain: string | string[]) =>
  (await as('stc.pgd')).post(`/api/outgoing/${id}/sign/external/prepare`, { certificateChain: chain });
const complete = async (id: string, body: object, who = 'stc.pgd') =>
  (await as(who)).post(`/api/outgoing/${id}/sign/external/complete`, body);

describe('external signer (token / remote signing service)', () => {
  it('round trip: prepare with the PEM chain → the token signs the signed attributes → queued like the passphrase path → a valid signature', async () => {
    const id = await approvedDraft('Kế hoạch ký bằng USB token');
    const key = token(pkiDir);
    const prep = await prepare(id, key.chain.map(pem).join(''));
    expect(prep.status).toBe(200);
    expect(prep.body).toMatchObject({
      digestAlgorithm: 'SHA-256',
      signatureAlgorithm: 'RSASSA-PKCS1-v1_5',
      certificateSubject: 'Đặng Thị Hương',
    });
    const toBeSigned = Buffer.from(prep.body.toBeSigned, 'base64');
    expect(toBeSigned[0]).toBe(0x31); // a DER SET
    expect(Buffer.from(prep.body.hashToSign, 'base64')).toEqual(crypto.createHash('sha256').update(toBeSigned).digest());
    const signature = crypto.sign('sha256', toBeSigned, key.keyPem);

    const done = await complete(id, { requestId: prep.body.requestId, signature: signature.toString('base64') });
    if (done.status !== 202) throw new Error(JSON.stringify(done.body));
    expect(done.body).toMatchObject({ status: 'APPROVED_AWAITING_SIGNATURE', signing: { state: 'QUEUED' } });
    expect((await complete(id, { requestId: prep.body.requestId, signature: signature.toString('base64') })).status).toBe(409);

    const [ext] = await t.database.db.select().from(outgoingExternalSignings).where(eq(outgoingExternalSignings.id, prep.body.requestId));
    expect(ext).toMatchObject({ certificateSubject: 'Đặng Thị Hương', signingRequestId: expect.any(String) });
    const job = (await t.queues.signing.getJobs(['waiting', 'delayed', 'active', 'completed'])).find(
      (j) => j.data.requestId === ext.signingRequestId,
    )!;
    expect(Object.keys(job.data).sort()).toEqual(['actedBy', 'documentId', 'fileSha256', 'requestId', 'signature', 'signerId', 'version']);
    expect(
      await completeLeaderSignature(t.database.db, openBlobStore(t.config), signingDeps(t.config), job.data as SignOutgoingJob),
    ).toEqual({ state: 'DONE' });
    const [doc] = await t.database.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
    expect(doc.status).toBe('SIGNED');
    const report = await validatePdf(
      await readAll(await openBlobStore(t.config).get(doc.signedSha256!)),
      await signingDeps(t.config).trustStore(),
    );
    expect(report).toMatchObject({ verdict: 'valid', signatureCount: 1 });
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit.find((a) => a.action === 'outgoing.sign')?.data).toMatchObject({ external: true, certificateSubject: 'Đặng Thị Hương' });
  }, 60_000);

  it('refuses a tampered signature (422), a certificate from an untrusted root (422) and someone else’s requestId (404)', async () => {
    const id = await approvedDraft('Kế hoạch thử chữ ký giả');
    const key = token(pkiDir);
    // base64 DER chain this time.
    const prep = await prepare(
      id,
      key.chain.map((c) => c.toString('base64')),
    );
    expect(prep.status).toBe(200);
    const signature = crypto.sign('sha256', Buffer.from(prep.body.toBeSigned, 'base64'), key.keyPem);
    signature[10] ^= 0xff;
    const bad = await complete(id, { requestId: prep.body.requestId, signature: signature.toString('base64') });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('signing.signature_mismatch');
    expect(bad.body.title).toMatch(/không khớp/);
    expect(bad.body.detail).toMatch(/does not verify/);
    // Signing other bytes (not toBeSigned) with the right key is refused as well.
    const other = crypto.sign('sha256', Buffer.from('something else'), key.keyPem);
    expect((await complete(id, { requestId: prep.body.requestId, signature: other.toString('base64') })).status).toBe(422);

    const untrusted = await prepare(id, token(otherPki).chain.map(pem).join(''));
    expect(untrusted.status).toBe(422);
    expect(untrusted.body.code).toBe('signing.untrusted_certificate');
    expect(untrusted.body.title).toBe('Chứng thư số không thuộc tổ chức chứng thực được tin cậy');
    expect((await prepare(id, 'not a certificate')).status).toBe(422);

    // Someone else's request: another document's, or another user's.
    const id2 = await approvedDraft('Kế hoạch khác');
    expect((await complete(id2, { requestId: prep.body.requestId, signature: signature.toString('base64') })).status).toBe(404);
    expect((await complete(id, { requestId: prep.body.requestId, signature: signature.toString('base64') }, 'stc.gd')).status).toBe(404);
    expect((await complete(id, { requestId: crypto.randomUUID(), signature: signature.toString('base64') })).status).toBe(404);
    // Only the signer prepares.
    expect(
      (await (await as('stc.gd')).post(`/api/outgoing/${id}/sign/external/prepare`, { certificateChain: key.chain.map(pem).join('') }))
        .status,
    ).toBe(403);
    // Nothing was queued: the passphrase path is still open.
    expect((await (await as('stc.pgd')).get(`/api/outgoing/${id}`)).body.allowedActions).toContain('sign');
  }, 60_000);
});
