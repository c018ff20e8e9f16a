import { and, asc, between, eq } from 'drizzle-orm';
import { recordAudit, auditActor } from '../audit/service';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { calendarDays } from './schema';
import type { CalendarExceptions, IsoDate } from './working-days';

/** Holidays and worked weekend days between two dates (inclusive). */
export async function loadCalendar(db: Db, from: IsoDate, to: IsoDate): Promise<CalendarExceptions> {
  const rows = await db
    .select()
    .from(calendarDays)
    .where(between(calendarDays.day, from, to));
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'HOLIDAY').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'WORKDAY').map((r) => r.day)),
  };
}

export function listCalendarDays(db: Db, year: number) {
  return db
    .select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(between(calendarDays.day, `${year}-01-01`, `${year}-12-31`))
    .orderBy(asc(calendarDays.day));
}

export async function setCalendarDay(db: Db, actor: Actor, day: IsoDate, entry: { kind: 'HOLIDAY' | 'WORKDAY'; name: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(calendarDays)
      .values({ day, ...entry })
      .onConflictDoUpdate({ target: calendarDays.day, set: entry })
      .returning({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name });
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'calendar.set',
      entityType: 'calendar_day',
      entityId: day,
      data: entry,
    });
    return row;
  });
}

export async function removeCalendarDay(db: Db, actor: Actor, day: IsoDate) {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarDays)
      .where(and(eq(calendarDays.day, day)))
      .returning();
    if (removed.length === 0) throw notFound(`Calendar day ${day}`, 'ngày trong lịch');
    await recordAudit(tx, { ...auditActor(actor, 'QUAN_TRI'), action: 'calendar.remove', entityType: 'calendar_day', entityId: day });
  });
}

/**
 * Statutory fixed-date holidays (Bộ luật Lao động 2019, Điều 112). Tết Nguyên đán, Giỗ Tổ Hùng Vương and the
 * swapped days follow the lunar calendar and the Government's yearly notice: administrators enter those.
 */
export function fixedHolidays(year: number) {
  return [
    { day: `${year}-01-01`, kind: 'HOLIDAY' as const, name: 'Tết Dương lịch' },
    { day: `${year}-04-30`, kind: 'HOLIDAY' as const, name: 'Ngày Chiến thắng' },
    { day: `${year}-05-01`, kind: 'HOLIDAY' as const, name: 'Ngày Quốc tế Lao động' },
    { day: `${year}-09-02`, kind: 'HOLIDAY' as const, name: 'Quốc khánh' },
  ];
}
