import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { incomingDocuments, incomingFiles } from '../incoming/schema';
import { outgoingDocuments, outgoingFiles } from '../outgoing/schema';
import { users } from '../users/schema';

/**
 * QUEUED: the signer's RSA signature over the prepared PDF's signed attributes is made (in the request) and a
 * `sign-outgoing` job will timestamp, embed and validate it; DONE: markSigned() took the result;
 * FAILED: the last attempt failed (the document stays unsigned, the signer may sign again).
 */
export const signingRequestStates = ['QUEUED', 'DONE', 'FAILED'] as const;
export const signingRequestState = pgEnum('signing_request_state', signingRequestStates);

/**
 * A prepared handle of the leader's signature: the PDF with its placeholder (a blob), where the signature goes,
 * and the signer's public certificate chain. No key and no passphrase is ever stored; the signature value
 * travels in the job.
 */
export const outgoingSigningRequests = pgTable(
  'outgoing_signing_requests',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The prepared PDF (placeholder, fixed /ByteRange), in the blob store. */
    preparedSha256: text('prepared_sha256').notNull(),
    byteRange: jsonb('byte_range').$type<[number, number, number, number]>().notNull(),
    fieldName: text('field_name').notNull(),
    signingTime: timestamp('signing_time', { withTimezone: true }).notNull(),
    /** DER certificates, base64, the signer's first. */
    chain: jsonb('chain').$type<string[]>().notNull(),
    /** Whose authority (the approving signer) and who signed (themselves or a deputy). */
    signerId: text('signer_id')
      .notNull()
      .references(() => users.id),
    signedBy: text('signed_by')
      .notNull()
      .references(() => users.id),
    /**
     * The RSA signature value over the prepared signed attributes, base64 (public: it ends up in the PDF). Kept so
     * a QUEUED request whose job was lost (crash, Redis outage) is queued again by the recovery sweep.
     */
    signature: text('signature'),
    state: signingRequestState('state').notNull().default('QUEUED'),
    error: text('error'),
    signedSha256: text('signed_sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('outgoing_signing_requests_document_idx').on(t.documentId, t.createdAt),
    index('outgoing_signing_requests_queued_idx')
      .on(t.createdAt)
      .where(sql`${t.state} = 'QUEUED'`),
  ],
);

/** Attachments of an issued document signed with the organisation's seal (ND 30: the organisation signs them). */
export const outgoingSealedFiles = pgTable('outgoing_sealed_files', {
  fileId: text('file_id')
    .primaryKey()
    .references(() => outgoingFiles.id, { onDelete: 'cascade' }),
  documentId: text('document_id')
    .notNull()
    .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
  sealedSha256: text('sealed_sha256').notNull(),
  size: integer('size').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The signature validation report of a received main PDF (worker job `validate-signatures`). */
export const incomingSignatureReports = pgTable(
  'incoming_signature_reports',
  {
    fileId: text('file_id')
      .primaryKey()
      .references(() => incomingFiles.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    verdict: text('verdict').notNull(),
    signatureCount: integer('signature_count').notNull(),
    report: jsonb('report').notNull(),
    validatedAt: timestamp('validated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incoming_signature_reports_document_idx').on(t.documentId)],
);

/**
 * A person's handwritten signature image (PNG or JPEG, in the blob store), drawn in the visible appearance of
 * their digital signatures (ND 30/2020 Phụ lục I). One per user; replacing it keeps earlier signed PDFs as they are.
 */
export const userSignatureImages = pgTable('user_signature_images', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  sha256: text('sha256').notNull(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The first half of a signature made outside the server (USB token, remote signing service): the prepared PDF
 * and the DER signed attributes handed out to be signed with the signer's certificate. When a valid signature
 * comes back it becomes an `outgoing_signing_requests` row (`signingRequestId`) and the usual `sign-outgoing` job.
 */
export const outgoingExternalSignings = pgTable(
  'outgoing_external_signings',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => outgoingDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    preparedSha256: text('prepared_sha256').notNull(),
    byteRange: jsonb('byte_range').$type<[number, number, number, number]>().notNull(),
    fieldName: text('field_name').notNull(),
    signingTime: timestamp('signing_time', { withTimezone: true }).notNull(),
    /** DER certificates, base64, the signer's first, as the signer presented them (checked against the trust store). */
    chain: jsonb('chain').$type<string[]>().notNull(),
    /** The certificate's subject common name: recorded, need not equal the user's name. */
    certificateSubject: text('certificate_subject').notNull(),
    certificateSerial: text('certificate_serial').notNull(),
    /** The DER SignedAttributes (base64) the device signs. */
    signedAttributes: text('signed_attributes').notNull(),
    signerId: text('signer_id')
      .notNull()
      .references(() => users.id),
    signedBy: text('signed_by')
      .notNull()
      .references(() => users.id),
    signingRequestId: text('signing_request_id').references(() => outgoingSigningRequests.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('outgoing_external_signings_document_idx').on(t.documentId)],
);
