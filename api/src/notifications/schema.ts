import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../users/schema';

/** In-app notifications (thông báo): assignments, reminders, status changes. */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    titleVi: text('title_vi').notNull(),
    titleEn: text('title_en').notNull(),
    /** Client route to open, e.g. /incoming/<id>. */
    link: text('link'),
    data: jsonb('data'),
    /** Makes sending idempotent: a retried job or repeated event does not notify twice. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [unique('notifications_dedupe_uq').on(t.userId, t.dedupeKey), index('notifications_user_unread_idx').on(t.userId, t.readAt)],
);
