import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { outgoingDocuments } from '../../api/src/outgoing/schema';
import { SEAL_OUTGOING_JOB, SIGN_OUTGOING_JOB, type SealOutgoingJob, type SignOutgoingJob } from '../../api/src/outgoing/signing';
import { awaitingConsumer } from '../../api/src/queues';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { validateIncomingFile } from '../../api/src/signing/incoming-signatures';
import { signingDeps } from '../../api/src/signing/deps';
import { completeLeaderSignature, sealOutgoing } from '../../api/src/signing/outgoing';
import { generateDevPki } from '../../api/src/signing/pki';
import { outgoingSealedFiles, outgoingSigningRequests } from '../../api/src/signing/schema';
import { signPdf } from '../../api/src/signing/signer';
import { validatePdf } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { openPkcs12 } from '../../api/src/signing/cms';
import { textPdf } from '../support/documents';
import { pdfsig, qpdfCheck } from '../support/stamp-checks';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
let pkiDir: string;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-sign-out-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-sign-pki-'));
  // Only the keys this file uses (RSA key generation is slow in pure JS).
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => ['stc.gd', 'stc.pgd'].includes(l.username)),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-stc'),
  });
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

interface Doc {
  id: string;
  status: string;
  allowedActions: string[];
  signing: { state: string; error: string | null } | null;
  sealed: boolean;
  issued: { numberAndSymbol: string } | null;
}
const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);
const view = async (username: string, id: string) => (await (await as(username)).get(`/api/outgoing/${id}`)).body as Doc;
const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
};

/** A plan with a PDF attachment, approved by the deputy director (stc.pgd), awaiting signature. */
async function approvedDraft(subject: string) {
  const client = await as('stc.cv.qlns');
  if (!client.xsrf) await client.get('/api/me');
  const res = await client.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', client.xsrf!)
    .field(
      'metadata',
      JSON.stringify({ documentType: 'KH', subject, recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }], urgency: 'THUONG' }),
    )
    .attach('main', await textPdf([`${subject} — nội dung kế hoạch`, 'Trang hai']), 'Kế hoạch.pdf')
    .attach('attachments', await textPdf(['Phụ lục: danh sách đơn vị']), 'Phụ lục.pdf');
  const id = ok(res, 201).id;
  ok(await act('stc.cv.qlns', id, 'submit'));
  ok(await act('stc.tp.qlns', id, 'approve'));
  expect(ok(await act('stc.pgd', id, 'approve'))).toMatchObject({
    status: 'APPROVED_AWAITING_SIGNATURE',
    allowedActions: expect.arrayContaining(['sign']),
  });
  return id;
}

const blobs = () => openBlobStore(t.config);
const deps = () => signingDeps(t.config);

async function completionJobs(id: string) {
  const jobs = await t.queues.signing.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.filter((j) => j.name === SIGN_OUTGOING_JOB && j.data.documentId === id && j.data.requestId);
}

describe('leader signature and organisation seal', () => {
  it('the signing queue has a consumer now: health does not wait for it', () => {
    expect(awaitingConsumer.has('signing')).toBe(false);
  });

  it('refuses a wrong passphrase (422, nothing queued) and anyone but the signer (403)', async () => {
    const id = await approvedDraft('Kế hoạch thử mật khẩu sai');
    const wrong = await act('stc.pgd', id, 'sign', { passphrase: 'not-the-passphrase' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('signing.wrong_passphrase');
    expect(await completionJobs(id)).toHaveLength(0);
    expect(await t.database.db.select().from(outgoingSigningRequests).where(eq(outgoingSigningRequests.documentId, id))).toHaveLength(0);
    // The director could have signed at that step, but the approval named his deputy.
    expect((await act('stc.gd', id, 'sign', { passphrase: DEMO_PASSWORD })).status).toBe(403);
    expect((await view('stc.gd', id)).allowedActions).not.toContain('sign');
    expect((await act('stc.vanthu', id, 'sign', { passphrase: DEMO_PASSWORD })).status).toBe(403);
  });

  it('signs in the request, completes in the job (one signed version when run twice), then seals with số and date', async () => {
    const id = await approvedDraft('Kế hoạch kiểm tra tài chính năm 2027');
    const queued = ok(await act('stc.pgd', id, 'sign', { passphrase: DEMO_PASSWORD }), 202);
    expect(queued).toMatchObject({ status: 'APPROVED_AWAITING_SIGNATURE', signing: { state: 'QUEUED' } });
    expect(queued.allowedActions).not.toContain('sign');
    expect((await act('stc.pgd', id, 'sign', { passphrase: DEMO_PASSWORD })).status).toBe(409);

    const [job] = await completionJobs(id);
    const data = job.data as SignOutgoingJob;
    // Only the prepared PDF's hash and the signature value travel through Redis.
    expect(Object.keys(data).sort()).toEqual(['actedBy', 'documentId', 'fileSha256', 'requestId', 'signature', 'signerId', 'version']);
    expect(JSON.stringify(data)).not.toContain(DEMO_PASSWORD);
    expect(JSON.stringify(data)).not.toMatch(/PRIVATE KEY/);

    expect(await completeLeaderSignature(t.database.db, blobs(), deps(), data)).toEqual({ state: 'DONE' });
    const [first] = await t.database.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
    expect(first.status).toBe('SIGNED');
    // A retry of the same job, and one after a crash between markSigned and recording the request: one signed version.
    expect(await completeLeaderSignature(t.database.db, blobs(), deps(), data)).toMatchObject({ state: 'DONE', skipped: true });
    await t.database.db.update(outgoingSigningRequests).set({ state: 'QUEUED' }).where(eq(outgoingSigningRequests.id, data.requestId!));
    expect(await completeLeaderSignature(t.database.db, blobs(), deps(), data)).toEqual({ state: 'DONE' });
    const [again] = await t.database.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
    expect(again.signedSha256).toBe(first.signedSha256);
    expect(
      await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'outgoing.signed'))),
    ).toHaveLength(1);

    const signedPdf = await readAll(await blobs().get(first.signedSha256!));
    const report = await validatePdf(signedPdf, await deps().trustStore());
    expect(report).toMatchObject({ verdict: 'valid', signatureCount: 1 });
    expect(report.signatures[0].signer?.commonName).toBe('Đặng Thị Hương');
    expect(report.signatures[0].timestamp.present).toBe(true);
    const signedView = await view('stc.vanthu', id);
    expect(signedView).toMatchObject({ status: 'SIGNED', signing: { state: 'DONE' }, allowedActions: expect.arrayContaining(['issue']) });
    expect((await (await as('stc.vanthu')).get(`/api/outgoing/${id}/signatures`)).body).toMatchObject({
      verdict: 'valid',
      signatureCount: 1,
    });

    const issued = ok(await act('stc.vanthu', id, 'issue'));
    const seal = (await t.queues.signing.getJob(`seal-${id}`))!;
    expect(seal.name).toBe(SEAL_OUTGOING_JOB);
    expect(await sealOutgoing(t.database.db, blobs(), deps(), seal.data as SealOutgoingJob)).toEqual({ sealed: true, attachments: 1 });
    expect(await sealOutgoing(t.database.db, blobs(), deps(), seal.data as SealOutgoingJob)).toEqual({ skipped: true });
    const sealedView = await view('stc.vanthu', id);
    expect(sealedView).toMatchObject({ status: 'ISSUED', sealed: true, allowedActions: expect.arrayContaining(['dispatch']) });

    const file = await (await as('stc.vanthu')).agent.get(`/api/outgoing/${id}/issued`).buffer(true);
    expect(file.status).toBe(200);
    const sealedReport = await validatePdf(file.body as Buffer, await deps().trustStore());
    expect(sealedReport).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    expect(sealedReport.signatures.map((s) => s.signer?.holder)).toEqual(['person', 'organisation']);
    // PAdES B-LT at sealing: a DSS with both chains, the TSA's and the CA's CRL, after the seal signature.
    expect(sealedReport.signatures.map((s) => s.level)).toEqual(['B-LT', 'B-LT']);
    expect(pdfsig(file.body as Buffer, path.join(pkiDir, 'root-ca.pem')).map((s) => [s.validation, s.certificate])).toEqual([
      ['Signature is Valid.', 'Certificate is Trusted.'],
      ['Signature is Valid.', 'Certificate is Trusted.'],
    ]);
    expect(qpdfCheck(file.body as Buffer)).toMatchObject({ status: 0, stderr: '' });
    expect(sealedReport.signatures[0].modifiedAfter.kinds).not.toContain('other_content');
    const text = (file.body as Buffer).toString('latin1');
    expect(text).toContain('/T <FEFF'); // the stamps are named fields
    const report2 = (await (await as('stc.vanthu')).get(`/api/outgoing/${id}/signatures`)).body;
    expect(report2).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    // Số/ký hiệu and the date line are in the sealed revision as read-only fields.
    const fields = (await import('pdf-lib')).PDFDocument.load(file.body as Buffer).then((d) =>
      d
        .getForm()
        .getFields()
        .map((f) => f.getName()),
    );
    expect(await fields).toEqual(expect.arrayContaining(['SoKyHieu', 'NgayBanHanh']));
    const form = (await (await import('pdf-lib')).PDFDocument.load(file.body as Buffer)).getForm();
    expect(form.getTextField('SoKyHieu').getText()).toBe(`Số: ${issued.issued!.numberAndSymbol}`);
    expect(form.getTextField('NgayBanHanh').getText()).toMatch(/^Quảng Ninh, ngày \d\d tháng \d\d năm \d{4}$/);

    // The attachment is signed by the organisation and goes out so.
    const [sealedAttachment] = await t.database.db.select().from(outgoingSealedFiles).where(eq(outgoingSealedFiles.documentId, id));
    const attachmentReport = await validatePdf(await readAll(await blobs().get(sealedAttachment.sealedSha256)), await deps().trustStore());
    expect(attachmentReport).toMatchObject({ verdict: 'valid', signatureCount: 1 });
    expect(attachmentReport.signatures[0].signer?.holder).toBe('organisation');
    expect(attachmentReport.signatures[0].level).toBe('B-LT');
    expect(ok(await act('stc.vanthu', id, 'dispatch')).status).toBe('DISPATCHED');
    expect((await extractPdfText(file.body as Buffer)).text).toContain('nội dung kế hoạch');
  }, 60_000);
});

describe('the signed copy for the viewer', () => {
  it('is the PDF the authority signed, for whoever sees the document, inline on request; 409 before signing, 404 to outsiders, 422 for another disposition', async () => {
    const id = await approvedDraft('Kế hoạch tập huấn nghiệp vụ năm 2027');
    const clerk = await as('stc.vanthu');
    const before = await clerk.get(`/api/outgoing/${id}/signed`);
    expect(before.status).toBe(409);
    expect(before.body).toMatchObject({ code: 'outgoing.not_signed', title: 'Văn bản chưa được ký số' });

    ok(await act('stc.pgd', id, 'sign', { passphrase: DEMO_PASSWORD }), 202);
    const [job] = await completionJobs(id);
    expect(await completeLeaderSignature(t.database.db, blobs(), deps(), job.data as SignOutgoingJob)).toEqual({ state: 'DONE' });
    const [row] = await t.database.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));

    const inline = await clerk.agent.get(`/api/outgoing/${id}/signed?disposition=inline`).buffer(true);
    expect(inline.status).toBe(200);
    expect(inline.headers['content-type']).toBe('application/pdf');
    expect(inline.headers['content-disposition']).toMatch(
      /^inline; filename="K\? ho\?ch - \?\? k\?\.pdf"; filename\*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20-%20%C4%91%C3%A3%20k%C3%BD\.pdf$/,
    );
    expect(inline.headers['cache-control']).toBe('no-store');
    expect(
      createHash('sha256')
        .update(inline.body as Buffer)
        .digest('hex'),
    ).toBe(row.signedSha256);
    const download = await clerk.agent.get(`/api/outgoing/${id}/signed`).buffer(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    // The author reads it too; another organisation's clerk does not learn it exists.
    expect((await (await as('stc.cv.qlns')).agent.get(`/api/outgoing/${id}/signed?disposition=inline`)).status).toBe(200);
    expect((await (await as('snv.vanthu')).agent.get(`/api/outgoing/${id}/signed?disposition=inline`)).status).toBe(404);
    const bad = await clerk.agent.get(`/api/outgoing/${id}/signed?disposition=embed`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'disposition' })]);
  }, 60_000);
});

describe('received PDFs', () => {
  it('validates every received main PDF in a worker job and shows the report as `signatures`', async () => {
    const identity = openPkcs12(fs.readFileSync(path.join(pkiDir, 'users', 'stc.gd.p12')), DEMO_PASSWORD);
    const signed = (
      await signPdf(await textPdf(['Công văn đến đã ký số']), {
        identity,
        appearance: { kind: 'leader', rect: [300, 70, 520, 190], name: 'Người ký' },
      })
    ).pdf;
    const clerk = await as('stc.vanthu');
    if (!clerk.xsrf) await clerk.get('/api/me');
    const res = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', signed, 'den.pdf')
      .attach('attachments', await textPdf(['phụ lục']), 'pl.pdf');
    expect(res.status).toBe(201);
    const [main, attachment] = res.body.files as { id: string }[];
    expect(res.body.signatures).toBeNull();
    expect((await t.queues.incomingFiles.getJob(`validate-${main.id}`))?.data).toEqual({ fileId: main.id });
    const trust = signingDeps(t.config).trustStore;
    expect(await validateIncomingFile(t.database.db, openBlobStore(t.config), trust, main.id)).toEqual({
      verdict: 'valid',
      signatureCount: 1,
    });
    expect(await validateIncomingFile(t.database.db, openBlobStore(t.config), trust, main.id)).toMatchObject({ skipped: true });
    expect(await validateIncomingFile(t.database.db, openBlobStore(t.config), trust, attachment.id)).toEqual({ skipped: true });
    const doc = (await clerk.get(`/api/incoming/${res.body.id}`)).body;
    expect(doc.signatures).toMatchObject({
      verdict: 'valid',
      signatureCount: 1,
      signatures: [{ verdict: 'valid', signer: { commonName: 'Bùi Văn Long' }, chain: { trusted: true } }],
    });

    // An unsigned main PDF: a report saying so.
    const plain = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', await textPdf(['Không ký']), 'plain.pdf');
    await validateIncomingFile(t.database.db, openBlobStore(t.config), trust, plain.body.files[0].id);
    expect((await clerk.get(`/api/incoming/${plain.body.id}`)).body.signatures).toMatchObject({
      signatureCount: 0,
      reasons: [{ code: 'no_signatures' }],
    });
  });
});
