import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument, degrees, rgb } from 'pdf-lib';
import { incomingFiles } from '../../api/src/incoming/schema';
import { stampReceived } from '../../api/src/incoming/stamp';
import { loadTrustStore, validatePdf } from '../../api/src/signing/validate';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { congVanFodt, officeToPdf } from '../support/office';
import { createTestPki, type TestPki } from '../support/signing';
import {
  certifyWithSignpdf,
  opensslPki,
  overlaps,
  pageBoxes,
  signWithPoppler,
  pdfsig,
  qpdfCheck,
  rotatedLetter,
  signWithOpensslCms,
  signWithSignpdf,
  type PageBoxes,
} from '../support/stamp-checks';

let t: TestApp;
let dataDir: string;
let clerk: ApiClient;
let pki: TestPki;
let other: ReturnType<typeof opensslPki>;
let letter: Buffer;
const MM = 72 / 25.4;
let registered = 0;
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-stamp-'));
  [t, pki] = await Promise.all([startTestApp({ env: { DATA_DIR: dataDir } }), createTestPki()]);
  clerk = await loggedIn(t.app, 'stc.vanthu');
  letter = officeToPdf(congVanFodt());
  other = opensslPki();
}, 120_000);
afterAll(async () => {
  await t.close();
  pki.remove();
  other.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Receives `pdf` as an incoming document, registers it and downloads the original and the stamped copy. */
async function receiveAndStamp(pdf: Buffer) {
  if (!clerk.xsrf) await clerk.get('/api/me');
  const up = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', pdf, 'công văn đến.pdf');
  expect(up.status).toBe(201);
  const { id } = up.body;
  const fileId = up.body.files[0].id;
  const reg = await clerk.post(`/api/incoming/${id}/register`, {
    registerId: 'qn-stc-den',
    issuerName: 'Sở Nội vụ tỉnh Quảng Ninh',
    number: String(++registered),
    symbol: 'SNV-VP',
    issueDate: '2026-12-05',
    documentType: 'Công văn',
    subject: 'V/v rà soát hồ sơ công việc năm 2026',
    urgency: 'THUONG',
  });
  expect(reg.status).toBe(200);
  const original = (await clerk.agent.get(`/api/incoming/${id}/files/${fileId}`).buffer(true)).body as Buffer;
  const stamped = (await clerk.agent.get(`/api/incoming/${id}/files/${fileId}/stamped`).buffer(true)).body as Buffer;
  const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
  return { id, fileId, original, stamped, row, arrivalNumber: reg.body.register.number as number };
}

/** The ĐẾN stamp annotation of page 1: 50 × 35 mm as displayed, on the page, over no text box. */
function expectStampClear(boxes: PageBoxes, arrivalNumber: number) {
  const stamps = boxes.annotations.filter((a) => a.subtype === 'Stamp');
  expect(stamps).toHaveLength(1);
  const [s] = stamps;
  expect(s.contents).toContain(`ĐẾN — Số: ${arrivalNumber}`);
  expect((s.box[2] - s.box[0]) / MM).toBeCloseTo(50, 0);
  expect((s.box[3] - s.box[1]) / MM).toBeCloseTo(35, 0);
  expect(s.box[0]).toBeGreaterThanOrEqual(0);
  expect(s.box[1]).toBeGreaterThanOrEqual(0);
  expect(s.box[2]).toBeLessThanOrEqual(boxes.width);
  expect(s.box[3]).toBeLessThanOrEqual(boxes.height);
  expect(boxes.texts.length).toBeGreaterThan(3);
  expect(boxes.texts.filter((x) => overlaps(x.box, s.box)).map((x) => x.str)).toEqual([]);
  return s;
}

describe('ĐẾN stamp of a signed PDF received from another organisation', () => {
  it.each([
    [
      '@signpdf (adbe.pkcs7.detached), another organisation’s CA',
      async () => ({
        pdf: await signWithSignpdf(letter, other.p12, other.passphrase),
        root: other.rootPem,
        trust: () => loadTrustStore(path.join(other.dir, 'trust')),
      }),
    ],
    [
      'Poppler pdfsig (cross-reference streams), another organisation’s CA',
      async () => ({
        pdf: await signWithPoppler(letter, other),
        root: other.rootPem,
        trust: () => loadTrustStore(path.join(other.dir, 'trust')),
      }),
    ],
    [
      'openssl cms, the dev CA',
      async () => ({
        pdf: await signWithOpensslCms(letter, pki.identity('users', 'qn.chutich')),
        root: path.join(pki.dir, 'root-ca.pem'),
        trust: pki.trust,
      }),
    ],
  ])('signed by %s: the stamped copy is an incremental update; pdfsig and our validator find the signature valid', async (_tool, sign) => {
    const { pdf: signed, root, trust } = await sign();
    expect(pdfsig(signed, root)).toEqual([{ validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: true }]);
    const before = await validatePdf(signed, await trust());
    const { original, stamped, row, arrivalNumber } = await receiveAndStamp(signed);

    // The original stays as received; the stamped copy begins with every byte of it.
    expect(sha256(original)).toBe(sha256(signed));
    expect(row.sha256).toBe(sha256(signed));
    expect(stamped.length).toBeGreaterThan(signed.length);
    expect(stamped.subarray(0, signed.length).equals(signed)).toBe(true);

    expect(pdfsig(stamped, root)).toEqual([{ validation: 'Signature is Valid.', certificate: 'Certificate is Trusted.', total: false }]);
    // Our validator judges the copy as it judged the original (the other CA publishes no CRL here: "indeterminate"
    // for revocation only), and names what came after the signature: an annotation.
    const report = await validatePdf(stamped, await trust());
    expect(report.verdict).not.toBe('invalid');
    expect(report.verdict).toBe(before.verdict);
    expect(report.reasons).toEqual(before.reasons);
    expect(report.signatures[0]).toMatchObject({
      integrity: { digestMatches: true, signatureVerified: true },
      chain: { trusted: true },
      modifiedAfter: { changed: true, kinds: ['annotations'] },
    });
    const check = qpdfCheck(stamped);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');

    const s = expectStampClear(pageBoxes(stamped), arrivalNumber);
    // Near the số/ký hiệu and trích yếu: in the upper half of the page, not at its foot.
    expect(s.box[1]).toBeLessThan(pageBoxes(stamped).height / 2);
  });

  it('on a page turned by /Rotate 90 the stamp stands upright for the reader, clear of the text, and the signature stays valid', async () => {
    const rotated = await rotatedLetter([
      'SỞ NỘI VỤ TỈNH QUẢNG NINH',
      'Số: 45/SNV-TCBC',
      'V/v tuyển dụng công chức năm 2026',
      '',
      '',
      '',
      '',
      '',
      '',
      'Kính gửi: Sở Tài chính tỉnh Quảng Ninh',
      'Thực hiện kế hoạch tuyển dụng công chức năm 2026 của Ủy ban nhân dân tỉnh,',
      'Sở Nội vụ đề nghị Sở Tài chính rà soát chỉ tiêu biên chế và gửi về trước ngày 20/12/2026.',
    ]);
    const boxesBefore = pageBoxes(rotated);
    expect(boxesBefore).toMatchObject({ rotate: 90, width: 595, height: 842 });
    // The letter reads upright: its first line is at the top, left to right.
    const first = boxesBefore.texts.find((x) => x.str.startsWith('SỞ NỘI VỤ'))!;
    expect(first.box[2] - first.box[0]).toBeGreaterThan(first.box[3] - first.box[1]);
    expect(first.box[1]).toBeLessThan(100);

    const signed = await signWithSignpdf(rotated, other.p12, other.passphrase);
    const { stamped, arrivalNumber } = await receiveAndStamp(signed);
    const s = expectStampClear(pageBoxes(stamped), arrivalNumber);
    expect(s.box[1]).toBeLessThan(842 / 2);
    expect(pdfsig(stamped, other.rootPem)[0].validation).toBe('Signature is Valid.');
    expect((await validatePdf(stamped, await loadTrustStore(path.join(other.dir, 'trust')))).signatures[0]).toMatchObject({
      integrity: { digestMatches: true },
      modifiedAfter: { kinds: ['annotations'] },
    });
    expect(qpdfCheck(stamped).status).toBe(0);
  });
});

describe('ĐẾN stamp of an unsigned PDF', () => {
  it.each([180, 270])('on a page turned by /Rotate %i the stamp is 50 × 35 mm as displayed and over no text', async (angle) => {
    const doc = await PDFDocument.load(letter);
    doc.getPage(0).setRotation(degrees(angle));
    const turned = Buffer.from(await doc.save());
    const { stamped, arrivalNumber } = await receiveAndStamp(turned);
    expect(pageBoxes(stamped).rotate).toBe(angle);
    expectStampClear(pageBoxes(stamped), arrivalNumber);
    expect(qpdfCheck(stamped).status).toBe(0);
  });

  it('a LibreOffice letter: the stamp goes in blank space near the số/ký hiệu and trích yếu, over no text; the original is untouched', async () => {
    const { original, stamped, arrivalNumber } = await receiveAndStamp(letter);
    expect(sha256(original)).toBe(sha256(letter));
    const boxes = pageBoxes(stamped);
    const s = expectStampClear(boxes, arrivalNumber);
    expect(s.box[1]).toBeLessThan(boxes.height / 2);
    // Every word of the letter is still there, where it was.
    expect(boxes.texts.map((x) => x.str)).toEqual(pageBoxes(letter).texts.map((x) => x.str));
    expect(qpdfCheck(stamped).status).toBe(0);
  });

  it('a scan without a text layer: the stamp keeps off the ink of the page image', async () => {
    // "Lines of text" as dark bars (display boxes, top-left origin) with a gap only below the fourth.
    const bars: [number, number, number, number][] = [
      [60, 50, 280, 62],
      [320, 50, 540, 62],
      [80, 70, 260, 82],
      [340, 70, 520, 82],
      [90, 90, 250, 100],
      ...Array.from({ length: 24 }, (_, i) => [60, 220 + i * 22, 540, 232 + i * 22] as [number, number, number, number]),
    ];
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    for (const [x0, y0, x1, y1] of bars)
      page.drawRectangle({ x: x0, y: 842 - y1, width: x1 - x0, height: y1 - y0, color: rgb(0.1, 0.1, 0.1) });
    const scan = Buffer.from(await doc.save());
    const { stamped, arrivalNumber } = await receiveAndStamp(scan);
    const boxes = pageBoxes(stamped);
    const [s] = boxes.annotations.filter((a) => a.subtype === 'Stamp');
    expect(s.contents).toContain(`Số: ${arrivalNumber}`);
    expect(bars.filter((b) => overlaps(b, s.box))).toEqual([]);
    expect(s.box[1]).toBeGreaterThan(100);
    expect(s.box[3]).toBeLessThan(220);
  });
});

describe('a certified PDF (DocMDP)', () => {
  it('the stamp is an annotation: allowed under P=3, reported as not permitted under P=2 and P=1', async () => {
    const trust = await loadTrustStore(path.join(other.dir, 'trust'));
    const stamp = { organisationName: 'Sở Tài chính tỉnh Quảng Ninh', arrivalNumber: 9, receivedAt: new Date() };
    const kinds = async (p: 1 | 2 | 3) => {
      const certified = await certifyWithSignpdf(letter, other.p12, other.passphrase, p);
      expect((await validatePdf(certified, trust)).reasons.map((r) => r.code)).not.toContain('change_not_permitted');
      const report = await validatePdf(Buffer.from((await stampReceived(certified, stamp)).pdf), trust);
      return { kinds: report.signatures[0].modifiedAfter.kinds, codes: report.reasons.map((r) => r.code) };
    };
    expect(await kinds(3)).toEqual({ kinds: ['annotations'], codes: ['revocation_unknown'] });
    expect(await kinds(2)).toEqual({ kinds: ['annotations'], codes: ['change_not_permitted'] });
    expect(await kinds(1)).toEqual({ kinds: ['annotations'], codes: ['change_not_permitted'] });
  });
});
