import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { vietnamCaptionTime } from '../calendar/vietnam-time';
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFObjectCopier,
  PDFRef,
  beginText,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  concatTransformationMatrix,
  setFillingRgbColor,
  setFontAndSize,
  showText,
  moveText,
  type PDFFont,
  type PDFImage,
  type PDFOperator,
} from 'pdf-lib';

/** What a visible signature shows (Nghị định 30/2020, Phụ lục I). */
export type SignatureAppearance =
  | {
      kind: 'leader';
      /** 0-based page; default the last page. */
      page?: number;
      /** [x1, y1, x2, y2] in PDF points. */
      rect: [number, number, number, number];
      name: string;
      title?: string;
      /** The signer's handwritten signature: PNG (ideally with a transparent background) or JPEG. */
      image?: Buffer;
      /**
       * Placed in the draft's own signature block, between the position line and the name (ô 7c): only the
       * image (or a short "Đã ký số" mark), since the title and the name are the draft's text.
       */
      inBlock?: boolean;
    }
  | {
      kind: 'seal';
      page?: number;
      rect: [number, number, number, number];
      organisation: string;
      /** The organisation's seal, PNG; a plain red round seal is drawn when absent. */
      image?: Buffer;
      /**
       * Where the seal (at its real size) and its caption go, in page coordinates inside `rect` (see
       * signing/placement.ts); without them the seal fills the top of `rect` and the caption runs under it.
       */
      seal?: Box;
      caption?: { box: Box; size: number; lines: string[]; align: 'left' | 'right' };
    }
  | {
      /** Text only, no image: the organisation's signature on a separate attachment file (docs/domain.md §3.2). */
      kind: 'caption';
      page?: number;
      rect: [number, number, number, number];
      lines: string[];
      size: number;
    }
  | { kind: 'invisible' };

type Box = [number, number, number, number];

const fontDir = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));
let fontCache: { regular: Buffer; bold: Buffer; serif: Buffer } | undefined;
export function fonts() {
  fontCache ??= {
    regular: fs.readFileSync(path.join(fontDir, 'ttf', 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(fontDir, 'ttf', 'DejaVuSans-Bold.ttf')),
    // For what is written into the draft's own lines (number, date): a serif like the Times New Roman of ND 30.
    serif: fs.readFileSync(path.join(fontDir, 'ttf', 'DejaVuSerif.ttf')),
  };
  return fontCache;
}

const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

const sealCache = new Map<string, Buffer>();

/** A simple red round seal (PNG, transparent background) with the organisation's name around the rim. */
export async function generateSealPng(organisation: string, size = 300): Promise<Buffer> {
  const cached = sealCache.get(organisation);
  if (cached) return cached;
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  if (!GlobalFonts.has('DejaVu Sans')) GlobalFonts.registerFromPath(path.join(fontDir, 'ttf', 'DejaVuSans-Bold.ttf'), 'DejaVu Sans');
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const c = size / 2;
  const red = 'rgba(214, 30, 36, 0.9)';
  ctx.strokeStyle = red;
  ctx.fillStyle = red;
  ctx.lineWidth = size * 0.025;
  ctx.beginPath();
  ctx.arc(c, c, c - ctx.lineWidth, 0, Math.PI * 2);
  ctx.stroke();
  ctx.lineWidth = size * 0.01;
  ctx.beginPath();
  ctx.arc(c, c, c * 0.62, 0, Math.PI * 2);
  ctx.stroke();
  // The name around the rim.
  const text = organisation.toUpperCase();
  const fontSize = Math.max(size * 0.05, Math.min(size * 0.085, (Math.PI * 2 * c * 0.78) / (text.length * 0.75)));
  ctx.font = `bold ${fontSize}px "DejaVu Sans"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const radius = c * 0.8;
  const step = Math.min((Math.PI * 1.9) / text.length, (fontSize * 0.75) / radius);
  const start = -Math.PI / 2 - (step * (text.length - 1)) / 2;
  for (let i = 0; i < text.length; i++) {
    const a = start + i * step;
    ctx.save();
    ctx.translate(c + radius * Math.cos(a), c + radius * Math.sin(a));
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(text[i], 0, 0);
    ctx.restore();
  }
  // A star in the centre.
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const r = i % 2 ? c * 0.12 : c * 0.3;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(c + r * Math.cos(a), c + r * Math.sin(a));
  }
  ctx.closePath();
  ctx.fill();
  const png = canvas.toBuffer('image/png');
  sealCache.set(organisation, png);
  return png;
}

/**
 * Widths and encodings of texts per font (fontkit shapes the text for each: most of the time of drawing once
 * the fonts are cached), a few hundred per font: the fixed texts of an appearance, and the times of the moment.
 */
const measured = new WeakMap<PDFFont, Map<string, number | PDFHexString>>();
function remembered<T extends number | PDFHexString>(font: PDFFont, key: string, compute: () => T): T {
  let memo = measured.get(font);
  if (!memo) measured.set(font, (memo = new Map()));
  let value = memo.get(key) as T | undefined;
  if (value === undefined) {
    if (memo.size >= 256) memo.clear();
    memo.set(key, (value = compute()));
  }
  return value;
}
const widthOf = (font: PDFFont, text: string, size: number) =>
  remembered(font, `${size} ${text}`, () => font.widthOfTextAtSize(text, size));
// Encoding a text adds its glyphs to the font's subset: remembered, it has done so already.
const encoded = (font: PDFFont, text: string) => remembered(font, `\u0000${text}`, () => font.encodeText(text));

const center = (font: PDFFont, text: string, size: number, width: number) => (width - widthOf(font, text, size)) / 2;

/** Font size at which `text` fits `width`, at most `max`. */
function fit(font: PDFFont, text: string, width: number, max: number): number {
  const w = widthOf(font, text, max);
  return w <= width ? max : Math.max(4, (max * width) / w);
}

function textOps(
  font: PDFFont,
  name: string,
  text: string,
  size: number,
  x: number,
  y: number,
  rgb: [number, number, number],
): PDFOperator[] {
  return [setFillingRgbColor(...rgb), beginText(), setFontAndSize(name, size), moveText(x, y), showText(encoded(font, text)), endText()];
}

/**
 * One fontkit font per font file for the whole process: a font parsed anew for each document re-decodes its
 * layout tables (GSUB, GPOS) for every text measured, most of the time of drawing an appearance. A fontkit font
 * is read-only once parsed; each document still gets its own subset.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
export const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsedFonts.get(buffer);
    if (!font) parsedFonts.set(buffer, (font = fontkit.create(buffer)));
    return font;
  },
};

type VisibleAppearance = Exclude<SignatureAppearance, { kind: 'invisible' }>;

/** The fonts and image an appearance draws with, embedded in some document. */
interface Resources {
  regular: PDFFont;
  bold: PDFFont;
  serif?: PDFFont;
  image?: PDFImage;
}

async function embedResources(doc: PDFDocument, appearance: VisibleAppearance): Promise<Resources> {
  doc.registerFontkit(sharedFontkit);
  const regular = await doc.embedFont(fonts().regular, { subset: true });
  const bold = await doc.embedFont(fonts().bold, { subset: true });
  const serif = appearance.kind === 'caption' ? await doc.embedFont(fonts().serif, { subset: true }) : undefined;
  let image: PDFImage | undefined;
  if (appearance.kind === 'seal') image = await doc.embedPng(appearance.image ?? (await generateSealPng(appearance.organisation)));
  else if (appearance.kind === 'leader' && appearance.image)
    image = isJpeg(appearance.image) ? await doc.embedJpg(appearance.image) : await doc.embedPng(appearance.image);
  return { regular, bold, serif, image };
}

function resourcesDict(doc: PDFDocument, r: Resources): PDFDict {
  const fontsUsed: Record<string, PDFRef> = { F1: r.regular.ref, F2: r.bold.ref, ...(r.serif ? { F3: r.serif.ref } : {}) };
  return doc.context.obj({ Font: fontsUsed, ...(r.image ? { XObject: { Im1: r.image.ref } } : {}) }) as PDFDict;
}

/**
 * Embedded fonts and images per appearance, kept in a document of their own and copied into each signed file:
 * parsing, subsetting and compressing DejaVu and decoding a seal PNG is most of what signing costs otherwise.
 * The key holds everything that decides those objects (kind, image bytes, every character the texts can
 * use); the subsets also carry the characters of any signing time, the only text that changes per signature.
 */
interface AppearanceTemplate {
  doc: PDFDocument;
  resources: Resources;
  dict: PDFDict;
}

const templates = new Map<string, Promise<AppearanceTemplate>>();
export const APPEARANCE_CACHE_LIMIT = 64;
export const appearanceCacheSize = () => templates.size;
/** Every character a signing time or a fixed label of the appearance can show. */
const FIXED_TEXT = '0123456789/.:+ Ngày ký: Đã ký số Cơ quan: Thời gian ký: ';

function textsOf(a: VisibleAppearance): string[] {
  if (a.kind === 'caption') return a.lines;
  if (a.kind === 'leader') return [a.name, (a.title ?? '').toUpperCase()];
  return [`Cơ quan: ${a.organisation}`, ...(a.caption?.lines ?? [])];
}

function templateKey(a: VisibleAppearance): string {
  const image = 'image' in a && a.image ? crypto.createHash('sha256').update(a.image).digest('hex') : null;
  const chars = [...new Set([...textsOf(a).join(''), ...FIXED_TEXT])].sort().join('');
  return JSON.stringify([a.kind, a.kind === 'leader' && !!a.inBlock, image, a.kind === 'seal' && !a.image ? a.organisation : null, chars]);
}

async function makeTemplate(a: VisibleAppearance): Promise<AppearanceTemplate> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const resources = await embedResources(doc, a);
  const chars = [...new Set([...textsOf(a).join(''), ...FIXED_TEXT])].join('');
  for (const font of [resources.regular, resources.bold, resources.serif]) {
    if (!font) continue;
    font.encodeText(chars);
    for (const text of textsOf(a)) font.encodeText(text);
  }
  const dict = resourcesDict(doc, resources);
  await doc.flush(); // the subsets are written now: a glyph added later would be missing from them
  return { doc, resources, dict };
}

/** Number of glyphs in each font's subset: drawing with a template must not add any. */
const glyphCounts = (r: Resources) =>
  [r.regular, r.bold, r.serif].map((f) => (f ? (f as unknown as { embedder: { glyphs: unknown[] } }).embedder.glyphs.length : 0)).join();

/**
 * Draws the appearance as a form XObject in `doc` and returns its reference (for the widget's /AP /N).
 * Fonts are DejaVu Sans subsets (all Vietnamese diacritics); the caller must `await doc.flush()` before writing.
 */
export async function buildAppearance(doc: PDFDocument, appearance: VisibleAppearance, signingTime: Date): Promise<PDFRef> {
  const [x1, y1, x2, y2] = appearance.rect;
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);
  const key = templateKey(appearance);
  let pending = templates.get(key);
  if (pending) {
    templates.delete(key); // re-inserted below: the map's order is the order of last use
  } else {
    pending = makeTemplate(appearance);
    if (templates.size >= APPEARANCE_CACHE_LIMIT) templates.delete(templates.keys().next().value!);
  }
  templates.set(key, pending);
  const template = await pending.catch(() => null);
  if (template) {
    const before = glyphCounts(template.resources);
    const ops = drawAppearance(appearance, signingTime, template.resources, w, h);
    if (glyphCounts(template.resources) === before) {
      const resources = PDFObjectCopier.for(template.doc.context, doc.context).copy(template.dict);
      return doc.context.register(doc.context.formXObject(ops, { BBox: [0, 0, w, h], Resources: resources }));
    }
    templates.delete(key); // a text outside the template's subsets: it cannot serve (and its fonts no longer match)
  } else templates.delete(key);
  const resources = await embedResources(doc, appearance);
  const ops = drawAppearance(appearance, signingTime, resources, w, h);
  return doc.context.register(doc.context.formXObject(ops, { BBox: [0, 0, w, h], Resources: resourcesDict(doc, resources) }));
}

function drawAppearance(appearance: VisibleAppearance, signingTime: Date, r: Resources, w: number, h: number): PDFOperator[] {
  const [x1, y1] = appearance.rect;
  const { regular, bold } = r;
  const ops: PDFOperator[] = [pushGraphicsState()];
  const centre = (font: PDFFont, text: string, size: number) => center(font, text, size, w);
  const black: [number, number, number] = [0, 0, 0];

  if (appearance.kind === 'caption') {
    const serif = r.serif!;
    appearance.lines.forEach((line, i) =>
      ops.push(
        ...textOps(
          serif,
          'F3',
          line,
          appearance.size,
          w - widthOf(serif, line, appearance.size) - 1,
          h - appearance.size * 1.25 * (i + 1) + 2,
          black,
        ),
      ),
    );
  } else if (appearance.kind === 'leader' && appearance.inBlock) {
    if (r.image) {
      const img = r.image;
      const scale = Math.min(w / img.width, h / img.height);
      const iw = img.width * scale;
      const ih = img.height * scale;
      ops.push(
        pushGraphicsState(),
        concatTransformationMatrix(iw, 0, 0, ih, (w - iw) / 2, (h - ih) / 2),
        drawObject('Im1'),
        popGraphicsState(),
      );
    } else {
      const label = 'Đã ký số';
      const size = Math.min(fit(bold, label, w - 4, 12), h * 0.6);
      ops.push(...textOps(bold, 'F2', label, size, centre(bold, label, size), (h - size * 0.7) / 2, [0.05, 0.2, 0.75]));
    }
  } else if (appearance.kind === 'leader') {
    const title = (appearance.title ?? '').toUpperCase();
    const titleSize = fit(bold, title, w - 4, 11);
    const nameSize = fit(bold, appearance.name, w - 4, 11);
    if (title) ops.push(...textOps(bold, 'F2', title, titleSize, centre(bold, title, titleSize), h - titleSize - 2, black));
    ops.push(...textOps(bold, 'F2', appearance.name, nameSize, centre(bold, appearance.name, nameSize), 3, black));
    const top = h - titleSize - 6;
    const bottom = nameSize + 14;
    if (r.image) {
      const img = r.image;
      const scale = Math.min((w - 8) / img.width, (top - bottom) / img.height);
      const iw = img.width * scale;
      const ih = img.height * scale;
      ops.push(
        pushGraphicsState(),
        concatTransformationMatrix(iw, 0, 0, ih, (w - iw) / 2, bottom + (top - bottom - ih) / 2),
        drawObject('Im1'),
        popGraphicsState(),
      );
    } else {
      const label = 'Đã ký số';
      const size = fit(regular, label, w - 8, 10);
      ops.push(...textOps(regular, 'F1', label, size, centre(regular, label, size), (top + bottom) / 2 - size / 2, [0.05, 0.2, 0.75]));
    }
    const when = `Ngày ký: ${vietnamCaptionTime(signingTime, '/')}`;
    const whenSize = fit(regular, when, w - 4, 6);
    ops.push(...textOps(regular, 'F1', when, whenSize, centre(regular, when, whenSize), nameSize + 5, [0.3, 0.3, 0.3]));
  } else if (appearance.seal && appearance.caption) {
    // Both placed on the page by signing/placement.ts; here only moved into the widget's own coordinates.
    const [sx1, sy1, sx2, sy2] = appearance.seal;
    ops.push(
      pushGraphicsState(),
      concatTransformationMatrix(sx2 - sx1, 0, 0, sy2 - sy1, sx1 - x1, sy1 - y1),
      drawObject('Im1'),
      popGraphicsState(),
    );
    const { box, size, lines, align } = appearance.caption;
    lines.forEach((line, i) => {
      const x = align === 'right' ? box[2] - widthOf(regular, line, size) : box[0];
      ops.push(...textOps(regular, 'F1', line, size, x - x1, box[3] - y1 - size * (i + 1) * 1.25 + size * 0.25, black));
    });
  } else {
    // The seal on top (it overlaps the left third of the leader's signature), the caption under it.
    const lines = [`Cơ quan: ${appearance.organisation}`, `Thời gian ký: ${vietnamCaptionTime(signingTime)}`];
    const size = Math.min(...lines.map((l) => fit(regular, l, w - 2, 7)));
    const textHeight = size * 1.4 * lines.length + 2;
    const side = Math.max(10, Math.min(w, h - textHeight));
    ops.push(
      pushGraphicsState(),
      concatTransformationMatrix(side, 0, 0, side, (w - side) / 2, textHeight),
      drawObject('Im1'),
      popGraphicsState(),
    );
    lines.forEach((line, i) =>
      ops.push(...textOps(regular, 'F1', line, size, centre(regular, line, size), textHeight - size * 1.4 * (i + 1) + 1, black)),
    );
  }
  ops.push(popGraphicsState());
  return ops;
}

/** Text placed with a signature (e.g. "Số: 05/QĐ-UBND" and the date line before the seal), as a read-only field. */
export interface TextStamp {
  /** 0-based page; default the first. */
  page?: number;
  rect: [number, number, number, number];
  text: string;
  fontSize?: number;
  /** Field name; by default "Stamp" + a counter. */
  name?: string;
  /**
   * Written into a blank of the draft's own line ("Số:      /UBND-VX"): serif, centred in `rect`, its baseline
   * `baseline` points above the rect's bottom, at `fontSize` unless that does not fit.
   */
  inLine?: { baseline: number };
}

/** The appearance of a text stamp: one line, DejaVu Sans, shrunk to fit its box, vertically centred. */
export async function buildTextAppearance(doc: PDFDocument, stamp: TextStamp): Promise<{ ref: PDFRef; fontRef: PDFRef; size: number }> {
  doc.registerFontkit(sharedFontkit);
  const regular = await doc.embedFont(stamp.inLine ? fonts().serif : fonts().regular, { subset: true });
  const [x1, y1, x2, y2] = stamp.rect;
  const w = Math.abs(x2 - x1);
  const h = Math.abs(y2 - y1);
  const size = stamp.inLine
    ? fit(regular, stamp.text, w - 1, stamp.fontSize ?? 13)
    : Math.min(fit(regular, stamp.text, w - 2, stamp.fontSize ?? 12), h * 0.8);
  const at = stamp.inLine ? { x: center(regular, stamp.text, size, w), y: stamp.inLine.baseline } : { x: 1, y: (h - size * 0.75) / 2 };
  const ops = [pushGraphicsState(), ...textOps(regular, 'F1', stamp.text, size, at.x, at.y, [0, 0, 0]), popGraphicsState()];
  const stream = doc.context.formXObject(ops, { BBox: [0, 0, w, h], Resources: { Font: { F1: regular.ref } } });
  return { ref: doc.context.register(stream), fontRef: regular.ref, size };
}
