import { Pipe, type PipeTransform } from '@angular/core';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Vietnam's wall clock (UTC+07:00, no daylight saving) of an instant, whatever zone the browser is set to: the
 * times a page shows must be those the documents print (the ĐẾN stamp, signature captions), and agencies' PCs
 * are not always set to the right zone.
 */
function vietnamClock(d: Date) {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return { y: v.getUTCFullYear(), m: v.getUTCMonth() + 1, d: v.getUTCDate(), hh: v.getUTCHours(), mi: v.getUTCMinutes() };
}

/**
 * Vietnamese-style dates: "2025-03-05" → "05/03/2025" (no time-zone shift for date-only values);
 * ISO date-times → "05/03/2025 14:30" in Vietnam time, or the date alone with `'date'`.
 */
export function formatVtDate(value: string | null | undefined, mode: 'auto' | 'date' = 'auto'): string {
  if (!value) return '';
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) return `${dateOnly[3]}/${dateOnly[2]}/${dateOnly[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const v = vietnamClock(d);
  const date = `${pad(v.d)}/${pad(v.m)}/${v.y}`;
  return mode === 'date' ? date : `${date} ${pad(v.hh)}:${pad(v.mi)}`;
}

@Pipe({ name: 'vtDate' })
export class VtDatePipe implements PipeTransform {
  transform(value: string | null | undefined, mode: 'auto' | 'date' = 'auto'): string {
    return formatVtDate(value, mode);
  }
}

/** Today as YYYY-MM-DD in Vietnam (for `<input type="date" min>`: the server's "today" for deadlines). */
export function todayIso(now = new Date()): string {
  const v = vietnamClock(now);
  return `${v.y}-${pad(v.m)}-${pad(v.d)}`;
}

/** `<input type="datetime-local">` value (Vietnam wall time) ↔ ISO date-time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const v = vietnamClock(d);
  return `${v.y}-${pad(v.m)}-${pad(v.d)}T${pad(v.hh)}:${pad(v.mi)}`;
}

export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}+07:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
