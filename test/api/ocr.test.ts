import { spawnSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import { createCanvas, GlobalFonts, Image } from '@napi-rs/canvas';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import pino from 'pino';
import { extractPdfText } from '../../api/src/incoming/pdf';
import { imageToPdf, ocrAvailable, recordedDpi } from '../../api/src/incoming/ocr';
import { proposeRegistration } from '../../api/src/incoming/proposal';
import { incomingFiles } from '../../api/src/incoming/schema';
import { openBlobStore } from '../../api/src/storage';
import { startWorkers, type RunningWorkers } from '../../workers/src';
import { pngBytes } from '../support/documents';
import { type ApiClient, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let clerk: ApiClient;
let workers: RunningWorkers;
let haveOcr = false;

GlobalFonts.registerFromPath(
  path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSerif.ttf'),
  'ScanSerif',
);

const LINES = [
  'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
  'Số: 1234/UBND-KT',
  'Quảng Ninh, ngày 15 tháng 10 năm 2026',
  'CÔNG VĂN',
  'V/v triển khai kế hoạch chuyển đổi số',
  'Kính gửi: Sở Tài chính tỉnh Quảng Ninh',
];

/** A "scan" at 300 dpi: black serif text on a slightly grey page, rotated a little, with speckle noise. */
function scanPng(lines = LINES, degrees = 1.5): Buffer {
  const canvas = createCanvas(2000, 1100);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f4f4f0';
  ctx.fillRect(0, 0, 2000, 1100);
  ctx.translate(1000, 550);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.translate(-1000, -550);
  ctx.fillStyle = '#111';
  ctx.font = '46px ScanSerif';
  lines.forEach((l, i) => ctx.fillText(l, 120, 160 + i * 140));
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  ctx.fillStyle = '#555';
  for (let i = 0; i < 800; i++) ctx.fillRect(rnd() * 2000, rnd() * 1100, 1.5, 1.5);
  return canvas.toBuffer('image/png');
}

/**
 * The same scan as a TIFF, written by hand: 8-bit greyscale, uncompressed, one strip, 300 dpi
 * (little-endian "II*\0"; an IFD of 11 entries after the pixels).
 */
function scanTiff(lines = LINES): Buffer {
  const width = 2000;
  const height = 1100;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const png = new Image();
  png.src = scanPng(lines, 0.8);
  ctx.drawImage(png, 0, 0);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]);
  const pixels = 8;
  const rational = pixels + grey.length; // two RATIONALs (x and y resolution), 8 bytes each
  const ifd = rational + 16;
  const entries: [number, number, number, number][] = [
    [256, 4, 1, width], // ImageWidth (LONG)
    [257, 4, 1, height], // ImageLength
    [258, 3, 1, 8], // BitsPerSample (SHORT)
    [259, 3, 1, 1], // Compression: none
    [262, 3, 1, 1], // PhotometricInterpretation: BlackIsZero
    [273, 4, 1, pixels], // StripOffsets
    [277, 3, 1, 1], // SamplesPerPixel
    [278, 4, 1, height], // RowsPerStrip
    [279, 4, 1, grey.length], // StripByteCounts
    [282, 5, 1, rational], // XResolution (RATIONAL, at an offset)
    [283, 5, 1, rational + 8], // YResolution
    [296, 3, 1, 2], // ResolutionUnit: inch
  ];
  const out = Buffer.alloc(ifd + 2 + entries.length * 12 + 4);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifd, 4);
  grey.copy(out, pixels);
  for (const at of [rational, rational + 8]) {
    out.writeUInt32LE(300, at);
    out.writeUInt32LE(1, at + 4);
  }
  out.writeUInt16LE(entries.length, ifd);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifd + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value, at + 8);
  });
  out.writeUInt32LE(0, ifd + 2 + entries.length * 12); // no next IFD
  return out;
}

/** The same scan as an image-only PDF, as a desk scanner makes it. */
async function scanPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const img = await doc.embedPng(scanPng());
  const page = doc.addPage([(2000 * 72) / 300, (1100 * 72) / 300]);
  page.drawImage(img, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  return Buffer.from(await doc.save());
}

async function upload(main: [string, Buffer], attachments: [string, Buffer][] = []) {
  if (!clerk.xsrf) await clerk.get('/api/me');
  let req = clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', main[1], main[0]);
  for (const [name, bytes] of attachments) req = req.attach('attachments', bytes, name);
  const res = await req;
  expect(res.status).toBe(201);
  return res.body as { id: string; files: { id: string; role: string }[] };
}

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const c: Buffer[] = [];
  res.on('data', (d: Buffer) => c.push(d));
  res.on('end', () => cb(null, Buffer.concat(c)));
};

/** The PNG with a pHYs chunk saying `dpi` (as a scanner writes it), right after IHDR. */
function withDpi(png: Buffer, dpi: number): Buffer {
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data[8] = 1; // unit: metre
  const body = Buffer.concat([Buffer.from('pHYs', 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0, 0);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(9, 0);
  return Buffer.concat([png.subarray(0, 33), length, body, crc, png.subarray(33)]);
}

/** Polls the extraction endpoint until `done` holds. */
async function until(docId: string, fileId: string, done: (e: { state: string; ocr: { state: string } | null }) => boolean, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const res = await clerk.get(`/api/incoming/${docId}/files/${fileId}/extraction`);
    if (done(res.body)) return res.body;
    if (Date.now() > end) throw new Error(`extraction stuck at ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

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
});
afterAll(async () => {
  await workers.close();
  await t.close();
});

const ocrDone = (e: { ocr: { state: string } | null }) => !!e.ocr && ['DONE', 'FAILED', 'UNAVAILABLE'].includes(e.ocr.state);

describe('OCR of scanned documents', () => {
  it('OCRs a scanned PDF and a PNG: searchable copy beside the untouched original, text in search', async () => {
    if (!haveOcr) return console.warn('ocrmypdf is not installed: OCR test skipped');
    const original = await scanPdf();
    const doc = await upload(['bản quét.pdf', original], [['ảnh chụp.png', scanPng(LINES, -1)]]);
    const [main, image] = doc.files;
    const started = Date.now();
    const done = await until(doc.id, main.id, ocrDone);
    process.stdout.write(`OCR of a 1-page scan: ${Date.now() - started} ms\n`);
    expect(done).toMatchObject({ state: 'DONE', pageCount: 1, ocr: { state: 'DONE', error: null, searchablePdf: true } });
    const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, main.id));
    const text = row.extractedText!;
    // Lower-case lines come back with their diacritics; capitals (QUẢNG NINH) sometimes lose them.
    for (const w of ['1234/UBND-KT', 'Kính gửi', 'kế hoạch', 'Sở Tài chính']) expect(text).toContain(w);

    // The original is byte for byte what was received; the searchable copy has a text layer.
    const orig = await clerk.agent.get(`/api/incoming/${doc.id}/files/${main.id}`).buffer(true);
    expect(Buffer.compare(Buffer.from(orig.body), original)).toBe(0);
    const searchable = await clerk.agent
      .get(`/api/incoming/${doc.id}/files/${main.id}/searchable`)
      .buffer(true)
      .parse((res, cb) => {
        const c: Buffer[] = [];
        res.on('data', (d: Buffer) => c.push(d));
        res.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(searchable.status).toBe(200);
    expect((await extractPdfText(new Uint8Array(searchable.body))).text).toContain('UBND-KT');

    const found = await clerk.get(`/api/incoming?q=${encodeURIComponent('triển khai kế hoạch')}`);
    expect(found.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    // Typed without diacritics, as clerks often do, it finds the scan too; typed with wrong ones, it does not.
    const plain = await clerk.get(`/api/incoming?q=${encodeURIComponent('trien khai ke hoach')}`);
    expect(plain.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    const wrong = await clerk.get(`/api/incoming?q=${encodeURIComponent('triễn khải kệ hoạch')}`);
    expect(wrong.body.items.map((d: { id: string }) => d.id)).not.toContain(doc.id);

    // The registration form is proposed from the OCR text; the clerk confirms.
    const proposal = (await clerk.get(`/api/incoming/${doc.id}/proposal`)).body;
    expect(proposal).toMatchObject({ source: 'OCR', number: '1234', symbol: 'UBND-KT', issueDate: '2026-10-15', documentType: 'Công văn' });
    expect(proposal.subject).toMatch(/^V\/v triển khai kế hoạch/);

    // The PNG attachment is wrapped into a PDF and read the same way.
    expect(await until(doc.id, image.id, ocrDone)).toMatchObject({ state: 'DONE', ocr: { state: 'DONE' } });
    const [img] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, image.id));
    expect(img.extractedText).toContain('Sở Tài chính');
  });

  it('OCRs a TIFF scan (wrapped into a PDF by img2pdf) so search finds it; a .tif that is not TIFF is refused', async () => {
    const tiff = scanTiff([...LINES.slice(0, 4), 'V/v số hóa hồ sơ lưu trữ năm 2026', LINES[5]]);
    const doc = await upload(['bản quét.pdf', await scanPdf()], [['quét.tif', tiff]]);
    const image = doc.files[1];
    expect(image).toMatchObject({ mediaType: 'image/tiff' });
    if (haveOcr) {
      expect(await until(doc.id, image.id, ocrDone)).toMatchObject({
        state: 'DONE',
        pageCount: 1,
        ocr: { state: 'DONE', searchablePdf: true },
      });
      const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, image.id));
      expect(row.extractedText).toContain('lưu trữ');
      const found = await clerk.get(`/api/incoming?q=${encodeURIComponent('so hoa ho so luu tru')}`);
      expect(found.body.items.map((d: { id: string }) => d.id)).toContain(doc.id);
    } else console.warn('ocrmypdf is not installed: TIFF OCR skipped');

    // Named .tif, but its bytes are no TIFF: refused by content, whatever the name says.
    for (const bytes of [Buffer.from('not a scan at all, just text'), scanPng()]) {
      const res = await clerk.agent
        .post('/api/incoming')
        .set('X-XSRF-TOKEN', clerk.xsrf!)
        .attach('main', await scanPdf(), 'bản quét.pdf')
        .attach('attachments', bytes, 'giả.tif');
      expect(res.status).toBe(415);
      expect(res.body.detail ?? res.body.title).toMatch(/giả\.tif/);
    }
  });

  it("takes a PNG or TIFF scan as the main document: a PDF wrapping it is the main file (OCR'd), the image is kept as received", async () => {
    const png = scanPng();
    const tiff = scanTiff();
    for (const [name, bytes, mediaType] of [
      ['công văn quét.png', png, 'image/png'],
      ['công văn quét.tiff', tiff, 'image/tiff'],
    ] as const) {
      const doc = await upload([name, bytes]);
      const [main, original] = doc.files as {
        id: string;
        role: string;
        mediaType: string;
        originalName: string;
        pageCount: number | null;
        extractionState: string;
      }[];
      expect(main).toMatchObject({
        role: 'MAIN',
        mediaType: 'application/pdf',
        originalName: name.replace(/\.[^.]+$/, '.pdf'),
        pageCount: 1,
      });
      expect(original).toMatchObject({ role: 'ATTACHMENT', mediaType, originalName: name, extractionState: 'NOT_APPLICABLE' });
      const kept = await clerk.agent.get(`/api/incoming/${doc.id}/files/${original.id}`).buffer(true).parse(binary);
      expect(Buffer.compare(kept.body, bytes)).toBe(0);
      const wrapped = await PDFDocument.load(
        (await clerk.agent.get(`/api/incoming/${doc.id}/files/${main.id}`).buffer(true).parse(binary)).body,
      );
      // 2000 × 1100 px at 300 dpi.
      expect(wrapped.getPage(0).getSize()).toEqual({ width: 480, height: 264 });
      if (haveOcr) {
        expect(await until(doc.id, main.id, ocrDone)).toMatchObject({ state: 'DONE', ocr: { state: 'DONE', searchablePdf: true } });
        const [row] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, main.id));
        expect(row.extractedText).toContain('Sở Tài chính');
      }
    }
    // A scanner records its resolution: 2000 × 1100 px at 150 dpi is a page of 960 × 528 pt (the ĐẾN stamp keeps its size).
    const doc = await upload(['a4 150dpi.png', withDpi(scanPng(), 150)]);
    const a4 = await PDFDocument.load(
      (await clerk.agent.get(`/api/incoming/${doc.id}/files/${doc.files[0].id}`).buffer(true).parse(binary)).body,
    );
    expect(a4.getPage(0).getSize()).toEqual({ width: 960, height: 528 });
    // Anything else is still refused as the main document, with the accepted types named.
    const res = await clerk.agent
      .post('/api/incoming')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .attach('main', Buffer.from('PK\u0003\u0004 not a scan'), 'x.zip');
    expect(res.status).toBe(415);
    expect(res.body.detail).toMatch(/PDF or a PNG, JPEG or TIFF scan/);
  });

  it('wraps a JPEG scan at the resolution its JFIF header records: 2000 × 1100 px at 200 dpi is 720 × 396 pt', async () => {
    // As a scanner writes it (ImageMagick, Debian's imagemagick as in the bench:ocr corpus): JFIF density 200 per inch.
    const jpeg = spawnSync('convert', ['png:-', '-density', '200', '-units', 'PixelsPerInch', '-quality', '70', 'jpg:-'], {
      input: scanPng(),
      maxBuffer: 64 * 1024 * 1024,
    }).stdout;
    expect(recordedDpi(jpeg, 'image/jpeg')).toBe(200);
    const wrapped = await PDFDocument.load(await imageToPdf(jpeg, 'image/jpeg'));
    expect(wrapped.getPage(0).getSize()).toEqual({ width: 720, height: 396 });
    // Per centimetre (units 2): 79 px/cm is 200.66 dpi.
    const perCm = Buffer.from(jpeg);
    perCm[13] = 2;
    perCm.writeUInt16BE(79, 14);
    expect(recordedDpi(perCm, 'image/jpeg')).toBeCloseTo(200.66, 2);
    // No density (aspect ratio only, units 0): the usual 300 dpi.
    perCm[13] = 0;
    expect(recordedDpi(perCm, 'image/jpeg')).toBeUndefined();
    expect((await PDFDocument.load(await imageToPdf(perCm, 'image/jpeg'))).getPage(0).getSize()).toEqual({ width: 480, height: 264 });
  });

  it('refuses a damaged image with a clear reason, and registration does not wait for OCR', async () => {
    const doc = await upload(['bản quét.pdf', await scanPdf()], [['hỏng.png', pngBytes()]]);
    const broken = doc.files[1];
    const e = await until(doc.id, broken.id, (x) => x.state !== 'PENDING');
    expect(e).toMatchObject({ state: 'FAILED', ocr: null });
    expect((e as unknown as { error: string }).error).toMatch(/Ảnh bị hỏng hoặc không đọc được/);
    // Registration right away, whatever the OCR is doing.
    const reg = await clerk.post(`/api/incoming/${doc.id}/register`, {
      registerId: 'qn-stc-den',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: '1234',
      symbol: 'UBND-KT',
      issueDate: '2026-10-15',
      documentType: 'Công văn',
      subject: 'V/v triển khai kế hoạch chuyển đổi số',
    });
    expect(reg.status).toBe(200);
  });

  it('says plainly that OCR is unavailable when OCRmyPDF is missing', async () => {
    process.env.OCR_DISABLED = '1';
    try {
      const doc = await upload(['bản quét.pdf', await scanPdf()]);
      const e = await until(doc.id, doc.files[0].id, ocrDone);
      expect(e).toMatchObject({ state: 'NO_TEXT', ocr: { state: 'UNAVAILABLE', searchablePdf: false } });
      expect(e.ocr!.state && (e as unknown as { ocr: { error: string } }).ocr.error).toMatch(/OCR unavailable: ocrmypdf is not installed/);
    } finally {
      delete process.env.OCR_DISABLED;
    }
  });
});

describe('registration proposal from the text', () => {
  const known = ['Ủy ban nhân dân tỉnh Quảng Ninh', 'Sở Tài chính', 'Bộ Nội vụ'];

  it('reads OCR output with lost diacritics and stray marks', () => {
    const ocr = [
      'UY BAN NHÂN DAN TINH QUANG NINH',
      'S6: 1234/UBND-KT·',
      'Quang Ninh, ngay 15 thang 10 nam 2026',
      'CONG VAN·',
      'V/v triển khai kế hoạch chuyển đổi số·',
      'Kính gửi: Sở Tài chính tỉnh Quảng Ninh',
    ].join('\n');
    expect(proposeRegistration(ocr, known)).toEqual({
      number: '1234',
      symbol: 'UBND-KT',
      issueDate: '2026-10-15',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      documentType: 'Công văn',
      subject: 'V/v triển khai kế hoạch chuyển đổi số',
      confidence: { number: 1, symbol: 1, issueDate: 1, issuerName: 1, documentType: 1, subject: 1 },
    });
  });

  it('reads a decision with the national motto beside the issuer and a two-line subject', () => {
    const text = [
      'BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 05/QĐ-BNV Hà Nội, ngày 3 tháng 2 năm 2025',
      'QUYẾT ĐỊNH',
      'Về việc ban hành Quy chế công tác văn thư',
      'của Bộ Nội vụ',
      'BỘ TRƯỞNG BỘ NỘI VỤ',
      'Căn cứ Nghị định số 30/2020/NĐ-CP',
    ].join('\n');
    expect(proposeRegistration(text, known)).toEqual({
      number: '05',
      symbol: 'QĐ-BNV',
      issueDate: '2025-02-03',
      issuerName: 'Bộ Nội vụ',
      documentType: 'Quyết định',
      subject: 'Về việc ban hành Quy chế công tác văn thư của Bộ Nội vụ',
      // The subject's block ends at the capitals line of the signer's title: a clear end.
      confidence: { number: 1, symbol: 1, issueDate: 1, issuerName: 1, documentType: 1, subject: 1 },
    });
  });

  it('tells which readings to check: a number found off the "Số:" line, a bare date, an unknown issuer, a guessed end of the subject, specks in it', () => {
    const text = [
      'UBND TỈNH QUẢNG NINH',
      'SỞ XÂY DỰNG',
      'Số: 77/SXD-KT',
      'V/v đôn đốc tiến độ ~ dự án',
      'Để đẩy nhanh tiến độ các công trình trọng điểm của tỉnh năm 2026, Sở Xây dựng đề nghị',
    ].join('\n');
    expect(proposeRegistration(text, known)).toEqual({
      number: '77',
      symbol: 'SXD-KT',
      issueDate: null,
      issuerName: 'Sở Xây dựng tỉnh Quảng Ninh',
      documentType: 'Công văn',
      subject: 'V/v đôn đốc tiến độ ~ dự án',
      confidence: { number: 1, symbol: 1, issueDate: null, issuerName: 0.5, documentType: 1, subject: 0.5 },
    });
    // Without the speck, the subject's end is still a guess: the next line is the body's, not a blank line or "Kính gửi".
    expect(proposeRegistration(text.replace(' ~', ''), known).confidence.subject).toBe(0.6);
    // "Số:" unread: any "77/SXD-KT" on the page, and a date in digits, may be something else.
    expect(proposeRegistration('theo văn bản 77/SXD-KT gửi ngày 12/3/2026', known)).toMatchObject({
      number: '77',
      issueDate: '2026-03-12',
      confidence: { number: 0.5, symbol: 0.5, issueDate: 0.5 },
    });
    // "quý IH": bold III as Tesseract reads it on a 200 dpi scan; a plain digit stays.
    expect(proposeRegistration('Số: 1/UBND-VP\nV/v báo cáo quý IH và khóa Il\n\nKính gửi: x').subject).toBe(
      'V/v báo cáo quý III và khóa II',
    );
    expect(proposeRegistration('Số: 1/UBND-VP\nV/v báo cáo quý 1 năm 2026\n\nKính gửi: x').subject).toBe('V/v báo cáo quý 1 năm 2026');
  });

  it('leaves out what it cannot find', () => {
    expect(proposeRegistration('một trang không có gì', known)).toEqual({
      number: null,
      symbol: null,
      issueDate: null,
      issuerName: null,
      documentType: null,
      subject: null,
      confidence: { number: null, symbol: null, issueDate: null, issuerName: null, documentType: null, subject: null },
    });
  });
});
