import { formatVtDate, fromLocalInput, toLocalInput, todayIso } from './vt-date.pipe';

// Pages show Vietnam's clock whatever zone the browser is in: the same time the ĐẾN stamp and the signature captions print.
describe('Vietnam dates and times on the pages', () => {
  it('shows an instant in Vietnam time, and a date-only value as it is', () => {
    expect(formatVtDate('2026-12-06T01:34:00Z')).toBe('06/12/2026 08:34');
    expect(formatVtDate('2026-12-05T18:30:00Z', 'date')).toBe('06/12/2026');
    expect(formatVtDate('2026-12-05')).toBe('05/12/2026');
    expect(formatVtDate('không phải ngày')).toBe('không phải ngày');
    expect(formatVtDate(null)).toBe('');
  });

  it("counts today by Vietnam's calendar (01:00 in Hà Nội is still the previous day in UTC)", () => {
    expect(todayIso(new Date('2026-12-05T18:00:00Z'))).toBe('2026-12-06');
    expect(todayIso(new Date('2026-12-05T16:59:00Z'))).toBe('2026-12-05');
  });

  it('reads and writes a date-time field as Vietnam wall time', () => {
    expect(toLocalInput('2026-12-06T01:34:00Z')).toBe('2026-12-06T08:34');
    expect(fromLocalInput('2026-12-06T08:34')).toBe('2026-12-06T01:34:00.000Z');
    expect(fromLocalInput(toLocalInput('2026-03-01T23:05:00.000Z'))).toBe('2026-03-01T23:05:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('06/12/2026 08:34')).toBeUndefined();
  });
});
