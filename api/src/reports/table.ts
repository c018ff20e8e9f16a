import fs from 'node:fs';
import path from 'node:path';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { MM, embedStampFont } from '../files/pdf';

/** A printable table: a register book (sổ) or a report, rendered the same way to PDF and to XLSX. */
export interface PrintTable {
  /** Top-left line: the organisation keeping the book. */
  organisation: string;
  title: string;
  /** Lines under the title: register name, date range. */
  subtitles: string[];
  /** `width` is relative; the columns share the printable width in these proportions. */
  columns: { header: string; width: number; align?: 'left' | 'center' | 'right' }[];
  rows: string[][];
  /** The row of column numbers (1), (2)… under the headings, as on the printed forms of ND 30 Phụ lục IV. */
  numberColumns?: boolean;
  /** Shown in place of rows when there are none. */
  empty: string;
  /** Rows drawn in bold (totals). */
  boldRows?: number[];
}

let boldBytes: Buffer | undefined;
export async function embedBold(doc: PDFDocument): Promise<PDFFont> {
  boldBytes ??= fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans-Bold.ttf'));
  return doc.embedFont(boldBytes, { subset: true });
}

/**
 * Text widths at 1 pt, cached per word: fontkit's shaping is by far the slowest part of a long table, and a
 * register repeats the same few hundred words. A line's width is the sum of its words and spaces (kerning
 * across a space is negligible; wrapping keeps a point of slack for it).
 */
export class Measure {
  private readonly cache = new Map<string, number>();
  private readonly space: number;
  constructor(readonly font: PDFFont) {
    this.space = font.widthOfTextAtSize(' ', 1);
  }
  word(w: string): number {
    let v = this.cache.get(w);
    if (v === undefined) this.cache.set(w, (v = this.font.widthOfTextAtSize(w, 1)));
    return v;
  }
  line(text: string, size: number): number {
    const words = text.split(' ');
    return size * (words.reduce((s, w) => s + (w ? this.word(w) : 0), 0) + (words.length - 1) * this.space);
  }
  spaceAt(size: number) {
    return this.space * size;
  }
}

/** Greedy word wrap to `width` points; a word longer than a line is broken between characters. */
export function wrapText(text: string, m: Measure, size: number, width: number): string[] {
  const lines: string[] = [];
  const fits = width - 1;
  for (const para of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const w = m.word(word) * size;
      if (line && lineWidth + m.spaceAt(size) + w <= fits) {
        line = `${line} ${word}`;
        lineWidth += m.spaceAt(size) + w;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (m.word(rest) * size > fits) {
        let n = rest.length - 1;
        while (n > 1 && m.font.widthOfTextAtSize(rest.slice(0, n), size) > fits) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
      lineWidth = m.word(rest) * size;
    }
    lines.push(line);
  }
  return lines;
}

const A4_LANDSCAPE: [number, number] = [297 * MM, 210 * MM];
const MARGIN = 12 * MM;
const BOTTOM = 14 * MM;
const SIZE = 8;
const LEAD = 10;
const PAD = 2.5;
const GREY = rgb(0.35, 0.35, 0.35);

/**
 * The table as an A4 landscape PDF: organisation, title and range on the first page, the column headings
 * repeated on every page, long cells wrapped, "Trang x/y" at the foot. DejaVu Sans (embedded, subset) covers
 * every Vietnamese letter.
 */
export async function tableToPdf(t: PrintTable): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${t.title} — ${t.organisation}`);
  doc.setCreator('vanthu');
  const font = await embedStampFont(doc);
  const bold = await embedBold(doc);
  const [pw, ph] = A4_LANDSCAPE;
  const usable = pw - 2 * MARGIN;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => (c.width / total) * usable);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const black = rgb(0, 0, 0);

  // Registers repeat whole lines (issuers, dates, units): shape each distinct line once. Safe to reuse, as the
  // first encoding already added its glyphs to the subset.
  for (const f of [font, bold]) {
    const encode = f.encodeText.bind(f);
    const encoded = new Map<string, ReturnType<typeof encode>>();
    f.encodeText = (text: string) => {
      let e = encoded.get(text);
      if (!e) encoded.set(text, (e = encode(text)));
      return e;
    };
  }
  const measures = new Map([font, bold].map((f) => [f, new Measure(f)]));
  const cellLines = (row: string[], f: PDFFont) => row.map((v, i) => wrapText(v ?? '', measures.get(f)!, SIZE, widths[i] - 2 * PAD));
  const heightOf = (lines: string[][]) => Math.max(1, ...lines.map((l) => l.length)) * LEAD + 2 * PAD;

  const drawRow = (page: PDFPage, top: number, lines: string[][], f: PDFFont, h: number, center = false) => {
    lines.forEach((cell, i) => {
      page.drawRectangle({ x: xs[i], y: top - h, width: widths[i], height: h, borderColor: black, borderWidth: 0.5 });
      cell.forEach((text, n) => {
        const align = center ? 'center' : (t.columns[i].align ?? 'left');
        const w = align === 'left' ? 0 : measures.get(f)!.line(text, SIZE);
        const x = align === 'center' ? xs[i] + (widths[i] - w) / 2 : align === 'right' ? xs[i] + widths[i] - PAD - w : xs[i] + PAD;
        page.drawText(text, { x, y: top - PAD - (n + 1) * LEAD + 2.5, size: SIZE, font: f, color: black });
      });
    });
  };

  const headLines = cellLines(
    t.columns.map((c) => c.header),
    bold,
  );
  const headH = heightOf(headLines);
  const numberLines = t.columns.map((_, i) => [`(${i + 1})`]);
  const numberH = LEAD + 2 * PAD;

  let page!: PDFPage;
  let y = 0;
  const newPage = (first: boolean) => {
    page = doc.addPage(A4_LANDSCAPE);
    y = ph - MARGIN;
    if (first) {
      page.drawText(t.organisation.toUpperCase(), { x: MARGIN, y: y - 10, size: 10, font: bold });
      y -= 30;
      const tw = bold.widthOfTextAtSize(t.title, 15);
      page.drawText(t.title, { x: (pw - tw) / 2, y, size: 15, font: bold });
      y -= 6;
      for (const s of t.subtitles) {
        y -= 14;
        const sw = font.widthOfTextAtSize(s, 10);
        page.drawText(s, { x: (pw - sw) / 2, y, size: 10, font });
      }
      y -= 12;
    }
    drawRow(page, y, headLines, bold, headH, true);
    y -= headH;
    if (t.numberColumns) {
      drawRow(page, y, numberLines, font, numberH, true);
      y -= numberH;
    }
  };
  newPage(true);

  const bottom = BOTTOM + 4;
  const maxLines = Math.floor((ph - MARGIN - headH - (t.numberColumns ? numberH : 0) - bottom - 2 * PAD) / LEAD);
  const rows = t.rows.length ? t.rows : null;
  if (!rows) {
    const h = LEAD + 2 * PAD;
    page.drawRectangle({ x: MARGIN, y: y - h, width: usable, height: h, borderColor: black, borderWidth: 0.5 });
    page.drawText(t.empty, { x: MARGIN + PAD, y: y - PAD - LEAD + 2.5, size: SIZE, font });
  }
  (rows ?? []).forEach((row, r) => {
    const f = t.boldRows?.includes(r) ? bold : font;
    // A cell taller than a page (never in practice) is cut rather than overflowing the margin.
    const lines = cellLines(row, f).map((l) => (l.length > maxLines ? [...l.slice(0, maxLines - 1), '…'] : l));
    const h = heightOf(lines);
    if (y - h < bottom) newPage(false);
    drawRow(page, y, lines, f, h);
    y -= h;
  });

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = `Trang ${i + 1}/${pages.length}`;
    const w = font.widthOfTextAtSize(label, 8);
    p.drawText(label, { x: (pw - w) / 2, y: BOTTOM / 2, size: 8, font, color: GREY });
  });
  return doc.save();
}

/** The table as an XLSX workbook, laid out for printing the same way (A4 landscape, headings repeated). */
export async function tableToXlsx(t: PrintTable, sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vanthu';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName.slice(0, 31), {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: 'Trang &P/&N' },
  });
  const n = t.columns.length;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  ws.columns = t.columns.map((c) => ({ width: Math.max(6, Math.round((c.width / total) * 170)) }));
  const banner = (text: string, size: number, bold: boolean, center: boolean) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, n);
    row.getCell(1).font = { name: 'Times New Roman', size, bold };
    row.getCell(1).alignment = { horizontal: center ? 'center' : 'left', vertical: 'middle' };
  };
  banner(t.organisation.toUpperCase(), 11, true, false);
  banner(t.title, 14, true, true);
  for (const s of t.subtitles) banner(s, 11, false, true);
  ws.addRow([]);
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  const styleRow = (row: ExcelJS.Row, bold: boolean, center: boolean) => {
    for (let i = 1; i <= n; i++) {
      const cell = row.getCell(i);
      cell.border = border;
      cell.font = { name: 'Times New Roman', size: 11, bold };
      cell.alignment = {
        wrapText: true,
        vertical: center ? 'middle' : 'top',
        horizontal: center ? 'center' : (t.columns[i - 1].align ?? 'left'),
      };
    }
  };
  const head = ws.addRow(t.columns.map((c) => c.header));
  styleRow(head, true, true);
  let lastHeading = head.number;
  if (t.numberColumns) {
    lastHeading = ws.addRow(t.columns.map((_, i) => `(${i + 1})`)).number;
    styleRow(ws.getRow(lastHeading), false, true);
  }
  ws.pageSetup.printTitlesRow = `${head.number}:${lastHeading}`;
  ws.views = [{ state: 'frozen', ySplit: lastHeading }];
  if (t.rows.length === 0) {
    const row = ws.addRow([t.empty]);
    ws.mergeCells(row.number, 1, row.number, n);
  }
  t.rows.forEach((r, i) => {
    // Whole numbers stay numbers in the sheet (sums, sorting); everything else is text as printed.
    const row = ws.addRow(r.map((v) => (/^(0|[1-9]\d{0,8})$/.test(v) ? Number(v) : v)));
    styleRow(row, t.boldRows?.includes(i) ?? false, false);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const printFormats = ['pdf', 'xlsx'] as const;

/** Answers a download of the table as `fileName.pdf` or `fileName.xlsx` (sheet name for the workbook). */
export async function sendTable(res: Response, table: PrintTable, format: (typeof printFormats)[number], fileName: string, sheet: string) {
  const bytes = format === 'pdf' ? Buffer.from(await tableToPdf(table)) : await tableToXlsx(table, sheet);
  res
    .attachment(`${fileName}.${format}`)
    .type(format === 'pdf' ? 'application/pdf' : XLSX)
    .send(bytes);
}
