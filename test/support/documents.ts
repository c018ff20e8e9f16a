import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const dejavu = () => fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'));

/** A PDF with a real text layer (Vietnamese allowed), one page per entry. */
export async function textPdf(pages: string[] = ['Công văn số 12/UBND-VX về việc triển khai chuyển đổi số']): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(dejavu(), { subset: true });
  for (const text of pages) doc.addPage([595, 842]).drawText(text, { x: 60, y: 700, size: 12, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * A PDF whose font is NOT embedded, as office software writes when told not to embed (Times New Roman,
 * Identity-H with a ToUnicode map and real glyph widths): a reader must bring the font itself. One page per
 * entry, each entry's lines drawn down the page.
 */
export function nonEmbeddedFontPdf(pages: string[][]): Buffer {
  const metrics = fontkit.create(
    fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSerif.ttf')),
  ) as unknown as {
    unitsPerEm: number;
    glyphForCodePoint(cp: number): { advanceWidth: number };
  };
  const chars = [...new Set(pages.flat().join(''))];
  const cid = new Map(chars.map((c, i) => [c, i + 1]));
  const hex = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
  const widths = chars.map((c) => Math.round((metrics.glyphForCodePoint(c.codePointAt(0)!).advanceWidth / metrics.unitsPerEm) * 1000));
  const toUnicode = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map(
      (c) =>
        `<${hex(cid.get(c)!)}> <${[...Buffer.from(c, 'utf16le')].reduce((h, b, i, a) => (i % 2 ? h : h + hex((a[i + 1] << 8) | b)), '')}>`,
    ),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) + 2; // object numbers from 3: 1 is the catalog, 2 the page tree
  const stream = (text: string) => `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`;
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /TimesNewRomanPSMT /Flags 34 /FontBBox [-568 -307 2000 1007] /ItalicAngle 0 /Ascent 891 /Descent -216 /CapHeight 662 /StemV 82 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRomanPSMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /W [1 [${widths.join(' ')}]] >>`,
  );
  const unicode = add(stream(toUnicode));
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRomanPSMT /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${unicode} 0 R >>`,
  );
  const pageIds = pages.map((lines) => {
    const text = lines
      .map((line, i) => `BT /F1 ${i === 0 ? 16 : 13} Tf 60 ${760 - i * 28} Td <${[...line].map((c) => hex(cid.get(c)!)).join('')}> Tj ET`)
      .join('\n');
    const content = add(stream(text));
    return add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
    );
  });
  const all = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    ...objects,
  ];
  let out = '%PDF-1.7\n';
  const offsets = all.map((body, i) => {
    const at = Buffer.byteLength(out, 'latin1');
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${all.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${all.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A "scan": pages with only drawn shapes, no text layer. */
export async function scannedPdf(pageCount = 2): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++)
    doc.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.9, 0.9, 0.9) });
  return Buffer.from(await doc.save());
}

/** A PDF whose trailer names an encryption dictionary, as password-protected files do. */
export async function encryptedPdf(): Promise<Buffer> {
  const text = (await textPdf()).toString('latin1');
  const at = text.lastIndexOf('trailer');
  const open = text.indexOf('<<', at);
  return Buffer.from(`${text.slice(0, open + 2)}\n/Encrypt 1 0 R${text.slice(open + 2)}`, 'latin1');
}

export async function brokenPdf(): Promise<Buffer> {
  const whole = await textPdf();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

export const pngBytes = () =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000d49484452', 'hex'),
    Buffer.alloc(64, 1),
  ]);

/** A ZIP archive (deflated entries) — enough structure for OOXML/ODF type detection. */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.from(content);
    const stored = name === 'mimetype';
    const body = stored ? data : zlib.deflateRawSync(data);
    const nameBuf = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/main.xml" ContentType="${main}"/></Types>`;

export const docxBytes = () =>
  zip({
    '[Content_Types].xml': contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
    'word/document.xml': '<w:document/>',
  });
export const xlsxBytes = () =>
  zip({
    '[Content_Types].xml': contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'),
    'xl/workbook.xml': '<workbook/>',
  });
export const odtBytes = () => zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' });
