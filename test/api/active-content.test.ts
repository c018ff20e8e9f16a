import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { outgoingDocuments, outgoingFiles } from '../../api/src/outgoing/schema';
import type { SealOutgoingJob, SignOutgoingJob } from '../../api/src/outgoing/signing';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { signingDeps } from '../../api/src/signing/deps';
import { completeLeaderSignature, sealOutgoing } from '../../api/src/signing/outgoing';
import { generateDevPki } from '../../api/src/signing/pki';
import { outgoingSealedFiles } from '../../api/src/signing/schema';
import { loadTrustStore, validatePdf } from '../../api/src/signing/validate';
import { openBlobStore } from '../../api/src/storage';
import { readAll } from '../../api/src/storage/blob-store';
import { ocrAvailable, ocrFile } from '../../api/src/incoming/ocr';
import { scannedPdf, textPdf } from '../support/documents';
import { DEMO_PASSWORD, loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { activeMarkers, opensslPki, pdfsig, qdf, qpdfCheck, signWithSignpdf, withActiveContent } from '../support/stamp-checks';
import { uploadAndRegister } from '../support/records';

let t: TestApp;
let dataDir: string;
let pkiDir: string;
let other: ReturnType<typeof opensslPki>;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-active-'));
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-active-pki-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'stc.pgd'),
    organisations: demoSealOrganisations().filter((o) => o.id === 'qn-stc'),
  });
  other = opensslPki();
  t = await startTestApp({ env: { DATA_DIR: dataDir, PKI_DIR: pkiDir, TRUST_STORE_DIR: path.join(pkiDir, 'trust') } });
}, 120_000);
afterAll(async () => {
  await t.close();
  other.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) {
    const c = await loggedIn(t.app, username);
    await c.get('/api/me');
    clients.set(username, c);
  }
  return clients.get(username)!;
}

let registered = 0;
async function receive(pdf: Buffer) {
  const clerk = await as('stc.vanthu');
  const { upload, view } = await uploadAndRegister(clerk, pdf, {
    fileName: 'có mã độc.pdf',
    number: 500 + ++registered,
    issueDate: '2026-12-05',
    subject: 'V/v thử tệp có mã chạy tự động',
  });
  const file = upload.files[0] as { id: string; activeContent: string[] | null };
  const original = (await clerk.agent.get(`/api/incoming/${upload.id}/files/${file.id}`).buffer(true)).body as Buffer;
  const stamped = (await clerk.agent.get(`/api/incoming/${upload.id}/files/${file.id}/stamped`).buffer(true)).body as Buffer;
  return { upload, file, view, original, stamped };
}

describe('received PDFs with active content', () => {
  it('a PDF with /OpenAction JavaScript, a /JavaScript name tree, page /AA and a /Launch link is accepted and flagged; the original keeps them, the stamped copy has none', async () => {
    const hostile = await withActiveContent(await textPdf(['Công văn có mã chạy tự động']));
    expect(activeMarkers(qdf(hostile))).toEqual(expect.arrayContaining(['/JavaScript', '/Launch', '/OpenAction', '/AA']));
    const { file, view, original, stamped } = await receive(hostile);
    expect(file.activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    expect(view.files[0].activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    expect(original.equals(hostile)).toBe(true);
    // The copy served and printed: rewritten without them (qpdf's view of it, and every object pdf-lib reads).
    expect(activeMarkers(qdf(stamped))).toEqual([]);
    expect(activeMarkers(stamped.toString('latin1'))).toEqual([]);
    const doc = await PDFDocument.load(stamped);
    expect(doc.catalog.has((await import('pdf-lib')).PDFName.of('OpenAction'))).toBe(false);
    expect(qpdfCheck(stamped).status).toBe(0);
    // A clean PDF is flagged as clean.
    expect((await receive(await textPdf(['Công văn sạch']))).file.activeContent).toEqual([]);
  });

  it('a signed PDF with active content: the incremental stamp also takes the actions out and the signature stays valid (pdfsig, our validator)', async () => {
    const signed = await signWithSignpdf(
      await withActiveContent(await textPdf(['Công văn đã ký có mã chạy tự động'])),
      other.p12,
      other.passphrase,
    );
    const { file, original, stamped } = await receive(signed);
    expect(file.activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    expect(original.equals(signed)).toBe(true);
    expect(stamped.subarray(0, signed.length).equals(signed)).toBe(true);
    // The latest revision (what a viewer runs) holds no trigger; the old objects stay, unreferenced, in the signed bytes.
    expect(activeMarkers(qdf(stamped))).toEqual([]);
    expect(pdfsig(stamped, other.rootPem)).toEqual([
      { validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: false },
    ]);
    const report = await validatePdf(stamped, await loadTrustStore(path.join(other.dir, 'trust')));
    expect(report.signatures[0]).toMatchObject({
      integrity: { digestMatches: true, signatureVerified: true },
      modifiedAfter: { kinds: ['active_content_removed', 'annotations'] },
    });
    expect(report.reasons.map((r) => r.code)).not.toContain('modified_after_signing');
    expect(qpdfCheck(stamped).status).toBe(0);
  });
});

describe('OCR copy of a flagged scan', () => {
  it('the searchable PDF made by OCRmyPDF (which keeps the scripts) is cleaned', async () => {
    if (!(await ocrAvailable())) return console.warn('ocrmypdf is not installed: OCR copy test skipped');
    const clerk = await as('stc.vanthu');
    const hostile = await withActiveContent(await scannedPdf(1));
    const up = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', hostile, 'bản quét.pdf');
    expect(up.status).toBe(201);
    const fileId = up.body.files[0].id as string;
    expect(up.body.files[0].activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    expect(await ocrFile(t.database.db, openBlobStore(t.config), fileId)).toMatchObject({ state: 'DONE' });
    const ocr = (await clerk.agent.get(`/api/incoming/${up.body.id}/files/${fileId}/searchable`).buffer(true)).body as Buffer;
    expect(ocr.subarray(0, 5).toString()).toBe('%PDF-');
    expect(activeMarkers(qdf(ocr))).toEqual([]);
    expect(activeMarkers(ocr.toString('latin1'))).toEqual([]);
  });
});

describe('outgoing drafts with active content', () => {
  it('keeps the upload as original, and what is reviewed, signed, sealed and issued carries no active content', async () => {
    const author = await as('stc.cv.qlns');
    const hostile = await withActiveContent(await textPdf(['Kế hoạch có mã chạy tự động', 'Trang hai']));
    const res = await author.agent
      .post('/api/outgoing')
      .set('X-XSRF-TOKEN', author.xsrf!)
      .field(
        'metadata',
        JSON.stringify({
          documentType: 'KH',
          subject: 'Kế hoạch thử mã chạy tự động',
          recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
          urgency: 'THUONG',
        }),
      )
      .attach('main', hostile, 'Kế hoạch.pdf')
      .attach('attachments', await withActiveContent(await textPdf(['Phụ lục'])), 'Phụ lục.pdf');
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const [main, attachment] = res.body.versions[0].files as {
      sha256: string;
      originalSha256: string | null;
      activeContent: string[] | null;
      id: string;
    }[];
    expect(main.activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    expect(attachment.activeContent).toEqual(['javascript', 'launch', 'open_action', 'additional_actions']);
    const blobs = openBlobStore(t.config);
    expect((await readAll(await blobs.get(main.originalSha256!))).equals(hostile)).toBe(true);
    const draft = await readAll(await blobs.get(main.sha256));
    expect(activeMarkers(draft.toString('latin1'))).toEqual([]);
    const served = (await author.agent.get(`/api/outgoing/${id}/files/${main.id}`).buffer(true)).body as Buffer;
    expect(served.equals(draft)).toBe(true);

    for (const [who, action] of [
      ['stc.cv.qlns', 'submit'],
      ['stc.tp.qlns', 'approve'],
      ['stc.pgd', 'approve'],
    ])
      expect((await (await as(who)).post(`/api/outgoing/${id}/${action}`, {})).status).toBe(200);
    expect((await (await as('stc.pgd')).post(`/api/outgoing/${id}/sign`, { passphrase: DEMO_PASSWORD })).status).toBe(202);
    const job = (await t.queues.signing.getJobs(['waiting', 'delayed', 'active'])).find(
      (j) => j.data.documentId === id && j.data.requestId,
    )!;
    const deps = signingDeps(t.config);
    expect(await completeLeaderSignature(t.database.db, blobs, deps, job.data as SignOutgoingJob)).toEqual({ state: 'DONE' });
    expect((await (await as('stc.vanthu')).post(`/api/outgoing/${id}/issue`, {})).status).toBe(200);
    const seal = (await t.queues.signing.getJob(`seal-${id}`))!;
    expect(await sealOutgoing(t.database.db, blobs, deps, seal.data as SealOutgoingJob)).toMatchObject({ sealed: true });

    const [doc] = await t.database.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
    const issued = (await (await as('stc.vanthu')).agent.get(`/api/outgoing/${id}/issued`).buffer(true)).body as Buffer;
    for (const pdf of [await readAll(await blobs.get(doc.signedSha256!)), issued]) {
      expect(activeMarkers(pdf.toString('latin1'))).toEqual([]);
      expect(activeMarkers(qdf(pdf))).toEqual([]);
    }
    expect(await validatePdf(issued, await deps.trustStore())).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    const [row] = await t.database.db.select().from(outgoingFiles).where(eq(outgoingFiles.id, attachment.id));
    expect(row.originalSha256).not.toBeNull();
    const [sealedAttachment] = await t.database.db.select().from(outgoingSealedFiles).where(eq(outgoingSealedFiles.documentId, id));
    expect(activeMarkers((await readAll(await blobs.get(sealedAttachment.sealedSha256))).toString('latin1'))).toEqual([]);
  }, 90_000);
});
