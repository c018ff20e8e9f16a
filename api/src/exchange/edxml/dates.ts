/**
 * edXML dates are Vietnam local time (UTC+07:00, no DST). We emit the SDK forms (`yyyy/MM/dd`,
 * `yyyy/MM/dd HH:mm:ss`) and read every form seen in the wild: `yyyy/MM/dd`, `yyyy-MM-dd`, `dd/MM/yyyy`,
 * each optionally followed by ` HH:mm[:ss]` (docs/domain.md §6.2).
 */
import { vietnamDate, vietnamParts } from '../../calendar/vietnam-time';

const p2 = (n: number) => String(n).padStart(2, '0');

/** `yyyy/MM/dd` from YYYY-MM-DD (or an instant, taken in Vietnam). */
export function edxmlDate(value: string | Date): string {
  return (typeof value === 'string' ? value : vietnamDate(value)).replace(/-/g, '/');
}

/** `yyyy/MM/dd HH:mm:ss` in Vietnam from an ISO 8601 instant. */
export function edxmlTimestamp(iso: string | Date): string {
  const v = vietnamParts(typeof iso === 'string' ? new Date(iso) : iso);
  return `${v.y}/${p2(v.m)}/${p2(v.d)} ${p2(v.hh)}:${p2(v.mi)}:${p2(v.ss)}`;
}

const FORMS = [
  /^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})(?:[ T](?<hh>\d{1,2}):(?<mi>\d{2})(?::(?<ss>\d{2}))?)?$/,
  /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[ T](?<hh>\d{1,2}):(?<mi>\d{2})(?::(?<ss>\d{2}))?)?$/,
  /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})(?:[ T](?<hh>\d{1,2}):(?<mi>\d{2})(?::(?<ss>\d{2}))?)?$/,
];

export interface ParsedDate {
  /** YYYY-MM-DD. */
  date: string;
  /** ISO 8601 with +07:00 (00:00:00 when no time was given). */
  iso: string;
  hasTime: boolean;
}

/** Reads a date in any accepted form; null when it is none of them or no real calendar date/time. */
export function parseEdxmlDate(raw: string): ParsedDate | null {
  const s = raw.trim();
  for (const re of FORMS) {
    const g = re.exec(s)?.groups;
    if (!g) continue;
    const [y, m, d, hh, mi, ss] = [g.y, g.m, g.d, g.hh ?? '0', g.mi ?? '0', g.ss ?? '0'].map(Number);
    if (y < 1900 || y > 2999 || hh > 23 || mi > 59 || ss > 59) return null;
    const utc = new Date(Date.UTC(y, m - 1, d, hh, mi, ss));
    if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
    const date = `${y}-${p2(m)}-${p2(d)}`;
    return { date, iso: `${date}T${p2(hh)}:${p2(mi)}:${p2(ss)}+07:00`, hasTime: g.hh !== undefined };
  }
  return null;
}

/** `OrganId,yyyy/MM/dd,Số/KýHiệu` (docs/domain.md §6.2). */
export function buildDocumentId(organId: string, issued: Date | string, number: string, notation: string): string {
  return `${organId},${edxmlDate(issued)},${number}/${notation}`;
}
