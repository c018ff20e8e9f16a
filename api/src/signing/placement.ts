import fontkit from '@pdf-lib/fontkit';
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from 'pdf-lib';
import { overlaps, type Box, type DocumentLayout } from '../outgoing/layout';
import { MM } from '../files/pdf';
import { vietnamCaptionTime } from '../calendar/vietnam-time';
import { fonts } from './appearance';

/**
 * Where the signatures go in a draft whose signature block was found (outgoing/layout.ts), ND 30 Phụ lục I:
 * the leader's signature image centred between the position line and the name, sized to that gap (ô 7c); the
 * seal at its real size over about the left third of it (ô 8), with its caption where it covers no text.
 */

/** A round seal of a People's Committee or a department is about 35 mm across (the paper seal's real size). */
export const SEAL_DIAMETER = 35 * MM;
const CAPTION_SIZE = 6.5;
const CAPTION_MAX_WIDTH = 150;

/**
 * The leader's signature: the widest box of the image's proportions (or of a "Đã ký số" mark) that fits the gap
 * with a little air, centred on the block's column, narrowed if other text (the recipients' list) reaches into the band.
 */
export function leaderRect(layout: DocumentLayout, image?: { width: number; height: number }): Box | undefined {
  const block = layout.signature;
  if (!block) return undefined;
  const [gx1, gy1, gx2, gy2] = block.gap;
  const pad = Math.min(4, (gy2 - gy1) * 0.08);
  const y1 = gy1 + pad;
  const y2 = gy2 - pad;
  const cx = (gx1 + gx2) / 2;
  let half = Math.max(90, (gx2 - gx1) / 2 + 20);
  for (const b of layout.textBoxes[block.page]) {
    if (b[1] >= y2 || b[3] <= y1) continue;
    if (b[2] <= cx) half = Math.min(half, cx - b[2] - 2);
    else if (b[0] >= cx) half = Math.min(half, b[0] - cx - 2);
  }
  const [px1, , px2] = layout.pageBoxes[block.page];
  half = Math.max(20, Math.min(half, cx - px1, px2 - cx));
  const h = y2 - y1;
  const ratio = image ? image.width / image.height : 2.5;
  const w = Math.min(2 * half, h * ratio);
  const ih = w / ratio;
  const cy = (y1 + y2) / 2;
  return [cx - w / 2, cy - ih / 2, cx + w / 2, cy + ih / 2];
}

const measured: Partial<Record<'regular' | 'serif', ReturnType<typeof fontkit.create>>> = {};
/** Width of a line in the font the appearance draws it with (appearance.ts: the seal caption sans, the corner caption serif). */
const widthOf = (text: string, size: number, face: 'regular' | 'serif' = 'regular') => {
  const font = (measured[face] ??= fontkit.create(fonts()[face]));
  return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
};

/** Caption lines at most `max` wide, broken between words. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && widthOf(`${last} ${word}`, CAPTION_SIZE) <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export interface SealPlacement {
  rect: Box;
  seal: Box;
  caption: { box: Box; size: number; lines: string[]; align: 'left' | 'right' };
}

/**
 * The seal's right edge on the first third of the leader's signature, its centre level with it; the caption
 * ("Cơ quan: …", "Thời gian ký: dd.MM.yyyy HH:mm:ss +07:00") under the seal, else left of it, else above it,
 * whichever covers no text of the page, no filled blank and not the leader's signature.
 */
export function sealPlacement(
  layout: DocumentLayout,
  leader: Box,
  organisation: string,
  signingTime: Date,
  keepClear: Box[] = [],
): SealPlacement {
  const page = layout.signature!.page;
  const [lx1, ly1, lx2, ly2] = leader;
  const right = lx1 + (lx2 - lx1) / 3;
  const cy = (ly1 + ly2) / 2;
  const seal: Box = [right - SEAL_DIAMETER, cy - SEAL_DIAMETER / 2, right, cy + SEAL_DIAMETER / 2];
  const lines = [
    ...wrap(`Cơ quan: ${organisation}`, CAPTION_MAX_WIDTH),
    ...wrap(`Thời gian ký: ${vietnamCaptionTime(signingTime)}`, CAPTION_MAX_WIDTH),
  ];
  const w = Math.max(...lines.map((l) => widthOf(l, CAPTION_SIZE))) + 1;
  const h = lines.length * CAPTION_SIZE * 1.25 + 1;
  const [px1, py1, px2, py2] = layout.pageBoxes[page];
  const obstacles = [...layout.textBoxes[page], ...keepClear, leader];
  const candidates: { box: Box; align: 'left' | 'right' }[] = [
    { box: [seal[0], seal[1] - h - 1, seal[0] + w, seal[1] - 1], align: 'left' },
    { box: [seal[2] - w, seal[1] - h - 1, seal[2], seal[1] - 1], align: 'right' },
    { box: [seal[0] - w - 2, cy - h / 2, seal[0] - 2, cy + h / 2], align: 'right' },
    { box: [seal[0], seal[3] + 1, seal[0] + w, seal[3] + h + 1], align: 'left' },
    // Lower and lower under the seal: some free line is found before the bottom margin.
    ...Array.from({ length: 12 }, (_, i): { box: Box; align: 'left' } => ({
      box: [seal[0], seal[1] - h - 1 - (i + 1) * 6, seal[0] + w, seal[1] - 1 - (i + 1) * 6],
      align: 'left',
    })),
  ];
  const inside = (b: Box) => b[0] >= px1 + 5 && b[2] <= px2 - 5 && b[1] >= py1 + 5 && b[3] <= py2 - 5;
  const free = candidates.find((c) => inside(c.box) && !obstacles.some((o) => overlaps(c.box, o))) ?? candidates[0];
  const box = free.box;
  const rect: Box = [Math.min(seal[0], box[0]), Math.min(seal[1], box[1]), Math.max(seal[2], box[2]), Math.max(seal[3], box[3])];
  return { rect, seal, caption: { box, size: CAPTION_SIZE, lines, align: free.align } };
}

/** Pixel size of a PNG (IHDR) or JPEG (first SOF marker) image; undefined when unreadable. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return undefined;
}

const CORNER_SIZE = 10;

/**
 * The organisation's signature without an image, top right of page 1, size 10, lowered line by line until it
 * covers no text: on an attachment in a file of its own (docs/domain.md §3.2: the main document's số/ký hiệu and the
 * signing time) and on a copy (§3.3, ô 14: form of copy, copying organisation, signing time).
 */
export function cornerCaption(layout: DocumentLayout, lines: string[]): { rect: Box; lines: string[]; size: number } {
  const w = Math.max(...lines.map((l) => widthOf(l, CORNER_SIZE, 'serif'))) + 2;
  const h = lines.length * CORNER_SIZE * 1.25 + 2;
  const [, , px2, py2] = layout.pageBoxes[0];
  for (let top = py2 - 6 * MM; top - h > py2 / 2; top -= 4) {
    const rect: Box = [px2 - 12 * MM - w, top - h, px2 - 12 * MM, top];
    if (!layout.textBoxes[0].some((b) => overlaps(rect, b))) return { rect, lines, size: CORNER_SIZE };
  }
  return { rect: [px2 - 12 * MM - w, py2 - 6 * MM - h, px2 - 12 * MM, py2 - 6 * MM], lines, size: CORNER_SIZE };
}

/** The visible signature widgets of a PDF, in the order of the AcroForm's fields: page and rectangle. */
export function signatureWidgets(doc: PDFDocument): { page: number; rect: Box }[] {
  const pages = doc.getPages();
  const out: { page: number; rect: Box }[] = [];
  pages.forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; annots && k < annots.size(); k++) {
      const a = annots.lookupMaybe(k, PDFDict);
      if (a?.lookupMaybe(PDFName.of('FT'), PDFName)?.asString() !== '/Sig') continue;
      const r = a.lookupMaybe(PDFName.of('Rect'), PDFArray);
      const rect = r && ([0, 1, 2, 3].map((j) => r.lookup(j, PDFNumber).asNumber()) as Box);
      if (rect && rect[2] - rect[0] > 1)
        out.push({
          page: i,
          rect: [Math.min(rect[0], rect[2]), Math.min(rect[1], rect[3]), Math.max(rect[0], rect[2]), Math.max(rect[1], rect[3])],
        });
    }
  });
  return out;
}
