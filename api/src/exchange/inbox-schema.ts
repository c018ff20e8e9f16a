import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { incomingDocuments } from '../incoming/schema';
import { organisations } from '../organisations/schema';

/**
 * ACCEPTED: became an incoming record (new or replacement); APPLIED: a revocation/update applied to the earlier
 * record (status 15); CHANGE_REFUSED: a revocation/update for a document we do not know (status 16);
 * REFUSED: the package failed validation (status 02 with the reason, when its sender could be read);
 * DUPLICATE: the same document (DocumentId) again under another message id: acknowledged, nothing created.
 */
export const inboxOutcomes = ['ACCEPTED', 'APPLIED', 'CHANGE_REFUSED', 'REFUSED', 'DUPLICATE'] as const;
export const inboxOutcome = pgEnum('exchange_inbox_outcome', inboxOutcomes);

/**
 * Every document package received from the exchange axis, stored raw (blob, immutable) with what became of
 * it. Exactly once: a package is recorded once per receiving organ code and message id, and a package that
 * creates a record (new / replacement) once per receiving organ code and edXML DocumentId, so a redelivery
 * or a duplicate sent under another message id is only acknowledged again. `acked_at` null after commit is
 * the crash window between commit and acknowledgement: the next poll finds the row and only acknowledges.
 */
export const exchangeInbox = pgTable(
  'exchange_inbox',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    /** Our organ code the package was delivered to (the transport's agency). */
    receiverOrganCode: text('receiver_organ_code').notNull(),
    /** The organisation of ours with that organ code; null when none (refused). */
    organisationId: text('organisation_id').references(() => organisations.id),
    /** The axis' id of the delivery (what is fetched and acknowledged). */
    hubMessageId: text('hub_message_id').notNull(),
    /** The sender's message id. */
    messageId: text('message_id').notNull(),
    senderOrganCode: text('sender_organ_code'),
    /** edXML DocumentId `OrganId,yyyy/MM/dd,Số/KýHiệu`, when it could be read. */
    documentId: text('document_id'),
    /** BussinessDocType: 0 new, 1 revoke, 2 update, 3 replace. */
    businessType: integer('business_type'),
    rawSha256: text('raw_sha256'),
    size: bigint('size', { mode: 'number' }).notNull(),
    outcome: inboxOutcome('outcome').notNull(),
    reasonCode: text('reason_code'),
    reasonVi: text('reason_vi'),
    reasonEn: text('reason_en'),
    /** The incoming record created (ACCEPTED) or acted on (APPLIED). */
    incomingDocumentId: text('incoming_document_id').references(() => incomingDocuments.id),
    /** The verified package signature (signer, chain, algorithm) and the header as read, for the record view. */
    signature: jsonb('signature'),
    header: jsonb('header'),
    /**
     * What the accepted package did not prove, shown to the clerk (docs/domain.md §6.7): attachments its
     * signature does not cover, or no signature at all (EXCHANGE_UNSIGNED=accept-with-notice). PackageNotice[].
     */
    notices: jsonb('notices')
      .notNull()
      .default(sql`'[]'::jsonb`),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    ackedAt: timestamp('acked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('exchange_inbox_message_uq').on(t.receiverOrganCode, t.messageId),
    uniqueIndex('exchange_inbox_document_uq')
      .on(t.receiverOrganCode, t.documentId)
      .where(sql`${t.outcome} = 'ACCEPTED'`),
    index('exchange_inbox_incoming_idx').on(t.incomingDocumentId),
    index('exchange_inbox_unacked_idx')
      .on(t.receiverOrganCode)
      .where(sql`${t.ackedAt} is null`),
  ],
);

export const statusStates = ['PENDING', 'SENT', 'FAILED'] as const;
export const statusState = pgEnum('exchange_status_state', statusStates);

/**
 * Status packages (gói tin trạng thái, docs/domain.md §6.4) we owe senders, as an outbox: the row is written in the
 * same transaction as what it reports (receipt, registration, assignment…), so a crash can delay a status but
 * never lose it; a send job per row (job id and message id derived from the row) delivers it with retries.
 */
export const exchangeStatusesSent = pgTable(
  'exchange_statuses_sent',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    /** Deterministic: `status:<our organ>:<DocumentId>:<code>:<n>`, so a retried send is deduplicated by the axis. */
    messageId: text('message_id').notNull(),
    /** The organisation reporting (signs with its seal) and its organ code. */
    organisationId: text('organisation_id').references(() => organisations.id),
    fromOrganCode: text('from_organ_code').notNull(),
    toOrganCode: text('to_organ_code').notNull(),
    /** The document reported on: organId, code, promulgationDate, documentId (edXML ResponseFor). */
    documentRef: jsonb('document_ref').notNull(),
    statusCode: text('status_code').notNull(),
    description: text('description').notNull(),
    incomingDocumentId: text('incoming_document_id').references(() => incomingDocuments.id),
    inboxId: text('inbox_id').references(() => exchangeInbox.id),
    state: statusState('state').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    hubId: text('hub_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('exchange_statuses_sent_message_uq').on(t.messageId),
    index('exchange_statuses_sent_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.state} = 'PENDING'`),
    index('exchange_statuses_sent_incoming_idx').on(t.incomingDocumentId),
  ],
);
