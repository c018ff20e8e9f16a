import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';
import { users } from '../users/schema';

export const permissionChangeKinds = [
  'ROLE_GRANTED',
  'ROLE_REVOKED',
  'SECRET_ACCESS_GRANTED',
  'DELEGATION_CREATED',
  'DELEGATION_REVOKED',
] as const;

/**
 * A change of someone's permissions (NĐ 30 Phụ lục VI: cảnh báo thay đổi quyền), written in the change's own
 * transaction and listed to the organisation's head (or its configured confirmers) until one of them confirms it.
 */
export const permissionAlerts = pgTable(
  'permission_alerts',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind', { enum: permissionChangeKinds }).notNull(),
    /** Whose permissions changed. */
    subjectUserId: text('subject_user_id')
      .notNull()
      .references(() => users.id),
    changedBy: text('changed_by')
      .notNull()
      .references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** What changed: the role and where, the document, the delegation and its dates. */
    data: jsonb('data').notNull(),
    confirmedBy: text('confirmed_by').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmNote: text('confirm_note'),
  },
  (t) => [
    index('permission_alerts_open_idx')
      .on(t.organisationId, t.changedAt)
      .where(sql`${t.confirmedAt} is null`),
  ],
);
