/**
 * Instants shown in Vietnam time (UTC+07:00, no daylight saving) whatever the server's zone: one clock, and the
 * few forms documents print it in (the ĐẾN stamp, captions of signatures, edXML, register books).
 */
const VN_OFFSET_MS = 7 * 3600_000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** The Vietnam calendar date and clock of an instant. */
export function vietnamParts(at: Date) {
  const v = new Date(at.getTime() + VN_OFFSET_MS);
  return {
    y: v.getUTCFullYear(),
    m: v.getUTCMonth() + 1,
    d: v.getUTCDate(),
    hh: v.getUTCHours(),
    mi: v.getUTCMinutes(),
    ss: v.getUTCSeconds(),
  };
}

/** YYYY-MM-DD of an instant in Vietnam. */
export function vietnamDate(at: Date): string {
  const v = vietnamParts(at);
  return `${v.y}-${p2(v.m)}-${p2(v.d)}`;
}

/** ISO 8601 with the Vietnam offset, e.g. "2025-03-05T09:15:27+07:00" (edXML traces, the copy's corner caption). */
export function vietnamIso(at: Date): string {
  const v = vietnamParts(at);
  return `${v.y}-${p2(v.m)}-${p2(v.d)}T${p2(v.hh)}:${p2(v.mi)}:${p2(v.ss)}+07:00`;
}

/** "25/11/2026" and "14:05", as stamps, watermarks and register books print them. */
export function vietnamDateTime(at: Date): { date: string; time: string } {
  const v = vietnamParts(at);
  return { date: `${p2(v.d)}/${p2(v.m)}/${v.y}`, time: `${p2(v.hh)}:${p2(v.mi)}` };
}

/** A signing time as government signature captions show it: "dd.MM.yyyy HH:mm:ss +07:00" (or with "/"). */
export function vietnamCaptionTime(at: Date, separator = '.'): string {
  const v = vietnamParts(at);
  return `${[p2(v.d), p2(v.m), v.y].join(separator)} ${p2(v.hh)}:${p2(v.mi)}:${p2(v.ss)} +07:00`;
}
