import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { documentCopies } from '../copies/schema';
import { organisations } from '../organisations/schema';
import { outgoingDocuments } from '../outgoing/schema';
import type { DocumentPackage } from './edxml';

/**
 * A sent package's life per receiver: QUEUED (outbox row committed with the dispatch) → SENT (the axis took it)
 * → the receiver's statuses (docs/domain.md §6.4) RECEIVED 01 → REGISTERED 03 → ASSIGNED 04 → IN_PROGRESS 05 →
 * COMPLETED 06, or REFUSED 02 with a reason. FAILED: the send job exhausted its attempts or the axis refused
 * the package itself (retry from the admin screen puts it back to QUEUED).
 */
export const outboxStatuses = [
  'QUEUED',
  'SENT',
  'FAILED',
  'RECEIVED',
  'REGISTERED',
  'ASSIGNED',
  'IN_PROGRESS',
  'COMPLETED',
  'REFUSED',
] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
/**
 * A package described at dispatch: the edXML metadata and the files (by sha256 in the blob store), with whom to
 * tell about its statuses. The sender, receiver, DocumentId and trace come from the outbox row.
 */
export interface PreparedPackage {
  metadata: Omit<DocumentPackage, 'from' | 'to' | 'documentId' | 'traces' | 'attachments'>;
  files: { name: string; contentType: string; description: string; sha256: string }[];
  notify: { userId: string; label: string; link: string };
}

export const outboxStatus = pgEnum('exchange_outbox_status', outboxStatuses);

/**
 * One row per (outgoing document or copy, receiver organ code): the unit of sending, retrying and status tracking.
 * A copy (bản sao, copies/) carries its package prepared at dispatch (`prepared`): the copy is signed and
 * immutable, so its metadata are fixed then; an outgoing document's package is built from the document at send time.
 */
export const exchangeOutbox = pgTable(
  'exchange_outbox',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id').references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    copyId: text('copy_id').references(() => documentCopies.id, { onDelete: 'cascade' }),
    prepared: jsonb('prepared').$type<PreparedPackage>(),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    senderOrganCode: text('sender_organ_code').notNull(),
    receiverOrganCode: text('receiver_organ_code').notNull(),
    receiverName: text('receiver_name').notNull(),
    /** edXML DocumentId `OrganId,yyyy/MM/dd,Số/KýHiệu`: status packages name the document by it. */
    edxmlDocumentId: text('edxml_document_id').notNull(),
    /** Idempotency key on the axis, deterministic per document and receiver: a retried send never delivers twice. */
    messageId: text('message_id').notNull(),
    status: outboxStatus('status').notNull().default('QUEUED'),
    /** The receiver's latest status code and its description (the reason of a refusal). */
    statusCode: text('status_code'),
    reason: text('reason'),
    hubId: text('hub_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('exchange_outbox_document_receiver_uq').on(t.documentId, t.receiverOrganCode),
    unique('exchange_outbox_copy_receiver_uq').on(t.copyId, t.receiverOrganCode),
    check(
      'exchange_outbox_subject',
      sql`(${t.documentId} is not null and ${t.copyId} is null and ${t.prepared} is null) or (${t.documentId} is null and ${t.copyId} is not null and ${t.prepared} is not null)`,
    ),
    uniqueIndex('exchange_outbox_message_uq').on(t.senderOrganCode, t.messageId),
    index('exchange_outbox_edxml_idx').on(t.edxmlDocumentId, t.receiverOrganCode),
    index('exchange_outbox_org_idx').on(t.organisationId, t.status),
  ],
);

/** History of an outbox row: every transition and every status package received, with the receiver's own time. */
export const exchangeOutboxEvents = pgTable(
  'exchange_outbox_events',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    outboxId: text('outbox_id')
      .notNull()
      .references(() => exchangeOutbox.id, { onDelete: 'cascade' }),
    status: outboxStatus('status').notNull(),
    statusCode: text('status_code'),
    description: text('description'),
    staff: jsonb('staff'),
    /** The axis id of the status package; a redelivered one is recorded once. */
    hubMessageId: text('hub_message_id'),
    /** Whether the event moved the row's status (an older or repeated status is kept but does not go backwards). */
    applied: boolean('applied').notNull().default(true),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('exchange_outbox_events_outbox_idx').on(t.outboxId, t.occurredAt),
    unique('exchange_outbox_events_hub_uq').on(t.outboxId, t.hubMessageId),
  ],
);
