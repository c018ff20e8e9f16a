// Reading degraded scans like a văn thư (issue 24): documents written by LibreOffice, printed to 200 dpi grey,
// rotated, noisy, blurred and JPEG-compressed (scripts/bench/scans.ts), read by the real OCRmyPDF/Tesseract.
// Five pages of OCR in all: one upload through the API and two scans read twice.
import { eq } from 'drizzle-orm';
import pino from 'pino';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ocrAvailable, ocrPdf } from '../../api/src/incoming/ocr';
import { proposeRegistration, readIssuer, registerCase } from '../../api/src/incoming/proposal';
import { incomingFiles } from '../../api/src/incoming/schema';
import { rereadSubject } from '../../api/src/incoming/subject-pass';
import { organisations } from '../../api/src/organisations/schema';
import { startWorkers, type RunningWorkers } from '../../workers/src';
import { makeScans, type ScanDoc } from '../../scripts/bench/scans';
import { type ApiClient, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';
import { openBlobStore } from '../../api/src/storage';

let t: TestApp;
let clerk: ApiClient;
let workers: RunningWorkers;
let haveOcr = false;
let scans: { doc: ScanDoc; pdf: Buffer }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  clerk = await loggedIn(t.app, 'stc.vanthu');
  workers = await startWorkers({
    db: t.database.db,
    redisUrl: REDIS_URL,
    prefix: t.config.QUEUE_PREFIX,
    queues: t.queues,
    blobs: openBlobStore(t.config),
    log: pino({ level: 'silent' }),
    config: t.config,
  });
  haveOcr = await ocrAvailable();
  // #0: "UBND TỈNH QUẢNG NINH / SỞ TÀI CHÍNH", a công văn whose body opens with "Để phục vụ…" (no known opener).
  // #4: "ỦY BAN NHÂN DÂN / HUYỆN VÂN ĐỒN" on two lines, an organisation this system does not know.
  // #7: a thông báo of the Bộ Nội vụ "Về việc triển khai kế hoạch chuyển đổi số năm 2026" in bold.
  if (haveOcr) scans = await makeScans([0, 4, 7]);
}, 120_000);
afterAll(async () => {
  await workers.close();
  await t.close();
});

describe('registration proposal from degraded scans (real OCR)', () => {
  it('proposes a Sở under the UBND tỉnh by its name in the organisation tree, and the subject stops before the body', async () => {
    if (!haveOcr) return console.warn('ocrmypdf is not installed: scan test skipped');
    const { doc, pdf } = scans[0];
    if (!clerk.xsrf) await clerk.get('/api/me');
    const res = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', pdf, 'bản quét.pdf');
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const end = Date.now() + 150_000;
    let proposal;
    for (;;) {
      proposal = (await clerk.get(`/api/incoming/${id}/proposal`)).body;
      if (proposal.source === 'OCR' || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    // "Sở Tài chính tỉnh Quảng Ninh" is the organisation's name in the tree: the Sở (second line) with the parent's place.
    expect(proposal).toEqual({
      source: 'OCR',
      ...doc.truth,
      confidence: { number: 1, symbol: 1, issueDate: 1, issuerName: 1, documentType: 1, subject: 1 },
    });
    expect(doc.truth.issuerName).toBe('Sở Tài chính tỉnh Quảng Ninh');
    expect(doc.truth.subject).toBe('V/v triển khai kế hoạch chuyển đổi số năm 2026');

    // The same text as a scan whose capitals lost their diacritics: the tree's name comes back, with them.
    const text = (await clerk.get(`/api/incoming/${id}/files/${res.body.files[0].id}/extraction`)).body;
    expect(text.ocr.state).toBe('DONE');
    const [row] = await t.database.db
      .select({ text: incomingFiles.extractedText })
      .from(incomingFiles)
      .where(eq(incomingFiles.id, res.body.files[0].id));
    const [header, ...rest] = row.text!.split('Số:');
    const stripped = header
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/Đ/g, 'D');
    expect(stripped).toMatch(/SO TAI CHINH/);
    const tree = (await t.database.db.select({ name: organisations.name }).from(organisations)).map((o) => o.name);
    const lost = proposeRegistration([stripped, ...rest].join('Số:'), tree);
    expect(lost).toMatchObject({ issuerName: 'Sở Tài chính tỉnh Quảng Ninh', confidence: { issuerName: 1 } });
  }, 200_000);

  it('reads the same scans to the same text bytes and proposals twice, and joins a two-line UBND issuer', async () => {
    if (!haveOcr) return console.warn('ocrmypdf is not installed: scan test skipped');
    const read: string[] = [];
    for (const scan of [scans[1], scans[2]]) {
      const [once, again] = [await ocrPdf(scan.pdf), await ocrPdf(scan.pdf)];
      read.push(once.text);
      expect(Buffer.from(again.text).equals(Buffer.from(once.text))).toBe(true);
      expect(proposeRegistration(again.text)).toEqual(proposeRegistration(once.text));
      expect(proposeRegistration(once.text)).toMatchObject({ subject: scan.doc.truth.subject, number: scan.doc.truth.number });
    }
    const { doc } = scans[1];
    const first = { text: read[0] };
    // Bold capitals keep their diacritics (the `vie` model alone).
    expect(first.text).toMatch(/ỦY BAN NHÂN DÂN/);
    expect(first.text).toMatch(/HUYỆN VÂN ĐỒN/);
    // Not known anywhere: the two header lines joined, written as the registers write issuers.
    expect(proposeRegistration(first.text, [])).toMatchObject({
      ...doc.truth,
      issuerName: 'Ủy ban nhân dân huyện Vân Đồn',
      confidence: { issuerName: 0.5 },
    });
    // Seen before in the registers: that name, with full confidence.
    expect(proposeRegistration(first.text, ['Ủy ban nhân dân huyện Vân Đồn', 'Ủy ban nhân dân huyện Vân Canh'])).toMatchObject({
      issuerName: 'Ủy ban nhân dân huyện Vân Đồn',
      confidence: { issuerName: 1 },
    });
  }, 400_000);

  it('re-reads the trích yếu at 400 dpi: a bold diacritic the page pass misread comes back, the body is left alone', async () => {
    if (!haveOcr) return console.warn('ocrmypdf is not installed: scan test skipped');
    const { doc, pdf } = scans[2];
    const { searchable, text } = await ocrPdf(pdf);
    expect(doc.truth.subject).toBe('Về việc triển khai kế hoạch chuyển đổi số năm 2026');
    // What the 200 dpi page pass read on #14 of the bench ("đối" for "đổi"), put into this page's text.
    const misread = text.replace('chuyển đổi số', 'chuyển đối số');
    expect(proposeRegistration(misread).subject).toBe('Về việc triển khai kế hoạch chuyển đối số năm 2026');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-pass-'));
    try {
      await fs.writeFile(path.join(dir, 'out.pdf'), searchable);
      const reread = await rereadSubject(path.join(dir, 'out.pdf'), misread, dir);
      expect(proposeRegistration(reread).subject).toBe(doc.truth.subject);
      // Only the trích yếu's words are re-read: the rest of the text is as the page pass gave it.
      expect(reread.length).toBe(misread.length);
      expect(reread.replace('chuyển đổi số', '')).toBe(misread.replace('chuyển đối số', ''));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 200_000);
});

describe('issuer reading from the ND 30 header', () => {
  const known = ['Sở Y tế tỉnh Quảng Ninh', 'Sở Tài chính tỉnh Quảng Ninh', 'Ủy ban nhân dân tỉnh Quảng Ninh', 'Bộ Tài chính'];

  it('takes the Sở under a UBND, tolerates a misread letter, and tells how sure it is', () => {
    expect(readIssuer(['UBND TỈNH QUẢNG NINH', 'SOY TF'], known)).toEqual({
      name: 'Sở Y tế tỉnh Quảng Ninh',
      parent: 'UBND TỈNH QUẢNG NINH',
      confidence: 0.94,
    });
    expect(readIssuer(['BO TAI CHINH'], known)).toMatchObject({ name: 'Bộ Tài chính', confidence: 1 });
    expect(readIssuer(['UY BAN NHAN DAN', 'TINH QUANG NINH'], known)).toMatchObject({
      name: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      parent: null,
      confidence: 1,
    });
  });

  it('writes an unknown issuer as the registers do, with its parent’s place', () => {
    expect(readIssuer(['UBND HUYỆN BA CHẼ', 'PHÒNG TÀI CHÍNH - KẾ HOẠCH'], known)).toEqual({
      name: 'Phòng Tài chính - Kế hoạch huyện Ba Chẽ',
      parent: 'Ủy ban nhân dân huyện Ba Chẽ',
      confidence: 0.5,
    });
    expect(readIssuer(['UBND TỈNH LẠNG SƠN', 'SỞ TÀI NGUYÊN VÀ', 'MÔI TRƯỜNG'], known)).toMatchObject({
      name: 'Sở Tài nguyên và Môi trường tỉnh Lạng Sơn',
    });
    expect(registerCase('UBND THÀNH PHỐ CẨM PHẢ')).toBe('Ủy ban nhân dân thành phố Cẩm Phả');
  });

  it('ends the trích yếu at its block: the blank line, the salutation, or a body line that starts a sentence', () => {
    const head = [
      'ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'THÀNH PHỐ CẨM PHẢ Độc lập - Tự do - Hạnh phúc',
      'Số: 12/UBND-QLĐT',
    ];
    const text = (lines: string[]) => [...head, ...lines].join('\n');
    // The place-and-date line beside the subject is cut out; the body follows without a blank line.
    expect(
      proposeRegistration(
        text([
          'V/v cải tạo, sửa chữa tuyến đường Cẩm Phả, ngày 3 tháng 4 năm 2026',
          'nội thị thành phố Cẩm Phả',
          'Để phục vụ thi công cải tạo, nâng cấp công trình, đề nghị các đơn vị phối hợp',
        ]),
      ).subject,
    ).toBe('V/v cải tạo, sửa chữa tuyến đường nội thị thành phố Cẩm Phả');
    expect(proposeRegistration(text(['V/v cải tạo, sửa chữa tuyến đường', '', 'Năm 2026 đường xấu'])).subject).toBe(
      'V/v cải tạo, sửa chữa tuyến đường',
    );
  });
});
