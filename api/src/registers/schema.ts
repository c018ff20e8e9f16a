import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';

/** DEN: incoming (văn bản đến); DI: outgoing (văn bản đi). */
export const registerDirections = ['DEN', 'DI'] as const;
export type RegisterDirection = (typeof registerDirections)[number];
export const registerDirection = pgEnum('register_direction', registerDirections);

/** ALL: every ordinary document; SECRET: secret documents, which by law number separately (docs/domain.md §2.4). */
export const registerScopes = ['ALL', 'SECRET'] as const;
export type RegisterScope = (typeof registerScopes)[number];
export const registerScope = pgEnum('register_scope', registerScopes);

/** A register (sổ văn bản) of an organisation: one independent number sequence, restarting every year. */
export const registers = pgTable(
  'registers',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    direction: registerDirection('direction').notNull(),
    name: text('name').notNull(),
    scope: registerScope('scope').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('registers_organisation_idx').on(t.organisationId, t.direction)],
);

/**
 * The last number given out by a register in a year. One row per register-year, created by the first
 * allocation of the year, so numbering restarts at 1 without any yearly job.
 */
export const registerCounters = pgTable(
  'register_counters',
  {
    registerId: text('register_id')
      .notNull()
      .references(() => registers.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.registerId, t.year] })],
);
