import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { caseFiles } from '../case-files/schema';
import { organisations } from '../organisations/schema';
import { users } from '../users/schema';

export const legalHoldScopes = ['CASE_FILE', 'DOCUMENT', 'ORGANISATION_YEAR'] as const;
export const heldDocumentKinds = ['INCOMING', 'OUTGOING'] as const;

/**
 * A legal hold (phong toả): while it is in force (liftedAt null) nothing it covers may be moved, disposed of,
 * deleted or changed. Covers one case file (and the documents in it), one document, or every case file and
 * document of an organisation's year. Lifted holds stay as the record of the hold.
 */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    scope: text('scope', { enum: legalHoldScopes }).notNull(),
    /** The organisation whose material is held (the case file's or document's keeper, or the named one). */
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    caseFileId: text('case_file_id').references(() => caseFiles.id),
    documentKind: text('document_kind', { enum: heldDocumentKinds }),
    documentId: text('document_id'),
    /** ORGANISATION_YEAR: the year of the case files (their catalogue year) and documents (arrival or issue year). */
    year: integer('year'),
    reason: text('reason').notNull(),
    placedBy: text('placed_by')
      .notNull()
      .references(() => users.id),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
    liftedBy: text('lifted_by').references(() => users.id),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftReason: text('lift_reason'),
  },
  (t) => [
    index('legal_holds_active_idx')
      .on(t.organisationId)
      .where(sql`${t.liftedAt} is null`),
    check(
      'legal_holds_target',
      sql`(${t.scope} = 'CASE_FILE' and ${t.caseFileId} is not null and ${t.documentId} is null and ${t.year} is null)
        or (${t.scope} = 'DOCUMENT' and ${t.documentId} is not null and ${t.documentKind} is not null and ${t.caseFileId} is null and ${t.year} is null)
        or (${t.scope} = 'ORGANISATION_YEAR' and ${t.year} is not null and ${t.caseFileId} is null and ${t.documentId} is null)`,
    ),
  ],
);
