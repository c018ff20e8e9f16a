import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { incomingDocuments } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { recipientKind } from '../outgoing/schema';
import { users } from '../users/schema';

/** Forms of copy (ND 30 Điều 25): sao y, sao lục (from a sao y), trích sao (an extract re-created in full format). */
export const copyForms = ['SAO_Y', 'SAO_LUC', 'TRICH_SAO'] as const;
export type CopyForm = (typeof copyForms)[number];
export const copyForm = pgEnum('copy_form', copyForms);

export const copySourceKinds = ['OUTGOING', 'INCOMING'] as const;
export const copySourceKind = pgEnum('copy_source_kind', copySourceKinds);

/** AWAITING_SIGNATURE: numbered, waiting for a COPY_SIGN holder; SIGNING: queued for the seal worker; SIGNED: done. */
export const copyStates = ['AWAITING_SIGNATURE', 'SIGNING', 'SIGNED'] as const;
export const copyState = pgEnum('copy_state', copyStates);

/**
 * A copy (bản sao) registered by an organisation: its own number in the organisation's copy register of the year
 * (one sequence for all forms, 01 on 1 January — ND 30 Phụ lục I Phần II.II.1c), ký hiệu "SY-STC", "SL-STC",
 * "TrS-STC", and the organisation's signature on page 1 top right (docs/domain.md §3.3) once a COPY_SIGN holder signs.
 */
export const documentCopies = pgTable(
  'document_copies',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    form: copyForm('form').notNull(),
    sourceKind: copySourceKind('source_kind').notNull(),
    sourceId: text('source_id').notNull(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    symbol: text('symbol').notNull(),
    /** What is signed: the source's PDF (sao y, sao lục) or the extract the clerk uploaded (trích sao). */
    contentSha256: text('content_sha256').notNull(),
    /** The copy with the organisation's signature. */
    signedSha256: text('signed_sha256'),
    state: copyState('state').notNull().default('AWAITING_SIGNATURE'),
    /** For a secret source: the recorded authorisation to copy it (who decided, the decision's reference). */
    secretAuthorisation: text('secret_authorisation'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    signedBy: text('signed_by').references(() => users.id),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** Phát hành bản sao: when the clerk sent the signed copy to its recipients (document_copy_recipients). */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('document_copies_number_uq').on(t.organisationId, t.year, t.number),
    index('document_copies_source_idx').on(t.sourceKind, t.sourceId),
  ],
);

/** The last copy number of an organisation in a year; the first copy of a year creates the row, so numbering restarts at 01. */
export const copyCounters = pgTable(
  'copy_counters',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.year] })],
);

/** How a copy reached a recipient: an incoming record on this system, or an edXML package over the axis (exchange_outbox.copy_id). */
export const copyRoutes = ['INTERNAL', 'EXCHANGE'] as const;

/** The recipients (nơi nhận) of a dispatched copy, named as an outgoing document's are, and how each was reached. */
export const documentCopyRecipients = pgTable(
  'document_copy_recipients',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    copyId: text('copy_id')
      .notNull()
      .references(() => documentCopies.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    kind: recipientKind('kind').notNull(),
    organisationId: text('organisation_id').references(() => organisations.id),
    unitId: text('unit_id').references(() => units.id),
    organCode: text('organ_code'),
    name: text('name').notNull(),
    route: text('route', { enum: copyRoutes }).notNull(),
    /** INTERNAL: the receiving organisation's incoming record (one per organisation, however many of its units are named). */
    incomingDocumentId: text('incoming_document_id').references(() => incomingDocuments.id),
  },
  (t) => [index('document_copy_recipients_copy_idx').on(t.copyId)],
);
