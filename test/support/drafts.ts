import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

/** A draft laid out as ND 30/2020 Phụ lục I shows it (docs/domain.md §2.2): the parts the layout finder looks for. */
export interface DraftSpec {
  /** Cơ quan chủ quản (regular), then the issuer (bold). */
  parent?: string;
  issuer: string;
  symbol: string;
  place: string;
  /** "năm" left blank too. */
  yearBlank?: boolean;
  /** Công văn: "V/v …" under the number. */
  vv?: string;
  title?: string[];
  kinhGui?: string;
  body: string[];
  recipients: string[];
  /** Authority and position lines above the gap: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]. */
  block: string[];
  name: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const YEAR = 2026;

/** The draft as a flat ODF text document, the way a drafter's Writer template is built (two header and signature tables). */
export function fodt(d: DraftSpec): string {
  const p = (style: string, text: string) => `<text:p text:style-name="${style}">${text}</text:p>`;
  const spaces = (n: number) => `<text:s text:c="${n}"/>`;
  // The name in two runs, as a drafter's later correction leaves it.
  const [first, ...rest] = d.name.split(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'" style:font-family-generic="roman"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/><style:text-properties style:font-name="Times New Roman" fo:font-size="13pt"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/></style:page-layout>
<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="CB" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="CI" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="V" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.2cm"/><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="TT" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="J" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-top="0.2cm"/><style:text-properties fo:font-size="14pt"/></style:style>
<style:style style:name="NN" style:family="paragraph"><style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="NL" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>
<style:style style:name="T" style:family="table"><style:table-properties style:width="17cm" table:align="left" fo:margin-top="0.3cm"/></style:style>
<style:style style:name="T.A" style:family="table-column"><style:table-column-properties style:column-width="7cm"/></style:style>
<style:style style:name="T.B" style:family="table-column"><style:table-column-properties style:column-width="10cm"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
<table:table table:name="Header" table:style-name="T"><table:table-column table:style-name="T.A"/><table:table-column table:style-name="T.B"/>
<table:table-row><table:table-cell>${d.parent ? p('C', esc(d.parent)) : ''}${p('CB', esc(d.issuer))}${p('C', `Số:${spaces(9)}/${esc(d.symbol)}`)}${d.vv ? p('V', esc(d.vv)) : ''}</table:table-cell>
<table:table-cell>${p('CB', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')}${p('CB', 'Độc lập - Tự do - Hạnh phúc')}${p('CI', `${esc(d.place)}, ngày${spaces(7)}tháng${spaces(7)}năm${d.yearBlank ? spaces(9) : ` ${YEAR}`}`)}</table:table-cell></table:table-row></table:table>
${(d.title ?? []).map((t) => p('TT', esc(t))).join('')}
${d.kinhGui ? p('C', `Kính gửi: ${esc(d.kinhGui)}`) : ''}
${d.body.map((b) => p('J', esc(b))).join('\n')}
<table:table table:name="Sign" table:style-name="T"><table:table-column table:style-name="T.A"/><table:table-column table:style-name="T.B"/>
<table:table-row><table:table-cell>${p('NN', 'Nơi nhận:')}${d.recipients.map((r) => p('NL', esc(r))).join('')}</table:table-cell>
<table:table-cell>${d.block.map((l) => p('CB', esc(l))).join('')}${p('CB', '')}${p('CB', '')}${p('CB', '')}${p('CB', '')}${p('CB', `<text:span>${esc(first)}</text:span> <text:span>${esc(rest.join(' '))}</text:span>`)}</table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document>
`;
}

/**
 * PDFs exported by LibreOffice Writer from the drafts, all in one `soffice` run (it starts in a second or two),
 * with a profile of its own so parallel runs do not share one.
 */
export function libreOfficePdfs(drafts: Record<string, DraftSpec>): Record<string, Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-lo-'));
  try {
    const files = Object.entries(drafts).map(([name, d]) => {
      const file = path.join(dir, `${name}.fodt`);
      fs.writeFileSync(file, fodt(d));
      return file;
    });
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files],
      { stdio: 'ignore', timeout: 120_000 },
    );
    return Object.fromEntries(Object.keys(drafts).map((name) => [name, fs.readFileSync(path.join(dir, `${name}.pdf`))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/**
 * The same draft drawn by pdf-lib, each line one string with its blanks as spaces (so the blank lies inside a
 * text run): with DejaVu Serif embedded, or with the standard Times-Roman, not embedded (then without diacritics,
 * which WinAnsi cannot encode).
 */
export async function pdfLibDraft(d: DraftSpec, font: 'embedded' | 'standard'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  let regular: PDFFont;
  let bold: PDFFont;
  if (font === 'embedded') {
    doc.registerFontkit(fontkit);
    const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    regular = await doc.embedFont(fs.readFileSync(path.join(dir, 'DejaVuSerif.ttf')), { subset: true });
    bold = await doc.embedFont(fs.readFileSync(path.join(dir, 'DejaVuSerif-Bold.ttf')), { subset: true });
  } else {
    regular = await doc.embedFont(StandardFonts.TimesRoman);
    bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  }
  const t = font === 'embedded' ? (s: string) => s : ascii;
  let page = doc.addPage([595.28, 841.89]);
  const centred = (s: string, cx: number, y: number, size: number, f = regular) =>
    page.drawText(t(s), { x: cx - f.widthOfTextAtSize(t(s), size) / 2, y, size, font: f });
  const left = 85;
  const right = 595.28 - 42;
  let y = 780;
  if (d.parent) centred(d.parent, 170, 780, 11);
  centred(d.issuer, 170, d.parent ? 765 : 772, 11, bold);
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 430, 780, 11, bold);
  centred('Độc lập - Tự do - Hạnh phúc', 430, 765, 12, bold);
  centred(`Số:${' '.repeat(10)}/${d.symbol}`, 185, 742, 13);
  centred(`${d.place}, ngày${' '.repeat(8)}tháng${' '.repeat(8)}năm${d.yearBlank ? ' '.repeat(10) : ` ${YEAR}`}`, 420, 742, 13);
  if (d.vv) centred(d.vv, 185, 724, 12);
  y = d.vv ? 700 : 715;
  for (const title of d.title ?? []) centred(title, 297, (y -= 20), 14, bold);
  if (d.kinhGui) centred(`Kính gửi: ${d.kinhGui}`, 297, (y -= 24), 14);
  y -= 26;
  for (const para of d.body) {
    const words = t(para).split(' ');
    let line = '';
    const flush = (last: boolean) => {
      if (y < 90) {
        page = doc.addPage([595.28, 841.89]);
        y = 780;
      }
      const lineWords = line.split(' ');
      // Justified: the free width spread over the spaces (except on a paragraph's last line).
      const free = right - left - regular.widthOfTextAtSize(line, 14);
      if (last || lineWords.length < 2) page.drawText(line, { x: left, y, size: 14, font: regular });
      else {
        let x = left;
        const extra = free / (lineWords.length - 1);
        for (const w of lineWords) {
          page.drawText(w, { x, y, size: 14, font: regular });
          x += regular.widthOfTextAtSize(`${w} `, 14) + extra;
        }
      }
      y -= 19;
      line = '';
    };
    for (const w of words) {
      if (line && regular.widthOfTextAtSize(`${line} ${w}`, 14) > right - left) flush(false);
      line = line ? `${line} ${w}` : w;
    }
    flush(true);
  }
  if (y < 260) {
    page = doc.addPage([595.28, 841.89]);
    y = 780;
  }
  y -= 16;
  page.drawText(t('Nơi nhận:'), { x: left, y, size: 12, font: bold });
  d.recipients.forEach((r, i) => page.drawText(t(r), { x: left, y: y - 14 * (i + 1), size: 11, font: regular }));
  d.block.forEach((l, i) => centred(l, 420, y - 16 * i, 13, bold));
  centred(d.name, 420, y - 16 * (d.block.length - 1) - 85, 13, bold);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Body paragraphs of some length: `n` paragraphs about the subject. */
export function paragraphs(subject: string, n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) =>
      `${i + 1}. Về ${subject.toLowerCase()}: các cơ quan, đơn vị tổ chức thực hiện nghiêm túc, đúng tiến độ, bảo đảm chất lượng và hiệu quả; định kỳ hằng tháng báo cáo kết quả thực hiện, khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ để tổng hợp, báo cáo cấp có thẩm quyền xem xét, quyết định theo quy định của pháp luật hiện hành.`,
  );
}

/** The Sở Tài chính's plan the signing and copy journeys draft, sign and issue: `n` paragraphs, for its director to sign. */
export const financePlan = (n: number) =>
  pdfLibDraft(
    {
      parent: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
      issuer: 'SỞ TÀI CHÍNH',
      symbol: 'KH-STC',
      place: 'Quảng Ninh',
      title: ['KẾ HOẠCH', 'Kiểm tra tài chính năm 2027'],
      body: paragraphs('Kiểm tra tài chính', n),
      recipients: ['- UBND tỉnh (b/c);', '- Lưu: VT, QLNS.'],
      block: ['GIÁM ĐỐC'],
      name: 'Bùi Văn Long',
    },
    'embedded',
  );

/** The plan's outgoing metadata (to the Sở Nội vụ), as `POST /api/outgoing` takes it. */
export const financePlanMetadata = JSON.stringify({
  documentType: 'KH',
  subject: 'Kế hoạch kiểm tra tài chính năm 2027',
  recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
  urgency: 'THUONG',
});
