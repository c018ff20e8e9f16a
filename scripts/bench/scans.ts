// Degraded scans of ND 30 documents for the OCR bench and tests: each document is written as a flat ODT
// (header table: ô 1 parent + issuer with its rule, ô 2 national motto; number and place-date; type; trích yếu;
// body), exported to PDF by LibreOffice, rasterised at 200 dpi grey (pdftoppm) and degraded as a desk scanner
// does with ImageMagick (0.5–2° rotation, noise, blur, JPEG quality 65–75), then wrapped into an image-only PDF.
// Deterministic for the same index: the same bytes every run.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import type { RegistrationProposal } from '../../api/src/incoming/proposal';

const run = promisify(execFile);

/** [parent line(s) as printed, issuer line(s) as printed, the name the registers write, symbol abbreviation, place]. */
export const SCAN_ISSUERS = [
  [['UBND TỈNH QUẢNG NINH'], ['SỞ TÀI CHÍNH'], 'Sở Tài chính tỉnh Quảng Ninh', 'STC', 'Quảng Ninh'],
  [[], ['ỦY BAN NHÂN DÂN', 'TỈNH QUẢNG NINH'], 'Ủy ban nhân dân tỉnh Quảng Ninh', 'UBND', 'Quảng Ninh'],
  [['UBND TỈNH QUẢNG NINH'], ['SỞ TÀI NGUYÊN VÀ', 'MÔI TRƯỜNG'], 'Sở Tài nguyên và Môi trường tỉnh Quảng Ninh', 'STNMT', 'Quảng Ninh'],
  [[], ['BỘ TÀI CHÍNH'], 'Bộ Tài chính', 'BTC', 'Hà Nội'],
  [[], ['ỦY BAN NHÂN DÂN', 'HUYỆN VÂN ĐỒN'], 'Ủy ban nhân dân huyện Vân Đồn', 'UBND', 'Vân Đồn'],
  [['UBND HUYỆN BA CHẼ'], ['PHÒNG NỘI VỤ'], 'Phòng Nội vụ huyện Ba Chẽ', 'PNV', 'Ba Chẽ'],
  [['UBND TỈNH QUẢNG NINH'], ['SỞ Y TẾ'], 'Sở Y tế tỉnh Quảng Ninh', 'SYT', 'Quảng Ninh'],
  [[], ['BỘ NỘI VỤ'], 'Bộ Nội vụ', 'BNV', 'Hà Nội'],
  [[], ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ CẨM PHẢ'], 'Ủy ban nhân dân thành phố Cẩm Phả', 'UBND', 'Cẩm Phả'],
  [['UBND THÀNH PHỐ HẠ LONG'], ['PHÒNG TÀI CHÍNH - KẾ HOẠCH'], 'Phòng Tài chính - Kế hoạch thành phố Hạ Long', 'TCKH', 'Hạ Long'],
  [['UBND TỈNH QUẢNG NINH'], ['SỞ THÔNG TIN VÀ', 'TRUYỀN THÔNG'], 'Sở Thông tin và Truyền thông tỉnh Quảng Ninh', 'STTTT', 'Quảng Ninh'],
] as const;

const SUBJECTS = [
  'triển khai kế hoạch chuyển đổi số năm 2026',
  'lập dự toán ngân sách nhà nước năm 2027 và kế hoạch tài chính 03 năm',
  'tăng cường công tác văn thư, lưu trữ',
  'báo cáo tình hình thực hiện nhiệm vụ quý III',
  'phê duyệt danh mục hồ sơ của cơ quan năm 2026',
  'kiện toàn Ban chỉ đạo cải cách hành chính',
  'cải tạo, sửa chữa tuyến đường nội thị thành phố Cẩm Phả',
];
const BODIES = [
  'Để phục vụ thi công cải tạo, nâng cấp công trình, đề nghị các đơn vị phối hợp bố trí mặt bằng và bảo đảm an toàn giao thông trong thời gian thi công theo đúng tiến độ được duyệt.',
  'Thực hiện chỉ đạo của cấp trên, cơ quan đề nghị các đơn vị rà soát, tổng hợp số liệu và gửi báo cáo về trước ngày 30 của tháng để tổng hợp, trình cấp có thẩm quyền.',
  'Năm 2026 là năm có ý nghĩa quan trọng trong việc thực hiện các mục tiêu phát triển kinh tế - xã hội; các đơn vị chủ động triển khai các nhiệm vụ được giao.',
];
const TYPES = [
  { name: 'Công văn', heading: null, abbrev: null },
  { name: 'Quyết định', heading: 'QUYẾT ĐỊNH', abbrev: 'QĐ' },
  { name: 'Kế hoạch', heading: 'KẾ HOẠCH', abbrev: 'KH' },
  { name: 'Thông báo', heading: 'THÔNG BÁO', abbrev: 'TB' },
] as const;

export interface ScanDoc {
  index: number;
  pages: number;
  truth: RegistrationProposal;
  /** Parent (cơ quan chủ quản) line(s) as printed, for tests that look at the header. */
  parent: readonly string[];
  fodt: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const p = (style: string, text: string) => `<text:p text:style-name="${style}">${esc(text)}</text:p>`;

/** The document of index i: issuer, type, number, date and subject vary; every third one has two pages. */
export function scanDoc(i: number): ScanDoc {
  const [parent, issuer, issuerName, short, place] = SCAN_ISSUERS[i % SCAN_ISSUERS.length];
  const type = TYPES[i % TYPES.length];
  const core = SUBJECTS[(i * 3) % SUBJECTS.length];
  const number = String(((i * 37) % 900) + 5);
  const symbol = type.abbrev ? `${type.abbrev}-${short}` : `${short}-VP`;
  const [d, m, y] = [((i * 7) % 28) + 1, ((i * 5) % 12) + 1, 2025 + (i % 2)];
  const subject = type.heading ? `Về việc ${core}` : `V/v ${core}`;
  const pages = i % 3 === 2 ? 2 : 1;
  const body = BODIES[i % BODIES.length];
  const head = [
    ...parent.map((l) => p('C', l)),
    ...issuer.map((l, k) => p(k === issuer.length - 1 ? 'CBU' : 'CB', l)),
    p('C', `Số: ${number}/${symbol}`),
    ...(type.heading ? [] : subject.match(/.{1,34}(\s|$)/g)!.map((l) => p('Cs', l.trim()))),
  ].join('');
  const motto = [
    p('CB', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
    p('CBU', 'Độc lập - Tự do - Hạnh phúc'),
    p('C', ''),
    p('CI', `${place}, ngày ${d} tháng ${m} năm ${y}`),
  ].join('');
  const paras = [
    ...(type.heading
      ? [p('T', type.heading), p('CB', subject), p('C', '')]
      : [p('C', ''), p('C', 'Kính gửi: Các sở, ban, ngành và địa phương')]),
    p('B', body),
    ...Array.from({ length: pages === 2 ? 22 : 2 }, (_, k) => p('B', `${k + 1}. ${BODIES[(i + k + 1) % BODIES.length]}`)),
  ].join('');
  const fodt = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="13pt" fo:language="vi" fo:country="VN"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="2cm"/></style:page-layout>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm" table:align="left"/></style:style>
<style:style style:name="ColA" style:family="table-column"><style:table-column-properties style:column-width="6.5cm"/></style:style>
<style:style style:name="ColB" style:family="table-column"><style:table-column-properties style:column-width="9.5cm"/></style:style>
<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="Cs" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="CI" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="CB" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="CBU" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.5cm" fo:border-bottom="0.06pt solid #000000" fo:padding-bottom="0.05cm"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.6cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="B" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-top="0.2cm" fo:line-height="130%"/><style:text-properties fo:font-size="14pt"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm"/></office:master-styles>
<office:body><office:text>
<table:table table:name="H" table:style-name="Tbl"><table:table-column table:style-name="ColA"/><table:table-column table:style-name="ColB"/>
<table:table-row><table:table-cell office:value-type="string">${head}</table:table-cell><table:table-cell office:value-type="string">${motto}</table:table-cell></table:table-row></table:table>
${paras}
</office:text></office:body></office:document>
`;
  return {
    index: i,
    pages,
    parent,
    fodt,
    truth: {
      number,
      symbol,
      issueDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      issuerName,
      documentType: type.name,
      subject,
    },
  };
}

/** Exports the documents to PDF in one LibreOffice run: PDF bytes by index. */
export async function exportPdfs(docs: ScanDoc[], dir: string): Promise<Map<number, Buffer>> {
  await Promise.all(docs.map((d) => fs.writeFile(path.join(dir, `doc${d.index}.fodt`), d.fodt)));
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...docs.map((d) => path.join(dir, `doc${d.index}.fodt`)),
    ],
    { timeout: 300_000 },
  );
  return new Map(await Promise.all(docs.map(async (d) => [d.index, await fs.readFile(path.join(dir, `doc${d.index}.pdf`))] as const)));
}

/** One exported PDF as a scanner returns it: 200 dpi grey, rotated 0.5–2°, noisy, blurred, JPEG 65–75, in an image-only PDF. */
export async function degrade(pdf: Buffer, i: number, dir: string): Promise<Buffer> {
  const base = path.join(dir, `scan${i}`);
  await fs.writeFile(`${base}.pdf`, pdf);
  await run('pdftoppm', ['-r', '200', '-gray', `${base}.pdf`, base]);
  const pgms = (await fs.readdir(dir)).filter((f) => f.startsWith(`scan${i}-`) && f.endsWith('.pgm')).sort();
  const out = await PDFDocument.create();
  for (const [k, pgm] of pgms.entries()) {
    const sign = (i + k) % 2 ? -1 : 1;
    const degrees = sign * (0.5 + ((i * 3 + k) % 7) * 0.25); // ±0.5 … ±2°
    const quality = 65 + ((i * 7 + k) % 11); // 65 … 75
    const jpg = `${base}-${k}.jpg`;
    // -seed: ImageMagick's noise is random unless seeded; the same document must give the same scan.
    await run('convert', [
      path.join(dir, pgm),
      '-seed',
      String(1000 + i * 10 + k),
      '-background',
      'white',
      '-rotate',
      degrees.toFixed(2),
      '-attenuate',
      '0.35',
      '+noise',
      'Gaussian',
      '-blur',
      '0x0.6',
      '-colorspace',
      'Gray',
      '-density',
      '200',
      '-units',
      'PixelsPerInch',
      '-quality',
      String(quality),
      jpg,
    ]);
    const img = await out.embedJpg(await fs.readFile(jpg));
    const [w, h] = [(img.width * 72) / 200, (img.height * 72) / 200];
    out.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  return Buffer.from(await out.save());
}

/** Degraded scans of documents `indexes` (PDF bytes) with their truths. */
export async function makeScans(indexes: number[]): Promise<{ doc: ScanDoc; pdf: Buffer }[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-scans-'));
  try {
    const docs = indexes.map(scanDoc);
    const pdfs = await exportPdfs(docs, dir);
    const out = [];
    for (const doc of docs) out.push({ doc, pdf: await degrade(pdfs.get(doc.index)!, doc.index, dir) });
    return out;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
