/**
 * What the search box was given (docs/domain.md §8): a số/ký hiệu ("123/QĐ-UBND",
 * "20/2020/NĐ-CP", "123/QĐ"), a ký hiệu alone ("qd-ubnd"), a bare số ("125"), a số đến ("đến 45",
 * "den 45/2025"), or words. Keys are folded in SQL (vanthu_*_key) so the index and the query use one
 * implementation; this module only recognises the shape.
 */
export type ParsedQuery =
  | { kind: 'NONE' }
  | { kind: 'REFERENCE'; number: string; symbol: string }
  | { kind: 'SYMBOL'; symbol: string }
  | { kind: 'NUMBER'; number: string; text: string }
  | { kind: 'ARRIVAL'; number: number; year?: number }
  | { kind: 'TEXT'; text: string; withDiacritics: boolean };

/** Fold Vietnamese text for accent-insensitive comparison (docs/domain.md §8; vanthu_fold in SQL). */
export function foldVi(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const REFERENCE = /^(?:số\s*:?\s*)?(\d{1,7})\/((?:(?:19|20)\d{2}\/)?[\p{L}\p{N}&.]+(?:-[\p{L}\p{N}&.]+)*)$/iu;
const SYMBOL = /^[\p{L}][\p{L}\p{N}&.]*(?:-[\p{L}\p{N}&.]+)+$/u;
const ARRIVAL = /^(?:so\s+)?den\s*:?\s*(\d{1,7})(?:\/((?:19|20)\d{2}))?$/;

export function parseQuery(raw: string | undefined): ParsedQuery {
  const q = (raw ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(q)) return { kind: 'NONE' };
  const arrival = ARRIVAL.exec(foldVi(q));
  if (arrival) return { kind: 'ARRIVAL', number: Number(arrival[1]), ...(arrival[2] ? { year: Number(arrival[2]) } : {}) };
  const compact = q.replace(/\s*([/-])\s*/g, '$1');
  const ref = REFERENCE.exec(compact);
  if (ref) return { kind: 'REFERENCE', number: ref[1], symbol: ref[2] };
  if (SYMBOL.test(compact)) return { kind: 'SYMBOL', symbol: compact };
  if (/^\d{1,7}$/.test(q)) return { kind: 'NUMBER', number: q, text: q };
  return { kind: 'TEXT', text: q, withDiacritics: foldVi(q) !== q.toLowerCase().replace(/\s+/g, ' ') };
}

/** ts_headline marks: control characters no text carries (stripped from the source first), never HTML. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

export interface Segment {
  text: string;
  hit: boolean;
}

/** A highlighted text as plain segments: the client renders them as text nodes, so nothing is ever parsed as HTML. */
export function segments(marked: string | null): Segment[] | null {
  if (marked === null) return null;
  const out: Segment[] = [];
  for (const part of marked.split(MARK_START)) {
    const end = part.indexOf(MARK_END);
    if (end >= 0) {
      if (end > 0) out.push({ text: part.slice(0, end), hit: true });
      if (end + 1 < part.length) out.push({ text: part.slice(end + 1).replaceAll(MARK_END, ''), hit: false });
    } else if (part) out.push({ text: part, hit: false });
  }
  return out;
}
