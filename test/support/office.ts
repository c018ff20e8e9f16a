import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A công văn laid out as ND 30 Phụ lục I has it — issuer and số/ký hiệu with trích yếu on the left, the national
 * motto and the place-and-date line on the right, then "Kính gửi" and the body — as a flat ODF text document.
 */
export function congVanFodt(opts: { number?: string; subject?: string; body?: string[] } = {}): string {
  const p = (style: string, text: string) => `<text:p text:style-name="${style}">${esc(text)}</text:p>`;
  const body = opts.body ?? [
    'Thực hiện Kế hoạch số 45/KH-UBND ngày 02/12/2026 của Ủy ban nhân dân tỉnh về chuyển đổi số trong các cơ quan nhà nước, Sở Tài chính đề nghị các cơ quan, đơn vị rà soát hồ sơ công việc năm 2026 và gửi báo cáo trước ngày 20/12/2026.',
    'Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ Văn phòng Sở để được hướng dẫn.',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif" fo:font-size="12pt"/></style:default-style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="20mm" fo:margin-bottom="20mm" fo:margin-left="30mm" fo:margin-right="15mm"/></style:page-layout>
  <style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="11pt"/></style:style>
  <style:style style:name="CB" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="11pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="CS" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="11pt"/></style:style>
  <style:style style:name="CI" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="3mm"/><style:text-properties fo:font-size="12pt" fo:font-style="italic"/></style:style>
  <style:style style:name="J" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="10mm" fo:margin-top="3mm"/><style:text-properties fo:font-size="13pt"/></style:style>
  <style:style style:name="K" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="8mm"/><style:text-properties fo:font-size="13pt"/></style:style>
  <style:style style:name="T" style:family="table"><style:table-properties style:width="165mm" table:align="left"/></style:style>
  <style:style style:name="TA" style:family="table-column"><style:table-column-properties style:column-width="65mm"/></style:style>
  <style:style style:name="TB" style:family="table-column"><style:table-column-properties style:column-width="100mm"/></style:style>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
 <office:body><office:text>
  <table:table table:name="Header" table:style-name="T">
   <table:table-column table:style-name="TA"/><table:table-column table:style-name="TB"/>
   <table:table-row>
    <table:table-cell>${p('C', 'UBND TỈNH QUẢNG NINH')}${p('CB', 'SỞ TÀI CHÍNH')}${p('C', `Số: ${opts.number ?? '12/STC-VP'}`)}${p('CS', opts.subject ?? 'V/v rà soát hồ sơ công việc năm 2026')}</table:table-cell>
    <table:table-cell>${p('CB', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')}${p('CB', 'Độc lập - Tự do - Hạnh phúc')}${p('CI', 'Quảng Ninh, ngày 05 tháng 12 năm 2026')}</table:table-cell>
   </table:table-row>
  </table:table>
  ${p('K', 'Kính gửi: Các sở, ban, ngành thuộc tỉnh.')}
  ${body.map((b) => p('J', b)).join('\n  ')}
 </office:text></office:body>
</office:document>
`;
}

/** Converts a flat ODF document to PDF with LibreOffice (`soffice`, Debian libreoffice-writer-nogui), in a profile of its own. */
export function officeToPdf(fodt: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-soffice-'));
  try {
    fs.writeFileSync(path.join(dir, 'letter.fodt'), fodt);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'letter.fodt')],
      { timeout: 120_000, stdio: 'pipe' },
    );
    return fs.readFileSync(path.join(dir, 'letter.pdf'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
