import type { ActiveContentKind } from '../files/active-content';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { approvalChainTemplates, stepModes, type AfterReturn } from '../approval-chains/schema';
import { incomingDocuments, secrecy, urgency } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { registers } from '../registers/schema';
import { users } from '../users/schema';

/**
 * DRAFT: the author's, never submitted; IN_REVIEW: at step `currentStep` of its chain; RETURNED: sent back to
 * the author from `returnedStep`; REJECTED: stopped for good; APPROVED_AWAITING_SIGNATURE: the signer approved,
 * a signing job is queued; SIGNED: the signing capability delivered the signed PDF; ISSUED: numbered (cấp số)
 * and registered; DISPATCHED: sent to every recipient (internal delivered, external queued for exchange).
 * Transitions: outgoing/workflow.ts and outgoing/issuance.ts.
 */
export const outgoingStatuses = [
  'DRAFT',
  'IN_REVIEW',
  'RETURNED',
  'REJECTED',
  'APPROVED_AWAITING_SIGNATURE',
  'SIGNED',
  'ISSUED',
  'DISPATCHED',
] as const;
export type OutgoingStatus = (typeof outgoingStatuses)[number];
export const outgoingFileRoles = ['MAIN', 'SOURCE', 'ATTACHMENT'] as const;
export const recipientKinds = ['ORGANISATION', 'UNIT', 'EXTERNAL'] as const;
export const stepStatuses = ['PENDING', 'ACTIVE', 'DONE', 'SKIPPED'] as const;
export const decisions = ['PENDING', 'APPROVED', 'FORWARDED'] as const;
/**
 * DELIVERED: an incoming record exists in the recipient organisation; WAITING_FOR_EXCHANGE: for the axis;
 * AWAITING_MANUAL_SEND: no electronic way reaches the recipient (exchange off, or no organ code), the clerk
 * sends it by post, e-mail or hand and records it: SENT_MANUALLY.
 */
export const deliveryStatuses = ['DELIVERED', 'WAITING_FOR_EXCHANGE', 'AWAITING_MANUAL_SEND', 'SENT_MANUALLY'] as const;
/** How a document left without the system (gửi ngoài hệ thống): bưu chính, thư điện tử, giao trực tiếp. */
export const manualSendMethods = ['POST', 'EMAIL', 'HAND'] as const;

export const outgoingStatus = pgEnum('outgoing_status', outgoingStatuses);
export const outgoingFileRole = pgEnum('outgoing_file_role', outgoingFileRoles);
export const recipientKind = pgEnum('outgoing_recipient_kind', recipientKinds);
export const stepMode = pgEnum('approval_step_mode', stepModes);
export const stepStatus = pgEnum('approval_step_status', stepStatuses);
export const decision = pgEnum('approval_decision', decisions);
export const deliveryStatus = pgEnum('outgoing_delivery_status', deliveryStatuses);
export const manualSendMethod = pgEnum('outgoing_manual_send_method', manualSendMethods);

/** An outgoing document (văn bản đi) from first draft to dispatch; its content lives in versions. */
export const outgoingDocuments = pgTable(
  'outgoing_documents',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    /** The issuing organisation: its register numbers the document and its abbreviation is in the symbol. */
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The drafting unit; its abbreviation is in the symbol of a công văn ("UBND-VX"). */
    draftingUnitId: text('drafting_unit_id').references(() => units.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    status: outgoingStatus('status').notNull().default('DRAFT'),
    documentType: text('document_type').notNull(),
    subject: text('subject').notNull(),
    urgency: urgency('urgency').notNull().default('THUONG'),
    secrecy: secrecy('secrecy').notNull().default('KHONG'),
    /** Hạn trả lời văn bản (ND 30 Phụ lục VI DueDate): the deadline the recipients are asked to answer by. */
    dueDate: date('due_date'),
    currentVersion: integer('current_version').notNull().default(1),
    chainTemplateId: text('chain_template_id').references(() => approvalChainTemplates.id),
    allowAddReviewers: boolean('allow_add_reviewers').notNull().default(false),
    /** The chain's rule for a resubmission, copied at first submission like its steps. */
    afterReturn: text('after_return').$type<AfterReturn>().notNull().default('RESTART'),
    currentStep: integer('current_step'),
    returnedStep: integer('returned_step'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** The signer of the chain's last step, and who acted (a deputy under ủy quyền) when not the same. */
    signerId: text('signer_id').references(() => users.id),
    signerActedBy: text('signer_acted_by').references(() => users.id),
    /** The PDF signed by the authority (from the signing capability), when signed digitally. */
    signedSha256: text('signed_sha256'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    registerId: text('register_id').references(() => registers.id),
    issuedYear: integer('issued_year'),
    issuedNumber: integer('issued_number'),
    /** Ký hiệu without the number, e.g. "QĐ-UBND", "UBND-VX". */
    symbol: text('symbol'),
    issueDate: date('issue_date'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    issuedBy: text('issued_by').references(() => users.id),
    /** Issued on the strength of a paper (wet-ink) signature, not a digital one. */
    paperSignature: boolean('paper_signature'),
    /** The derived copy with số, ký hiệu and date drawn on; the approved/signed original is untouched. */
    issuedSha256: text('issued_sha256'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outgoing_issued_uq').on(t.registerId, t.issuedYear, t.issuedNumber),
    index('outgoing_org_status_idx').on(t.organisationId, t.status),
    index('outgoing_author_idx').on(t.authorId),
    // Dashboard: documents issued by an organisation in a date range.
    index('outgoing_org_issued_idx').on(t.organisationId, t.issuedAt),
    // Recovery sweep: issued documents still awaiting their seal (a handful, found without reading the register).
    index('outgoing_awaiting_seal_idx')
      .on(t.issuedAt)
      .where(sql`${t.status} = 'ISSUED' and ${t.issuedSha256} is null`),
  ],
);

/** A revision of a draft: who, when, why; its files are outgoing_files rows of the version. */
export const outgoingVersions = pgTable(
  'outgoing_versions',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    reason: text('reason'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('outgoing_versions_uq').on(t.documentId, t.number)],
);

export const outgoingFiles = pgTable(
  'outgoing_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    versionId: text('version_id')
      .notNull()
      .references(() => outgoingVersions.id, { onDelete: 'cascade' }),
    role: outgoingFileRole('role').notNull(),
    ordinal: integer('ordinal').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    pageCount: integer('page_count'),
    /**
     * Active content the uploaded PDF had ([] none, null not a PDF). Then `sha256` is the cleaned copy — what
     * is reviewed, signed, sealed and sent — and `originalSha256` the bytes as uploaded.
     */
    activeContent: text('active_content').array().$type<ActiveContentKind[]>(),
    originalSha256: text('original_sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outgoing_files_version_idx').on(t.versionId), index('outgoing_files_sha_idx').on(t.sha256)],
);

/** Nơi nhận: an organisation or unit on this system, or an external agency by its organ code. */
export const outgoingRecipients = pgTable(
  'outgoing_recipients',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    kind: recipientKind('kind').notNull(),
    organisationId: text('organisation_id').references(() => organisations.id),
    unitId: text('unit_id').references(() => units.id),
    organCode: text('organ_code'),
    name: text('name').notNull(),
  },
  (t) => [index('outgoing_recipients_document_idx').on(t.documentId)],
);

export const outgoingComments = pgTable(
  'outgoing_comments',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    versionId: text('version_id')
      .notNull()
      .references(() => outgoingVersions.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outgoing_comments_document_idx').on(t.documentId)],
);

/** The document's own copy of its chain, taken from the template at first submission. */
export const outgoingSteps = pgTable(
  'outgoing_steps',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    label: text('label').notNull(),
    mode: stepMode('mode').notNull(),
    isSigner: boolean('is_signer').notNull(),
    /** Added by the author at submission rather than taken from the template. */
    added: boolean('added').notNull().default(false),
    status: stepStatus('status').notNull().default('PENDING'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [unique('outgoing_steps_uq').on(t.documentId, t.ordinal)],
);

/** One person's part in a step; a forward closes the row and opens one for the new reviewer. */
export const outgoingStepAssignees = pgTable(
  'outgoing_step_assignees',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    stepId: text('step_id')
      .notNull()
      .references(() => outgoingSteps.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    decision: decision('decision').notNull().default('PENDING'),
    /** Who acted: the assignee, or their deputy under an ủy quyền (then "on behalf of" userId). */
    actedBy: text('acted_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    forwardedFrom: text('forwarded_from'),
  },
  (t) => [index('outgoing_step_assignees_user_idx').on(t.userId, t.decision), index('outgoing_step_assignees_step_idx').on(t.stepId)],
);

/**
 * Văn bản trả lời: an outgoing document answering an incoming one of its organisation. With
 * `completeOnIssue` (the default; leaders may turn it off) issuing the reply completes the incoming
 * document's lead line with the reply as its result.
 */
export const outgoingReplies = pgTable(
  'outgoing_replies',
  {
    outgoingId: text('outgoing_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    incomingId: text('incoming_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    completeOnIssue: boolean('complete_on_issue').notNull().default(true),
    linkedBy: text('linked_by')
      .notNull()
      .references(() => users.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who last chose `completeOnIssue` (null: the linker): issuing completes the lead line this person may close, checked again then. */
    decidedBy: text('decided_by').references(() => users.id),
    /** When issuing the reply completed the incoming document's handling. */
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.outgoingId, t.incomingId] }), index('outgoing_replies_incoming_idx').on(t.incomingId)],
);

/** One row per recipient once dispatched: delivered internally, or waiting for the exchange capability. */
export const outgoingDeliveries = pgTable(
  'outgoing_deliveries',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    recipientId: text('recipient_id')
      .notNull()
      .references(() => outgoingRecipients.id, { onDelete: 'cascade' }),
    status: deliveryStatus('status').notNull(),
    incomingDocumentId: text('incoming_document_id').references(() => incomingDocuments.id),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** A send recorded by the clerk (SENT_MANUALLY): how, on which day, with what note (e.g. the postal receipt number). */
    manualMethod: manualSendMethod('manual_method'),
    manualSentOn: date('manual_sent_on'),
    manualNote: text('manual_note'),
    manualRecordedBy: text('manual_recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('outgoing_deliveries_recipient_uq').on(t.recipientId), index('outgoing_deliveries_document_idx').on(t.documentId)],
);
