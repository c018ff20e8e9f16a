import type { Lang } from '../i18n/translation.service';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Full date and time of a notification in the given language, e.g. "14:05 3/2/2026". */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/**
 * Time of a notification relative to `now` ("5 phút trước" / "5 minutes ago", "hôm qua" / "yesterday");
 * `null` under a minute (the caller shows "just now"), the full date and time after a week.
 */
export function formatRelative(iso: string, lang: Lang, now: number): string | null {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const elapsed = Math.max(0, now - time);
  if (elapsed < MINUTE) return null;
  const rtf = new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: 'auto' });
  if (elapsed < HOUR) return rtf.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return rtf.format(-Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 7 * DAY) return rtf.format(-Math.floor(elapsed / DAY), 'day');
  return formatDateTime(iso, lang);
}
