import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { organisations, units } from '../organisations/schema';
import { roles } from './roles';

export const roleEnum = pgEnum('role', roles);

export const users = pgTable(
  'users',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    /** Stored lower-case so logins are case-insensitive and unique. */
    username: text('username').notNull().unique('users_username_uq'),
    fullName: text('full_name').notNull(),
    position: text('position').notNull(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: text('unit_id').references(() => units.id),
    email: text('email'),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    /** Set for a password an administrator gave (new account, reset): every request but the change is refused until then. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('users_username_lower', sql`${t.username} = lower(${t.username})`), index('users_organisation_idx').on(t.organisationId)],
);

/** A role held by a user in an organisation, optionally in one of its units. A user may hold several. */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum('role').notNull(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: text('unit_id').references(() => units.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('role_grants_uq').on(t.userId, t.role, t.organisationId, t.unitId).nullsNotDistinct(),
    index('role_grants_user_idx').on(t.userId),
  ],
);
