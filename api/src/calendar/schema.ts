import { date, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const calendarDayKinds = ['HOLIDAY', 'WORKDAY'] as const;
export const calendarDayKind = pgEnum('calendar_day_kind', calendarDayKinds);

/**
 * Exceptions to the Monday–Friday working week: public holidays (ngày nghỉ lễ, Tết) and the Saturdays
 * worked in exchange (ngày làm bù). Deadlines and reminders count working days against it.
 */
export const calendarDays = pgTable('calendar_days', {
  day: date('day').primaryKey(),
  kind: calendarDayKind('kind').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
