import { Pipe, type PipeTransform } from '@angular/core';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Vietnamese-style dates: "2025-03-05" → "05/03/2025" (no time-zone shift for date-only values);
 * ISO date-times → "05/03/2025 14:30" in local time, or the date alone with `'date'`.
 */
export function formatVtDate(value: string | null | undefined, mode: 'auto' | 'date' = 'auto'): string {
  if (!value) return '';
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) return `${dateOnly[3]}/${dateOnly[2]}/${dateOnly[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const date = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  return mode === 'date' ? date : `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

@Pipe({ name: 'vtDate' })
export class VtDatePipe implements PipeTransform {
  transform(value: string | null | undefined, mode: 'auto' | 'date' = 'auto'): string {
    return formatVtDate(value, mode);
  }
}

/** Today as YYYY-MM-DD in local time (for `<input type="date" min>`). */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `<input type="datetime-local">` value ↔ ISO date-time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
