import type { ActiveContentKind } from '../files/active-content';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { organisations, units } from '../organisations/schema';
import { users } from '../users/schema';
import { incomingDocuments } from './schema';

/** Chủ trì (leads, exactly one active), phối hợp (cooperates), để biết (informed, read-only). docs/domain.md §4.2 */
export const assignmentRoles = ['CHU_TRI', 'PHOI_HOP', 'DE_BIET'] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];
export const assignmentStatuses = ['OPEN', 'IN_PROGRESS', 'DONE', 'READ'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const assignmentRole = pgEnum('assignment_role', assignmentRoles);
export const assignmentStatus = pgEnum('assignment_status', assignmentStatuses);

/**
 * One line of the leader's direction (phiếu giải quyết văn bản đến): a unit, a person or an organisation
 * below the receiving one, with a role and a deadline. A unit head passing the work on creates a child line
 * for a specialist. An organisation line sends it the document as an incoming record of its own
 * (`forwardedDocumentId`, incoming/forwarding.ts). Re-assignment keeps the old lines, inactive, so the
 * history stays readable.
 */
export const incomingAssignments = pgTable(
  'incoming_assignments',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    parentId: text('parent_id').references((): AnyPgColumn => incomingAssignments.id),
    role: assignmentRole('role').notNull(),
    unitId: text('unit_id').references(() => units.id),
    userId: text('user_id').references(() => users.id),
    organisationId: text('organisation_id').references(() => organisations.id),
    /** The incoming record created in `organisationId`'s register for this line. */
    forwardedDocumentId: text('forwarded_document_id').references(() => incomingDocuments.id),
    dueDate: date('due_date'),
    instruction: text('instruction'),
    status: assignmentStatus('status').notNull().default('OPEN'),
    resultNote: text('result_note'),
    /** The issued reply (văn bản trả lời) that completed this line, when it did. */
    resultOutgoingId: text('result_outgoing_id'),
    assignedBy: text('assigned_by')
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: text('completed_by').references(() => users.id),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    check('incoming_assignments_target', sql`num_nonnulls(${t.unitId}, ${t.userId}, ${t.organisationId}) = 1`),
    index('incoming_assignments_document_idx').on(t.documentId),
    index('incoming_assignments_user_idx').on(t.userId),
    index('incoming_assignments_unit_idx').on(t.unitId),
    index('incoming_assignments_forwarded_idx').on(t.forwardedDocumentId),
    // Dashboard: lines completed in a date range, and open lines by deadline (overdue now) — few of all lines.
    index('incoming_assignments_completed_idx').on(t.completedAt),
    index('incoming_assignments_open_due_idx')
      .on(t.dueDate)
      .where(sql`${t.active} and ${t.status} <> 'DONE'`),
  ],
);

/** Files given with a line's result (kết quả xử lý) or a cooperating unit's input; bytes in the blob store. */
export const incomingAssignmentFiles = pgTable(
  'incoming_assignment_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    assignmentId: text('assignment_id')
      .notNull()
      .references(() => incomingAssignments.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    /** Active content the uploaded PDF had ([] none, null not a PDF); then `sha256` is the cleaned copy served, `originalSha256` the upload. */
    activeContent: text('active_content').array().$type<ActiveContentKind[]>(),
    originalSha256: text('original_sha256'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incoming_assignment_files_assignment_idx').on(t.assignmentId), index('incoming_assignment_files_sha_idx').on(t.sha256)],
);

/** Comments on a document (ý kiến), visible to everyone who sees it. */
export const incomingComments = pgTable(
  'incoming_comments',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incoming_comments_document_idx').on(t.documentId)],
);

/** Who may open a secret (mật) document besides its assignees: granted explicitly, one row per person. */
export const incomingAccessGrants = pgTable(
  'incoming_access_grants',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    grantedBy: text('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // By person too: the lists ask which documents a user is granted (40,000 grants: a 3.4 ms scan, 0.2 ms by index).
  (t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('incoming_access_grants_user_idx').on(t.userId)],
);
