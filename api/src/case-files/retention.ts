import type { IsoDate } from '../calendar/working-days';

/** Files kept at least this long are submitted to the archive (docs/domain.md §5.2, Điều 30). */
export const MIN_TRANSFER_YEARS = 5;
/** Submission is due within one year after the work ends (other than capital-construction records). */
export const TRANSFER_WITHIN_YEARS = 1;
/** The system warns this many days before the submission is due (Phụ lục VI III.5(b)). */
export const TRANSFER_NOTICE_DAYS = 30;

/** The same day n years later; 29 February becomes 28 February in a common year. */
export function addYears(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number);
  const year = y + n;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dd = m === 2 && day === 29 && !leap ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Thời hạn bảo quản as written in catalogues and in the Maintenance field: "Vĩnh viễn" or "20 năm". */
export const maintenanceLabel = (retentionYears: number | null) => (retentionYears === null ? 'Vĩnh viễn' : `${retentionYears} năm`);

/** The inverse of maintenanceLabel (packages from other systems may write "vinh vien" or "20 nam"). */
export function parseMaintenance(label: string): number | null | undefined {
  const s = label.trim().toLowerCase();
  if (/^v(ĩ|i)nh vi(ễ|e)n$/.test(s)) return null;
  const m = /^(\d{1,3})\s*n(ă|a)m$/.exec(s);
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/** Permanent files and files kept ≥ 5 years go to the archive; shorter ones stay with the unit. */
export const mustTransfer = (retentionYears: number | null) => retentionYears === null || retentionYears >= MIN_TRANSFER_YEARS;

export const transferDueDate = (endDate: IsoDate) => addYears(endDate, TRANSFER_WITHIN_YEARS);

/** Ngày đến hạn xem xét hủy: the end date plus the retention period; never for permanent files. */
export const disposalReviewDate = (endDate: IsoDate | null, retentionYears: number | null) =>
  endDate === null || retentionYears === null ? null : addYears(endDate, retentionYears);
