import { PDFDocument, StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { extractTextPositions, type PageText } from '../incoming/pdf';

/** [x1, y1, x2, y2] in PDF points, user space of the page. */
export type Box = [number, number, number, number];

/**
 * Where the parts of an administrative document (ND 30/2020 Phụ lục I, docs/domain.md §2.2) sit in a draft PDF:
 * the blank of "Số:      /UBND-VX" (ô 3), the day / month (/ year) blanks of "Quảng Ninh, ngày    tháng    năm 2026"
 * (ô 4), the signature block (ô 7: authority, position, the gap for the signature, the name) and "Nơi nhận:" (ô 9b).
 * Pages are 0-based. Anything not found is absent; `textBoxes` are every page's text, to keep clear of.
 */
export interface DocumentLayout {
  number?: { page: number; blank: Box; size: number; symbol: string };
  date?: { page: number; day: Box; month: Box; year?: Box; size: number };
  signature?: {
    page: number;
    /** Authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), top to bottom; empty for a head signing in person. */
    authority: string[];
    /** The innermost authority prefix: "KT." for "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"; '' when there is none. */
    prefix: AuthorityPrefix;
    position: string;
    name: string;
    /** The free band between the position line and the name, across the block's column. */
    gap: Box;
  };
  recipients?: { page: number; box: Box };
  textBoxes: Box[][];
  pageBoxes: Box[];
}

export const AUTHORITY_PREFIXES = ['TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const;
export type AuthorityPrefix = (typeof AUTHORITY_PREFIXES)[number] | '';

/** One character with its estimated extent on the line. */
interface Glyph {
  ch: string;
  /** Lower case, no diacritics, đ → d: one character for one, so indexes match. */
  key: string;
  x1: number;
  x2: number;
  y: number;
  size: number;
}

/** A stretch of a text line without a column gap: what a form line or a signature-block line is. */
interface Segment {
  page: number;
  glyphs: Glyph[];
  text: string;
  key: string;
  x1: number;
  x2: number;
  y: number;
  size: number;
}

const times = StandardFontEmbedder.for(StandardFonts.TimesRoman as never);
const keyOf = (ch: string) => {
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  return base.length === 1 ? base : ch.length === 1 ? ch.toLowerCase() : '?';
};
const isBlankChar = (ch: string) => /[\s.…_]/u.test(ch);

/** Times widths of each character's base letter, scaled so the run's width is the measured one. */
function glyphsOf(run: PageText['runs'][number]): Glyph[] {
  const chars = [...run.str];
  const weights = chars.map((ch) => {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    try {
      return Math.max(times.widthOfTextAtSize(base || 'n', 1000), 150);
    } catch {
      return 500;
    }
  });
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let x = run.x;
  return chars.map((ch, i) => {
    const w = (run.width * weights[i]) / total;
    const g = { ch, key: keyOf(ch), x1: x, x2: x + w, y: run.y, size: run.size };
    x += w;
    return g;
  });
}

/** Lines (same baseline) cut into segments at column gaps; a small gap between runs reads as a space. */
function segmentsOf(page: PageText, pageIndex: number): Segment[] {
  const runs = page.runs.filter((r) => r.upright && r.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: (typeof runs)[] = [];
  for (const r of runs) {
    const line = lines.find((l) => Math.abs(l[0].y - r.y) < 0.3 * Math.max(l[0].size, r.size));
    if (line) line.push(r);
    else lines.push([r]);
  }
  const segments: Segment[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let current: Glyph[] = [];
    const flush = () => {
      while (current.length && /\s/.test(current[current.length - 1].ch)) current.pop();
      while (current.length && /\s/.test(current[0].ch)) current.shift();
      if (current.length) {
        const text = current.map((g) => g.ch).join('');
        segments.push({
          page: pageIndex,
          glyphs: current,
          text,
          key: current.map((g) => g.key).join(''),
          x1: current[0].x1,
          x2: current[current.length - 1].x2,
          y: current[0].y,
          size: Math.max(...current.map((g) => g.size)),
        });
      }
      current = [];
    };
    for (const run of line) {
      const glyphs = glyphsOf(run);
      const last = current[current.length - 1];
      if (last) {
        const gap = run.x - last.x2;
        if (gap > 3 * run.size) flush();
        else if (gap > 0.15 * run.size && !/\s/.test(last.ch) && !/^\s/.test(run.str)) {
          current.push({ ch: ' ', key: ' ', x1: last.x2, x2: run.x, y: run.y, size: run.size });
        }
      }
      current.push(...glyphs);
    }
    flush();
  }
  return segments;
}

/** The text box of a segment: baseline − descent to baseline + cap height. */
const boxOf = (s: { x1: number; x2: number; y: number; size: number }): Box => [s.x1, s.y - 0.22 * s.size, s.x2, s.y + 0.78 * s.size];

/** The extent of glyphs [from, to) as a blank box on the line. */
const blankBox = (s: Segment, from: number, to: number, minWidth = 0): Box => {
  const x1 = from > 0 ? s.glyphs[from - 1].x2 : s.x1;
  const x2 = to < s.glyphs.length ? s.glyphs[to].x1 : Math.max(x1 + minWidth, s.glyphs[s.glyphs.length - 1].x2);
  return [x1, s.y - 0.22 * s.size, x2, s.y + 0.78 * s.size];
};

const letters = (s: string) => s.replace(/[^\p{L}]/gu, '');
const isUpper = (s: string) => letters(s).length >= 2 && letters(s) === letters(s).toLocaleUpperCase('vi');
/** A person's name: two to six words, capitalised, not all upper case, no digits or punctuation of a heading. */
const isName = (s: string) => {
  const words = s.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 6 && !isUpper(s) && !/[\d:;,/]/.test(s) && words.every((w) => /^\p{Lu}/u.test(w));
};

const NUMBER_RE = /(?:^|\s)so\s*:([\s.…_]*)\/\s*([\p{L}\p{N}&.-]+)/u;
const DATE_RE = /,\s*ngay([\s.…_]*)thang([\s.…_]*)nam(\s*[\s.…_]*)(\d{4})?/u;

function findNumber(segments: Segment[]): DocumentLayout['number'] {
  for (const s of segments) {
    const m = NUMBER_RE.exec(s.key);
    if (!m || m[1].length === 0) continue;
    const start = m.index + m[0].indexOf(':') + 1;
    const end = start + m[1].length;
    const slash = s.key.indexOf('/', end);
    return {
      page: s.page,
      blank: blankBox(s, start, end),
      size: s.glyphs[Math.max(0, start - 1)].size,
      symbol: s.text
        .slice(slash + 1)
        .trim()
        .split(/\s/)[0],
    };
  }
  return undefined;
}

function findDate(segments: Segment[]): DocumentLayout['date'] {
  for (const s of segments) {
    const m = DATE_RE.exec(s.key);
    if (!m || m[1].length === 0 || m[2].length === 0) continue;
    const dayFrom = m.index + m[0].indexOf('ngay') + 4;
    const monthFrom = dayFrom + m[1].length + 5;
    const yearFrom = monthFrom + m[2].length + 3;
    const size = s.glyphs[dayFrom - 1].size;
    const year = m[4] ? undefined : blankBox(s, yearFrom, yearFrom + m[3].length, 2.2 * size);
    return {
      page: s.page,
      day: blankBox(s, dayFrom, dayFrom + m[1].length),
      month: blankBox(s, monthFrom, monthFrom + m[2].length),
      year,
      size,
    };
  }
  return undefined;
}

const prefixOf = (line: string): AuthorityPrefix => {
  const key = [...line].map(keyOf).join('').trim();
  return AUTHORITY_PREFIXES.find((p) => key.startsWith(p.toLowerCase() + ' ') || key.startsWith(p.toLowerCase())) ?? '';
};

/**
 * The signature block, searched from the last page back: an upper-case line (the position) above a free band
 * at least 2.5 lines high and a name centred in the same column, with the authority lines just above it.
 * The lowest such pair on a page wins (the block closes the document).
 */
function findSignature(segments: Segment[], pageCount: number): DocumentLayout['signature'] {
  for (let page = pageCount - 1; page >= 0; page--) {
    const onPage = segments.filter((s) => s.page === page).sort((a, b) => b.y - a.y);
    let found: DocumentLayout['signature'];
    for (const position of onPage) {
      if (!isUpper(position.text)) continue;
      const cx = (position.x1 + position.x2) / 2;
      const column = onPage.filter(
        (s) => s !== position && Math.abs((s.x1 + s.x2) / 2 - cx) < 40 && s.x2 > position.x1 - 20 && s.x1 < position.x2 + 20,
      );
      const below = column.filter((s) => s.y < position.y).sort((a, b) => b.y - a.y)[0];
      if (!below || !isName(below.text) || position.y - below.y < 2.5 * position.size + below.size) continue;
      const above: Segment[] = [];
      let cursor = position;
      for (;;) {
        const next = column.filter((s) => s.y > cursor.y && s.y - cursor.y < 1.8 * cursor.size).sort((a, b) => a.y - b.y)[0];
        if (!next || !isUpper(next.text) || above.length === 3) break;
        above.unshift(next);
        cursor = next;
      }
      // The position line may itself carry the prefix ("KT. CHỦ TỊCH" over a name would be odd, but "TL. …" is not).
      const authority = [...above.map((s) => s.text), ...(prefixOf(position.text) ? [position.text] : [])].filter((t) => prefixOf(t));
      const blockLines = [...above, position, below];
      const x1 = Math.min(...blockLines.map((s) => s.x1));
      const x2 = Math.max(...blockLines.map((s) => s.x2));
      const top = position.y - 0.22 * position.size;
      const bottom = below.y + 0.78 * below.size;
      if (!found || position.y < found.gap[3]) {
        found = {
          page,
          authority,
          prefix: authority.length ? prefixOf(authority[authority.length - 1]) : '',
          position: position.text,
          name: below.text,
          gap: [x1, bottom, x2, top],
        };
      }
    }
    if (found) return found;
  }
  return undefined;
}

/** Finds the layout from the text positions (see `extractTextPositions`; pages not read are null). Pure: no I/O. */
export function analyseLayout(pages: (PageText | null)[]): DocumentLayout {
  const segments = pages.flatMap((p, i) => (p ? segmentsOf(p, i) : []));
  const recipients = segments.find((s) => s.key.startsWith('noi nhan'));
  return {
    number: findNumber(segments),
    date: findDate(segments),
    signature: findSignature(segments, pages.length),
    recipients: recipients && { page: recipients.page, box: boxOf(recipients) },
    textBoxes: pages.map((_, i) => segments.filter((s) => s.page === i).flatMap((s) => wordBoxes(s))),
    pageBoxes: pages.map((p) => p?.view ?? [0, 0, 0, 0]),
  };
}

/** The boxes of a segment's words: blanks between them stay free. */
function wordBoxes(s: Segment): Box[] {
  const out: Box[] = [];
  let start = -1;
  s.glyphs.forEach((g, i) => {
    const blank = isBlankChar(g.ch);
    if (!blank && start < 0) start = i;
    if ((blank || i === s.glyphs.length - 1) && start >= 0) {
      const end = blank ? i - 1 : i;
      out.push([s.glyphs[start].x1, s.y - 0.22 * s.size, s.glyphs[end].x2, s.y + 0.78 * s.size]);
      start = -1;
    }
  });
  return out;
}

/**
 * The layout of a PDF. The number and date are on page 1 and the block usually closes the last pages, so those
 * are read first; the rest only when no block is there (a long appendix in the same file follows the block).
 */
export async function findLayout(pdf: Uint8Array): Promise<DocumentLayout> {
  const ends = await extractTextPositions(pdf, [0, -3, -2, -1]);
  const layout = analyseLayout(ends);
  return layout.signature || ends.every((p) => p) ? layout : analyseLayout(await extractTextPositions(pdf));
}

export const overlaps = (a: Box, b: Box, tolerance = 0.5) =>
  a[0] < b[2] - tolerance && b[0] < a[2] - tolerance && a[1] < b[3] - tolerance && b[1] < a[3] - tolerance;

/** A text written into a blank of the draft at issuance: the number, the day, the month, the year. */
export interface Fill {
  page: number;
  rect: Box;
  text: string;
  size: number;
  /** Baseline above the rect's bottom. */
  baseline: number;
  name: string;
}

/**
 * The issued number ("05") and date written in the draft's blanks (day padded below 10, month only for January
 * and February, docs/domain.md §2.5), at the size of the draft's line; `missing` names what has no blank in the draft.
 */
export function issueFills(layout: DocumentLayout, number: number, isoDate: string): { fills: Fill[]; missing: ('number' | 'date')[] } {
  const fills: Fill[] = [];
  const missing: ('number' | 'date')[] = [];
  const [y, m, d] = isoDate.split('-').map(Number);
  const put = (page: number, rect: Box, text: string, size: number, name: string) =>
    fills.push({ page, rect, text, size, baseline: 0.22 * size, name });
  if (layout.number)
    put(layout.number.page, layout.number.blank, number < 10 ? `0${number}` : String(number), layout.number.size, 'SoKyHieu');
  else missing.push('number');
  if (layout.date) {
    const { page, size } = layout.date;
    put(page, layout.date.day, d < 10 ? `0${d}` : String(d), size, 'NgayBanHanh');
    put(page, layout.date.month, m <= 2 ? `0${m}` : String(m), size, 'ThangBanHanh');
    if (layout.date.year) put(page, layout.date.year, String(y), size, 'NamBanHanh');
  } else missing.push('date');
  return { fills, missing };
}

const cache = new Map<string, Promise<DocumentLayout>>();
const CACHE_SIZE = 64;

/** No parts found: the pages' boxes only (what a PDF pdf.js cannot read gets, so issuance falls back). */
async function emptyLayout(pdf: Uint8Array): Promise<DocumentLayout> {
  const pages = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true })
    .then((d) =>
      d.getPages().map((p): Box => {
        const b = p.getCropBox();
        return [b.x, b.y, b.x + b.width, b.y + b.height];
      }),
    )
    .catch((): Box[] => [[0, 0, 595.28, 841.89]]);
  return { textBoxes: pages.map(() => []), pageBoxes: pages };
}

/**
 * The layout of a stored file, by its sha256 (a file's layout never changes): the document view asks often.
 * A file pdf.js cannot read has no layout (not cached: the failure may pass); only a failed read rejects.
 */
export function layoutOf(sha256: string, read: () => Promise<Uint8Array>): Promise<DocumentLayout> {
  let hit = cache.get(sha256);
  if (hit) {
    cache.delete(sha256);
    cache.set(sha256, hit);
    return hit;
  }
  hit = read().then((pdf) =>
    findLayout(pdf).catch(() => {
      cache.delete(sha256);
      return emptyLayout(pdf);
    }),
  );
  hit.catch(() => cache.delete(sha256));
  cache.set(sha256, hit);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return hit;
}
