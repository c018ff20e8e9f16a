import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../users/schema';

/**
 * A search a user saved (tìm kiếm đã lưu, NĐ 30 Phụ lục VI): its criteria as the search API takes them (without
 * the page) and the result columns chosen. Each user sees only their own; names are unique per user.
 */
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The search's criteria (search/validation.ts searchCriteria): q, filters, sort. */
    criteria: jsonb('criteria').notNull(),
    /** Result columns in display order (search/columns.ts). */
    columns: text('columns').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_searches_user_name_idx').on(t.userId, t.name)],
);

export const secretSearchActions = ['SEARCH', 'EXPORT'] as const;

/**
 * Searches that touched secret (mật) material (NĐ 30 Phụ lục VI: nhật ký sử dụng tìm kiếm): a secrecy filter,
 * or results holding a secret document. A table of its own rather than the hash-chained audit (which records
 * every search as well): the heads of the searcher's organisations list it by organisation and time.
 */
export const secretSearchLog = pgTable(
  'secret_search_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The searcher's organisations (their role grants) at the time: whose heads see the entry. */
    organisationIds: text('organisation_ids').array().notNull(),
    action: text('action', { enum: secretSearchActions }).notNull(),
    query: text('query'),
    /** The filters, as given (not the order). */
    filters: jsonb('filters').notNull(),
    /** Documents answering (for an export: rows exported). */
    total: integer('total').notNull(),
    /** Secret documents among them. */
    secretCount: integer('secret_count').notNull(),
    ip: text('ip'),
  },
  (t) => [index('secret_search_log_orgs_idx').using('gin', t.organisationIds), index('secret_search_log_at_idx').on(t.at)],
);
