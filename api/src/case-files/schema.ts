import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { incomingDocuments } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { outgoingDocuments } from '../outgoing/schema';
import { users } from '../users/schema';

/**
 * OPEN: being built (lập hồ sơ), documents may be filed; CLOSED: finished (kết thúc), end date set; TRANSFERRED:
 * submitted to the organisation's archive (nộp lưu), read-only to the unit, managed by archivists (LUU_TRU);
 * DISPOSED: destroyed after its retention period with an archivist's and a leader's approval (hủy tài liệu hết giá trị).
 */
export const caseFileStatuses = ['OPEN', 'CLOSED', 'TRANSFERRED', 'DISPOSED'] as const;
export type CaseFileStatus = (typeof caseFileStatuses)[number];
/** The two approvals a disposal needs (docs/domain.md §5.3): the archive's and the organisation's leadership. */
export const disposalCapacities = ['ARCHIVIST', 'LEADER'] as const;
export type DisposalCapacity = (typeof disposalCapacities)[number];
export const filedDocumentKinds = ['INCOMING', 'OUTGOING'] as const;
export type FiledDocumentKind = (typeof filedDocumentKinds)[number];

export const caseFileStatus = pgEnum('case_file_status', caseFileStatuses);
export const disposalCapacity = pgEnum('case_file_disposal_capacity', disposalCapacities);
export const filedDocumentKind = pgEnum('case_file_document_kind', filedDocumentKinds);

/** A heading (đề mục) of an organisation's yearly catalogue: "I. Tổng hợp" or an abbreviation such as "VTLT". */
export const caseFileHeadings = pgTable(
  'case_file_headings',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    /** Roman numeral or abbreviation of the large heading, e.g. "I", "VTLT". */
    code: text('code').notNull(),
    title: text('title').notNull(),
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [unique('case_file_headings_uq').on(t.organisationId, t.year, t.code)],
);

/**
 * A case file (hồ sơ) of the catalogue (danh mục hồ sơ), with the metadata of ND 30 Phụ lục VI part III.
 * FileCode is kept as its three parts: organId (mã định danh of the organ that made the catalogue), year
 * (FileCatalog) and notation (FileNotation, e.g. "01.VTLT"). organisationId is who keeps it now: the unit's
 * organisation, or the archive that imported it from a package.
 */
export const caseFiles = pgTable(
  'case_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: text('unit_id').references(() => units.id),
    headingId: text('heading_id').references(() => caseFileHeadings.id),
    organId: text('organ_id').notNull(),
    year: integer('year').notNull(),
    notation: text('notation').notNull(),
    title: text('title').notNull(),
    /** Thời hạn bảo quản: null = vĩnh viễn (permanent), else a number of years. */
    retentionYears: integer('retention_years'),
    /** Chế độ sử dụng, e.g. "Công khai", "Hạn chế". */
    rights: text('rights').notNull(),
    language: text('language').notNull(),
    /** Người lập hồ sơ: the responsible person; for an imported file only the name is known. */
    creatorId: text('creator_id').references(() => users.id),
    creatorName: text('creator_name').notNull(),
    startDate: date('start_date'),
    endDate: date('end_date'),
    description: text('description'),
    status: caseFileStatus('status').notNull().default('OPEN'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    transferredAt: timestamp('transferred_at', { withTimezone: true }),
    transferredBy: text('transferred_by').references(() => users.id),
    /** Taken in from a package (POST /api/case-files/import) rather than built here. */
    importedAt: timestamp('imported_at', { withTimezone: true }),
    disposedAt: timestamp('disposed_at', { withTimezone: true }),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('case_files_code_uq').on(t.organisationId, t.organId, t.year, t.notation),
    index('case_files_org_year_idx').on(t.organisationId, t.year, t.status),
    check('case_files_retention_positive', sql`${t.retentionYears} is null or ${t.retentionYears} > 0`),
    check('case_files_dates', sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

/**
 * A document filed in a case file at position `ordinal` (DocOrdinal): an incoming or an outgoing document of
 * this system, or (imported files) a document known only by the metadata and files of the package. Exactly one
 * of the three is set; a document of this system sits in one case file at most.
 */
export const caseFileDocuments = pgTable(
  'case_file_documents',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    caseFileId: text('case_file_id')
      .notNull()
      .references(() => caseFiles.id),
    ordinal: integer('ordinal').notNull(),
    incomingDocumentId: text('incoming_document_id').references(() => incomingDocuments.id),
    outgoingDocumentId: text('outgoing_document_id').references(() => outgoingDocuments.id),
    /** Kind and ND 30 Phụ lục VI part I/II fields of an imported document, as the package gave them. */
    importedKind: filedDocumentKind('imported_kind'),
    importedMetadata: jsonb('imported_metadata'),
    filedBy: text('filed_by')
      .notNull()
      .references(() => users.id),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_file_documents_file_idx').on(t.caseFileId, t.ordinal),
    uniqueIndex('case_file_documents_incoming_uq').on(t.incomingDocumentId),
    uniqueIndex('case_file_documents_outgoing_uq').on(t.outgoingDocumentId),
    check(
      'case_file_documents_one_source',
      sql`num_nonnulls(${t.incomingDocumentId}, ${t.outgoingDocumentId}, ${t.importedMetadata}) = 1 and (${t.importedMetadata} is null) = (${t.importedKind} is null)`,
    ),
  ],
);

/** The files of an imported document (their bytes in the blob store, by SHA-256). */
export const caseFileImportedFiles = pgTable(
  'case_file_imported_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    caseFileDocumentId: text('case_file_document_id')
      .notNull()
      .references(() => caseFileDocuments.id),
    ordinal: integer('ordinal').notNull(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('case_file_imported_files_uq').on(t.caseFileDocumentId, t.ordinal),
    index('case_file_imported_files_sha_idx').on(t.sha256),
  ],
);

/** One approval of a disposal; rows are never deleted, so together with the case file they are the disposal record. */
export const caseFileDisposalApprovals = pgTable(
  'case_file_disposal_approvals',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    caseFileId: text('case_file_id')
      .notNull()
      .references(() => caseFiles.id),
    capacity: disposalCapacity('capacity').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('case_file_disposal_approvals_uq').on(t.caseFileId, t.capacity),
    unique('case_file_disposal_approvals_person_uq').on(t.caseFileId, t.userId),
  ],
);

/**
 * A signed PDF of a transferred case file as the archive keeps it (PAdES B-LTA,
 * docs/architecture.md#signatures-that-outlive-their-certificates): `sourceSha256` is the file as filed (the issued
 * copy, an incoming file, an imported file), `sha256` the newest augmented bytes — the source plus DSS and
 * document-timestamp updates, appended only. Earlier hashes stay in `archived_signed_file_revisions`.
 */
export const archivedSignedFiles = pgTable(
  'archived_signed_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    caseFileId: text('case_file_id')
      .notNull()
      .references(() => caseFiles.id),
    sourceSha256: text('source_sha256').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** genTime of the newest document timestamp. */
    timestampedAt: timestamp('timestamped_at', { withTimezone: true }).notNull(),
    /** notAfter of that timestamp's TSA certificate: the archive timestamps again before then. */
    timestampExpiresAt: timestamp('timestamp_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('archived_signed_files_uq').on(t.caseFileId, t.sourceSha256),
    index('archived_signed_files_expiry_idx').on(t.timestampExpiresAt),
  ],
);

export const archiveTimestampKinds = ['TRANSFER', 'RETIMESTAMP'] as const;
export const archiveTimestampKind = pgEnum('archive_timestamp_kind', archiveTimestampKinds);

/** Every version an archived signed file had, in order; rows are never deleted and each blob stays stored. */
export const archivedSignedFileRevisions = pgTable(
  'archived_signed_file_revisions',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    archivedFileId: text('archived_file_id')
      .notNull()
      .references(() => archivedSignedFiles.id),
    kind: archiveTimestampKind('kind').notNull(),
    /** The bytes before this step and after it (the latter extends the former: append only). */
    previousSha256: text('previous_sha256').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    timestampedAt: timestamp('timestamped_at', { withTimezone: true }).notNull(),
    timestampExpiresAt: timestamp('timestamp_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('archived_signed_file_revisions_file_idx').on(t.archivedFileId, t.createdAt)],
);
