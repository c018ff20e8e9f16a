import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const integrityProblems = ['MISSING', 'MISMATCH'] as const;

/**
 * One run of the integrity check (kiểm tra tính toàn vẹn): every blob a row names was read back and re-hashed.
 * Only the latest runs are kept (see INTEGRITY_RUNS_KEPT in service.ts).
 */
export const integrityChecks = pgTable(
  'integrity_checks',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    blobsChecked: integer('blobs_checked').notNull(),
    bytesChecked: bigint('bytes_checked', { mode: 'number' }).notNull(),
    missing: integer('missing').notNull(),
    mismatched: integer('mismatched').notNull(),
  },
  (t) => [index('integrity_checks_finished_idx').on(t.finishedAt)],
);

/** A blob that failed a run: absent from the store, or its bytes no longer hash to its name. */
export const integrityFindings = pgTable(
  'integrity_findings',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    checkId: text('check_id')
      .notNull()
      .references(() => integrityChecks.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    problem: text('problem', { enum: integrityProblems }).notNull(),
    /** MISMATCH: the hash of the bytes found instead. */
    actualSha256: text('actual_sha256'),
    /** Tables whose rows name the blob (where the damage shows); no document content, so no secret leaks here. */
    tables: text('tables').array().notNull(),
  },
  (t) => [index('integrity_findings_check_idx').on(t.checkId)],
);
