import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFRef, PDFStream, rgb, type PDFObject } from 'pdf-lib';
import { dropUnreachable, findActiveContent, neutraliseActiveContent, type ActiveContentKind } from '../files/active-content';
import { vietnamDateTime } from '../calendar/vietnam-time';
import { MM, embedStampFont } from '../files/pdf';
import { writeIncrementalUpdate } from '../signing/incremental';
import { hasSignatures } from '../signing/signer';
import { firstPageLayout, type PageLayout } from './pdf';

export interface StampText {
  organisationName: string;
  arrivalNumber: number;
  receivedAt: Date;
}

/** The ĐẾN stamp of ND 30 (Phụ lục IV): 50 mm wide, 35 mm high, as the reader sees the page. */
export const STAMP_MM = { width: 50, height: 35 } as const;
/** Clear paper kept around the stamp, and from the edge of the sheet (printers do not print there). */
const CLEARANCE_MM = 2;
const EDGE_MM = 6;

type Box = [number, number, number, number];
export type Anchor = 'number' | 'subject' | 'date';

export interface StampPlace {
  /** Where the stamp goes on the displayed page, in layout pixels (x0, y0 top-left, x1, y1); the rect without a layout. */
  box: Box;
  /** The same place in PDF user space: the annotation's /Rect. */
  rect: Box;
  /** The line it was put under: số/ký hiệu, trích yếu (V/v) or the place-and-date line; null when none was found. */
  anchor: Anchor | null;
  /** False only when page 1 has no blank area of the stamp's size: then it goes where it covers least. */
  clear: boolean;
}

/** Runs of text on one line, split where a gap wider than a column gutter separates them. */
function segments(layout: PageLayout): { text: string; box: Box }[] {
  const items = [...layout.texts].sort((a, b) => (a.box[1] + a.box[3]) / 2 - (b.box[1] + b.box[3]) / 2);
  const lines: { cy: number; h: number; items: typeof items }[] = [];
  for (const it of items) {
    const cy = (it.box[1] + it.box[3]) / 2;
    const h = it.box[3] - it.box[1];
    const line = lines.find((l) => Math.abs(l.cy - cy) < Math.min(l.h, h) * 0.5);
    if (line) line.items.push(it);
    else lines.push({ cy, h, items: [it] });
  }
  const gutter = 8 * layout.pxPerMm;
  const out: { text: string; box: Box }[] = [];
  for (const line of lines) {
    line.items.sort((a, b) => a.box[0] - b.box[0]);
    let cur: { text: string; box: Box } | undefined;
    for (const it of line.items) {
      if (cur && it.box[0] - cur.box[2] <= gutter) {
        cur.text += (it.box[0] - cur.box[2] > 1 ? ' ' : '') + it.str;
        cur.box = [
          Math.min(cur.box[0], it.box[0]),
          Math.min(cur.box[1], it.box[1]),
          Math.max(cur.box[2], it.box[2]),
          Math.max(cur.box[3], it.box[3]),
        ];
      } else {
        if (cur) out.push(cur);
        cur = { text: it.str, box: [...it.box] };
      }
    }
    if (cur) out.push(cur);
  }
  return out.map((s) => ({ ...s, text: s.text.normalize('NFC').replace(/\s+/g, ' ').trim() }));
}

const ANCHORS: [Anchor, RegExp][] = [
  ['number', /^Số\s*[:.]/i],
  ['subject', /^(V\/v|Về việc)\b/i],
  ['date', /ngày\s*[\d.…_ ]*\s*tháng/i],
];

/** Summed-area table: the count of set cells in any rectangle in O(1). */
function summed(grid: Uint8Array, w: number, h: number) {
  const s = new Uint32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += grid[y * w + x];
      s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
    }
  }
  return (x0: number, y0: number, x1: number, y1: number) =>
    s[y1 * (w + 1) + x1] - s[y0 * (w + 1) + x1] - s[y1 * (w + 1) + x0] + s[y0 * (w + 1) + x0];
}

/** PDF user space point of a layout pixel (inverse of the viewport transform). */
function toUser(t: number[], X: number, Y: number): [number, number] {
  const [a, b, c, d, e, f] = t;
  const det = a * d - b * c;
  return [(d * (X - e) - c * (Y - f)) / det, (-b * (X - e) + a * (Y - f)) / det];
}

/**
 * Where the ĐẾN stamp goes on page 1 (ND 30 Phụ lục IV: on blank paper under the số/ký hiệu, under the
 * trích yếu of a công văn, or under the date line): the blank rectangle of the stamp's size — no ink in the
 * rendered page, no text box — nearest below one of those lines; without them, nearest the top-left corner.
 */
export function findStampPlace(layout: PageLayout): StampPlace {
  const { width: W, height: H, pxPerMm: k } = layout;
  const textGrid = new Uint8Array(W * H);
  const pad = 1 * k;
  for (const t of layout.texts) {
    const [x0, y0, x1, y1] = [
      Math.max(0, Math.floor(t.box[0] - pad)),
      Math.max(0, Math.floor(t.box[1] - pad)),
      Math.min(W, Math.ceil(t.box[2] + pad)),
      Math.min(H, Math.ceil(t.box[3] + pad)),
    ];
    for (let y = y0; y < y1; y++) textGrid.fill(1, y * W + x0, y * W + Math.max(x0, x1));
  }
  const ink = summed(layout.ink, W, H);
  const text = summed(textGrid, W, H);
  const w = Math.round(STAMP_MM.width * k);
  const h = Math.round(STAMP_MM.height * k);
  const c = Math.round(CLEARANCE_MM * k);
  const edge = Math.round(EDGE_MM * k);
  const anchors = segments(layout).flatMap((s) => ANCHORS.filter(([, re]) => re.test(s.text)).map(([kind]) => ({ kind, box: s.box })));
  const targets = anchors.length
    ? anchors.map((a) => ({ kind: a.kind as Anchor | null, x: (a.box[0] + a.box[2]) / 2 - w / 2, y: a.box[3] + c }))
    : [{ kind: null, x: 20 * k, y: 12 * k }];
  const distance = (x: number, y: number) => {
    let best = { d: Infinity, kind: null as Anchor | null };
    for (const t of targets) {
      // Under the line is where the stamp belongs; above it costs four times as much.
      const d = Math.abs(x - t.x) + (y < t.y ? (t.y - y) * 4 : y - t.y);
      if (d < best.d) best = { d, kind: t.kind };
    }
    return best;
  };
  // Specks of a scan are no content; a few pixels of the clearance ring may hold them.
  const tolerance = Math.floor((w + 2 * c) * (h + 2 * c) * 0.002);
  const window = (x: number, y: number) =>
    [Math.max(0, x - c), Math.max(0, y - c), Math.min(W, x + w + c), Math.min(H, y + h + c)] as const;
  let clear: { x: number; y: number; d: number; kind: Anchor | null } | undefined;
  for (let y = edge; y + h <= H - edge; y++) {
    for (let x = edge; x + w <= W - edge; x++) {
      const [x0, y0, x1, y1] = window(x, y);
      if (text(x0, y0, x1, y1) !== 0 || ink(x0, y0, x1, y1) > tolerance) continue;
      const { d, kind } = distance(x, y);
      if (!clear || d < clear.d) clear = { x, y, d, kind };
    }
  }
  let at = clear;
  if (!at) {
    // No blank area of that size: where it covers least ink, and text least of all.
    let least = Infinity;
    for (let y = edge; y + h <= H - edge; y++) {
      for (let x = edge; x + w <= W - edge; x++) {
        const cost = ink(x, y, x + w, y + h) + 10 * text(x, y, x + w, y + h) + distance(x, y).d / 1000;
        if (cost < least) [least, at] = [cost, { x, y, d: 0, kind: null }];
      }
    }
  }
  // A page smaller than the stamp (a label, a receipt): it starts at the top-left corner.
  at ??= { x: 0, y: 0, d: 0, kind: null };
  const box: Box = [at.x, at.y, at.x + w, at.y + h];
  const p = [toUser(layout.transform, box[0], box[1]), toUser(layout.transform, box[2], box[3])];
  const rect: Box = [Math.min(p[0][0], p[1][0]), Math.min(p[0][1], p[1][1]), Math.max(p[0][0], p[1][0]), Math.max(p[0][1], p[1][1])];
  return { box, rect, anchor: at.kind, clear: !!clear };
}

function marginPlace(crop: { x: number; y: number; width: number; height: number }, rotation: number): StampPlace {
  const turned = rotation % 180 !== 0;
  const [w, h] = (turned ? [STAMP_MM.height, STAMP_MM.width] : [STAMP_MM.width, STAMP_MM.height]).map((v) => v * MM);
  const top = crop.y + crop.height - 8 * MM;
  const rect: Box = [crop.x + 10 * MM, top - h, crop.x + 10 * MM + w, top];
  return { box: rect, rect, anchor: null, clear: false };
}

/** The stamp as a one-page PDF of its own size, drawn upright; embedded as the annotation's appearance. */
async function stampPage(stamp: StampText): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await embedStampFont(doc);
  const w = STAMP_MM.width * MM;
  const h = STAMP_MM.height * MM;
  const page = doc.addPage([w, h]);
  const red = rgb(0.8, 0, 0);
  page.drawRectangle({ x: 0.8, y: 0.8, width: w - 1.6, height: h - 1.6, borderColor: red, borderWidth: 1.2 });
  const { date, time } = vietnamDateTime(stamp.receivedAt);
  const left = 2 * MM;
  const text = (s: string, x: number, fromTop: number, size: number) =>
    page.drawText(s, { x, y: h - fromTop * MM, size, font, color: red });
  const blank = (x: number, fromTop: number) =>
    page.drawLine({
      start: { x, y: h - fromTop * MM - 1 },
      end: { x: w - left, y: h - fromTop * MM - 1 },
      thickness: 0.6,
      color: red,
      dashArray: [0.8, 1.6],
    });
  let org = stamp.organisationName.toUpperCase();
  while (font.widthOfTextAtSize(org, 6) > w - 2 * left) org = `${org.slice(0, -2)}…`;
  text(org, (w - font.widthOfTextAtSize(org, 6)) / 2, 4.5, 6);
  text('ĐẾN', left, 14, 14);
  const col = left + font.widthOfTextAtSize('ĐẾN', 14) + 2 * MM;
  text(`Số: ${stamp.arrivalNumber}`, col, 10.5, 9);
  text(`Ngày: ${date} ${time}`, col, 16, 7.5);
  // Chuyển (to whom) and the case file are written by hand on the printed copy, as on paper.
  text('Chuyển:', left, 24, 8);
  blank(left + font.widthOfTextAtSize('Chuyển:', 8) + 1, 24);
  text('Số và ký hiệu HS:', left, 31, 8);
  blank(left + font.widthOfTextAtSize('Số và ký hiệu HS:', 8) + 1, 31);
  return doc.save();
}

/** Dictionaries and arrays as serialised now, to see after an edit which existing objects it touched. */
function snapshot(doc: PDFDocument): Map<string, string> {
  const describe = (o: PDFObject) => (o instanceof PDFStream ? o.dict.toString() : o.toString());
  return new Map(doc.context.enumerateIndirectObjects().map(([r, o]) => [r.tag, describe(o)]));
}

function changedSince(doc: PDFDocument, before: Map<string, string>): PDFRef[] {
  return doc.context
    .enumerateIndirectObjects()
    .filter(([r, o]) => before.get(r.tag) !== (o instanceof PDFStream ? o.dict.toString() : o.toString()))
    .map(([r]) => r);
}

export interface StampedCopy {
  pdf: Uint8Array;
  place: StampPlace;
  /** A signed PDF: the stamp was appended as an incremental update, so every signature still verifies. */
  incremental: boolean;
  /** Active content found in the file and neutralised in this copy. */
  activeContent: ActiveContentKind[];
}

/**
 * A copy of the PDF with the "ĐẾN" (received) stamp of ND 30 Điều 22 on page 1, as a locked stamp annotation
 * (Số, Ngày, and blank Chuyển / Số và ký hiệu HS lines to write on the printed copy) in blank space found by
 * `findStampPlace`, upright on rotated pages. A signed PDF keeps its bytes and gets the stamp — and the removal
 * of any active content — as an incremental update after the last signature, so every signature still
 * verifies; an unsigned one is rewritten, its active content dropped. The caller stores the copy as a new
 * blob; the original bytes stay untouched.
 */
export async function stampReceived(original: Uint8Array, stamp: StampText): Promise<StampedCopy> {
  const bytes = Buffer.from(original);
  const signed = hasSignatures(bytes);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const page = doc.getPage(0);
  // A page pdf.js cannot draw still gets its stamp: in the top-left margin of the page as stored.
  const place = await firstPageLayout(bytes).then(findStampPlace, () => marginPlace(page.getCropBox(), page.getRotation().angle));
  const ctx = doc.context;
  const before = snapshot(doc);
  const largest = ctx.largestObjectNumber;
  const activeContent = findActiveContent(doc);
  neutraliseActiveContent(doc);

  const [appearance] = await doc.embedPdf(await stampPage(stamp));
  const { date, time } = vietnamDateTime(stamp.receivedAt);
  const annotation = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Stamp',
      Rect: place.rect,
      // Print | Locked | LockedContents: printed with the page, not moved or edited in a viewer.
      F: 4 | 128 | 512,
      P: page.ref,
      NM: PDFHexString.fromText(`vanthu-den-${stamp.arrivalNumber}`),
      T: PDFHexString.fromText(stamp.organisationName),
      Contents: PDFHexString.fromText(`ĐẾN — Số: ${stamp.arrivalNumber} — Ngày: ${date} ${time}`),
      AP: { N: appearance.ref },
    }),
  );
  // An existing /Annots (direct or its own object) gains the stamp; the diff below finds which object changed.
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(annotation);
  else page.node.set(PDFName.of('Annots'), ctx.obj([annotation]));
  await doc.flush();
  // Drawn upright for the reader: the appearance turns against the page's /Rotate (ISO 32000 §12.5.5).
  const r = (((page.getRotation().angle % 360) + 360) % 360) * (Math.PI / 180);
  const form = ctx.lookup(appearance.ref, PDFStream);
  form.dict.set(
    PDFName.of('Matrix'),
    ctx.obj([Math.round(Math.cos(r)), Math.round(Math.sin(r)), -Math.round(Math.sin(r)), Math.round(Math.cos(r)), 0, 0]),
  );

  let pdf: Uint8Array;
  if (signed) {
    const added = ctx
      .enumerateIndirectObjects()
      .map(([ref]) => ref)
      .filter((ref) => ref.objectNumber > largest);
    pdf = writeIncrementalUpdate(bytes, doc, [...changedSince(doc, before), ...added]);
  } else {
    dropUnreachable(doc);
    pdf = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  }
  return { pdf, place, incremental: signed, activeContent };
}
