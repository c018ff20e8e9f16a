import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../users/schema';

export const viewedDocumentKinds = ['INCOMING', 'OUTGOING'] as const;

/**
 * View history (lịch sử xem, NĐ 30 Phụ lục VI): every open of a document page and every file download.
 * A table of its own, not the hash-chained audit log: reads outnumber changes by far, and each audit entry
 * is written under the chain's lock (one after the other, each hashing the previous), so logging every read
 * there would serialise all reading behind it. These rows are pruned after VIEW_HISTORY_DAYS; the audit is kept.
 */
export const documentViews = pgTable(
  'document_views',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    documentKind: text('document_kind', { enum: viewedDocumentKinds }).notNull(),
    documentId: text('document_id').notNull(),
    /** The file downloaded; null for an open of the document page, or a download without a file id (issued, signed PDF). */
    fileId: text('file_id'),
    /** What was read: PAGE, or the file variant (ORIGINAL, STAMPED, SEARCHABLE, ISSUED, SIGNED). */
    what: text('what').notNull(),
    /** Client address of the request. */
    ip: text('ip'),
  },
  (t) => [index('document_views_doc_idx').on(t.documentKind, t.documentId, t.at), index('document_views_at_idx').on(t.at)],
);
