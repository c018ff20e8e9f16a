import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { openPkcs12, type SigningIdentity } from '../../api/src/signing/cms';
import { writeIncrementalUpdate } from '../../api/src/signing/incremental';
import {
  generateDevPki,
  issueSigningCertificate,
  writePkcs12,
  type CertificateSpec,
  type DevPki,
  type PkiUrls,
} from '../../api/src/signing/pki';
import { loadTrustStore, type TrustStore } from '../../api/src/signing/validate';

export const PKI_PASSWORD = 'vanthu-demo';

export interface TestPki {
  dir: string;
  pki: DevPki;
  trust: () => Promise<TrustStore>;
  identity(kind: 'users' | 'orgs', name: string): SigningIdentity;
  /** A certificate issued for the test (expired, to be revoked…), unlocked. */
  issue(name: string, spec: CertificateSpec): { identity: SigningIdentity; serial: string; p12: string };
  remove(): void;
}

/** A dev PKI in a temporary folder, with two leaders and two organisations; `urls` go into AIA / CRL distribution points. */
export async function createTestPki(urls?: PkiUrls): Promise<TestPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-pki-'));
  const { pki } = await generateDevPki({
    dir,
    urls,
    password: PKI_PASSWORD,
    leaders: [
      { username: 'qn.chutich', fullName: 'Trần Minh Khoa', position: 'Chủ tịch', organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      {
        username: 'qn.cvp',
        fullName: 'Đỗ Văn Thành',
        position: 'Chánh Văn phòng',
        organisation: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      },
    ],
    organisations: [
      { id: 'qn-ubnd', name: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      { id: 'qn-vpubnd', name: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh' },
    ],
  });
  return {
    dir,
    pki,
    trust: () => loadTrustStore(path.join(dir, 'trust')),
    identity: (kind, name) => openPkcs12(fs.readFileSync(path.join(dir, kind, `${name}.p12`)), PKI_PASSWORD),
    issue(name, spec) {
      const issued = issueSigningCertificate(pki, spec);
      const p12 = writePkcs12(pki, issued, path.join(dir, 'extra'), name, PKI_PASSWORD);
      return { identity: openPkcs12(fs.readFileSync(p12), PKI_PASSWORD), serial: issued.cert.serialNumber, p12 };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** An A4 PDF of `pages` pages with some Vietnamese-free text (standard font). */
export async function makePdf(pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 40; line++)
      page.drawText(`Page ${i + 1}, line ${line + 1}: the quick brown fox jumps over the lazy dog.`, {
        x: 50,
        y: 800 - line * 18,
        size: 10,
        font,
      });
  }
  return Buffer.from(await doc.save());
}

/** An incremental update that draws text on page 1: a content change after signing. */
export async function appendContentChange(pdf: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const before = doc.context.largestObjectNumber;
  const page = doc.getPage(0);
  page.drawText('CHANGED AFTER SIGNING', {
    x: 60,
    y: 60,
    size: 14,
    color: rgb(1, 0, 0),
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  await doc.flush();
  const refs = [
    page.ref,
    ...doc.context
      .enumerateIndirectObjects()
      .map(([r]) => r)
      .filter((r) => r.objectNumber > before),
  ];
  return writeIncrementalUpdate(pdf, doc, refs);
}

/** The test PNG of a handwritten signature: blue strokes on a transparent background. */
export async function signatureImage(): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(300, 120);
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = '#1a3cc8';
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.moveTo(20, 90);
  ctx.bezierCurveTo(60, 10, 100, 110, 150, 50);
  ctx.bezierCurveTo(190, 0, 230, 110, 280, 40);
  ctx.stroke();
  return canvas.toBuffer('image/png');
}

/** A copy of a signed PDF with one byte changed in the middle of the first signed range. */
export function flipByteInSignedRange(pdf: Buffer): Buffer {
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(pdf.toString('latin1'))!;
  const copy = Buffer.from(pdf);
  const at = Math.floor(Number(m[1]) / 2);
  copy[at] ^= 0x01;
  return copy;
}

/** Applies `edit` to a loaded copy and appends what changed as an incremental update (like a PDF editor would). */
export async function incrementalEdit(pdf: Buffer, edit: (doc: PDFDocument) => Promise<void>): Promise<Buffer> {
  const original = await PDFDocument.load(pdf, { updateMetadata: false });
  const before = new Map(original.context.enumerateIndirectObjects().map(([r, o]) => [r.objectNumber, o.toString()]));
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  await edit(doc);
  await doc.flush();
  const refs = doc.context
    .enumerateIndirectObjects()
    .filter(([r, o]) => before.get(r.objectNumber) !== o.toString())
    .map(([r]) => r);
  return writeIncrementalUpdate(pdf, doc, refs);
}

/** A one-page PDF with an empty text field "ghiChu" (a form to fill after signing). */
export async function makeFormPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  doc.getForm().createTextField('ghiChu').addToPage(page, { x: 50, y: 700, width: 300, height: 24 });
  return Buffer.from(await doc.save());
}
