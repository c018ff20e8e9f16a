import { eq } from 'drizzle-orm';
import { users } from '../../api/src/users/schema';
import { isWorkingDay, shiftWorkingDays, todayInVietnam, type CalendarExceptions } from '../../api/src/calendar/working-days';
import { loadCalendar } from '../../api/src/calendar/service';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

const empty: CalendarExceptions = { holidays: new Set(), workdays: new Set() };

describe('working-day arithmetic', () => {
  it('skips weekends', () => {
    // 2026-11-27 is a Friday.
    expect(shiftWorkingDays('2026-11-27', 1, empty)).toBe('2026-11-30');
    expect(shiftWorkingDays('2026-11-30', -1, empty)).toBe('2026-11-27');
    expect(shiftWorkingDays('2026-11-25', 0, empty)).toBe('2026-11-25');
    expect(isWorkingDay('2026-11-28', empty)).toBe(false);
  });

  it('skips holidays and counts a worked Saturday', () => {
    const cal: CalendarExceptions = { holidays: new Set(['2026-09-02', '2026-09-01']), workdays: new Set(['2026-09-05']) };
    // Monday 31/8 + 1 working day: Tue 1/9 and Wed 2/9 are off → Thursday 3/9.
    expect(shiftWorkingDays('2026-08-31', 1, cal)).toBe('2026-09-03');
    // Friday 4/9 + 1: the worked Saturday 5/9.
    expect(shiftWorkingDays('2026-09-04', 1, cal)).toBe('2026-09-05');
    expect(shiftWorkingDays('2026-09-03', -1, cal)).toBe('2026-08-31');
  });

  it("knows today's date in Vietnam (UTC+7)", () => {
    expect(todayInVietnam(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(todayInVietnam(new Date('2026-12-31T16:30:00Z'))).toBe('2026-12-31');
  });
});

describe('calendar API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds the fixed statutory holidays and lets a province administrator add Tết and worked days', async () => {
    const year = Number(todayInVietnam().slice(0, 4));
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    const seeded = await clerk.get(`/api/calendar/days?year=${year}`);
    expect(seeded.body.items.map((d: { day: string }) => d.day)).toEqual([
      `${year}-01-01`,
      `${year}-04-30`,
      `${year}-05-01`,
      `${year}-09-02`,
    ]);

    const admin = await loggedIn(t.app, 'qn.admin');
    const put = await admin.send('put', `/api/admin/calendar/days/${year}-09-01`, { kind: 'HOLIDAY', name: 'Nghỉ Quốc khánh' });
    expect(put.status).toBe(200);
    expect((await admin.send('put', `/api/admin/calendar/days/${year}-09-05`, { kind: 'WORKDAY', name: 'Làm bù' })).status).toBe(200);
    const cal = await loadCalendar(t.database.db, `${year}-01-01`, `${year}-12-31`);
    expect(cal.holidays.has(`${year}-09-01`)).toBe(true);
    expect(cal.workdays.has(`${year}-09-05`)).toBe(true);
    expect((await admin.delete(`/api/admin/calendar/days/${year}-09-05`)).status).toBe(204);
    expect((await admin.delete(`/api/admin/calendar/days/${year}-09-05`)).status).toBe(404);
    expect((await admin.send('put', `/api/admin/calendar/days/${year}-02-30`, { kind: 'HOLIDAY', name: 'Không có' })).status).toBe(422);
  });

  it('keeps administrators of subordinate organisations and other users from changing the national calendar', async () => {
    const admin = await loggedIn(t.app, 'qn.admin');
    const [stc] = await t.database.db.select().from(users).where(eq(users.username, 'stc.vanthu'));
    await admin.post(`/api/admin/users/${stc.id}/roles`, { role: 'QUAN_TRI', organisationId: 'qn-stc' });
    const stcAdmin = await loggedIn(t.app, 'stc.vanthu');
    expect((await stcAdmin.send('put', '/api/admin/calendar/days/2027-01-02', { kind: 'HOLIDAY', name: 'Thử' })).status).toBe(403);
    expect((await new ApiClient(t.app).get('/api/calendar/days?year=2026')).status).toBe(401);
  });
});
