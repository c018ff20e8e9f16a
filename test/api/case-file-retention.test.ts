import {
  addYears,
  disposalReviewDate,
  maintenanceLabel,
  mustTransfer,
  parseMaintenance,
  transferDueDate,
} from '../../api/src/case-files/retention';

describe('retention periods (thời hạn bảo quản)', () => {
  it('adds whole years, 29 February falling back to the 28th in a common year', () => {
    expect(addYears('2025-06-30', 10)).toBe('2035-06-30');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2099-02-28', 1)).toBe('2100-02-28');
  });

  it('reviews disposal at end date + N years, never for permanent or unfinished files; transfer is due a year after the end', () => {
    expect(disposalReviewDate('2015-12-31', 10)).toBe('2025-12-31');
    expect(disposalReviewDate('2015-12-31', null)).toBeNull();
    expect(disposalReviewDate(null, 10)).toBeNull();
    expect(transferDueDate('2025-11-30')).toBe('2026-11-30');
  });

  it('sends files kept ≥ 5 years or permanently to the archive', () => {
    expect([null, 5, 20, 70].map(mustTransfer)).toEqual([true, true, true, true]);
    expect([1, 2, 4].map(mustTransfer)).toEqual([false, false, false]);
  });

  it('writes and reads the Maintenance field, with or without diacritics', () => {
    expect(maintenanceLabel(null)).toBe('Vĩnh viễn');
    expect(maintenanceLabel(20)).toBe('20 năm');
    expect(parseMaintenance('Vĩnh viễn')).toBeNull();
    expect(parseMaintenance('vinh vien')).toBeNull();
    expect(parseMaintenance('20 năm')).toBe(20);
    expect(parseMaintenance('5 nam')).toBe(5);
    expect(parseMaintenance('0 năm')).toBeUndefined();
    expect(parseMaintenance('mãi mãi')).toBeUndefined();
  });
});
