import type { ActiveContentKind } from '../files/active-content';
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/schema';
import { registers } from '../registers/schema';
import { users } from '../users/schema';

/** docs/domain.md §2.7; KHONG / THUONG are the unmarked defaults. */
export const urgencies = ['THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'] as const;
export const secrecies = ['KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT'] as const;
const URGENCY_PRINTED: Record<string, string> = { KHAN: 'Khẩn', THUONG_KHAN: 'Thượng khẩn', HOA_TOC: 'Hỏa tốc' };
const SECRECY_PRINTED: Record<string, string> = { MAT: 'Mật', TOI_MAT: 'Tối mật', TUYET_MAT: 'Tuyệt mật' };
/** Độ khẩn, độ mật as printed on registers and slips (nothing for THUONG / KHONG). */
export const urgencySecrecyMarks = (urgency: string, secrecy: string) =>
  [URGENCY_PRINTED[urgency], SECRECY_PRINTED[secrecy]].filter(Boolean) as string[];
/** INTERNAL: dispatched by another organisation on this system (văn bản đi → văn bản đến, no exchange axis). */
export const channels = ['PAPER', 'EMAIL', 'AXIS', 'HAND', 'INTERNAL'] as const;
/**
 * DRAFT: uploaded, not yet in a register (creates no obligation, docs/domain.md §4.2); REGISTERED: has its số đến;
 * SUBMITTED: presented to a leader; ASSIGNED: directed (chủ trì / phối hợp / để biết); IN_PROGRESS: the lead
 * started; COMPLETED: the lead finished with a result note. Transitions: incoming/processing.ts.
 */
export const incomingStatuses = ['DRAFT', 'REGISTERED', 'SUBMITTED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED'] as const;
export const fileRoles = ['MAIN', 'ATTACHMENT'] as const;
/** NOT_APPLICABLE: not a PDF; NO_TEXT: a PDF without a text layer (a scan). */
export const extractionStates = ['PENDING', 'DONE', 'NO_TEXT', 'FAILED', 'NOT_APPLICABLE'] as const;
export type ExtractionState = (typeof extractionStates)[number];
/**
 * OCR of a scan (a PDF without text, or a PNG/JPEG image): PENDING queued, RUNNING, DONE (searchable PDF
 * stored beside the original, its text in extracted_text), FAILED (reason in ocr_error), UNAVAILABLE
 * (OCRmyPDF is not installed on the worker).
 */
export const ocrStates = ['PENDING', 'RUNNING', 'DONE', 'FAILED', 'UNAVAILABLE'] as const;
export type OcrState = (typeof ocrStates)[number];

export const urgency = pgEnum('urgency', urgencies);
export const secrecy = pgEnum('secrecy', secrecies);
export const incomingChannel = pgEnum('incoming_channel', channels);
export const incomingStatus = pgEnum('incoming_status', incomingStatuses);
export const fileRole = pgEnum('file_role', fileRoles);
export const extractionState = pgEnum('extraction_state', extractionStates);
export const ocrState = pgEnum('ocr_state', ocrStates);

/** An incoming document (văn bản đến) of the receiving organisation; metadata per ND 30 Phụ lục VI. */
export const incomingDocuments = pgTable(
  'incoming_documents',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: incomingStatus('status').notNull().default('DRAFT'),
    channel: incomingChannel('channel').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    issuerName: text('issuer_name'),
    issuerOrganCode: text('issuer_organ_code'),
    /** Số and ký hiệu as printed by the issuer (text: "05" keeps its zero). */
    number: text('number'),
    symbol: text('symbol'),
    issueDate: date('issue_date'),
    documentType: text('document_type'),
    subject: text('subject'),
    signerName: text('signer_name'),
    signerPosition: text('signer_position'),
    /** Quyền hạn ký as printed above the position: "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"… (docs/domain.md §2.6). */
    signerAuthority: text('signer_authority'),
    urgency: urgency('urgency').notNull().default('THUONG'),
    secrecy: secrecy('secrecy').notNull().default('KHONG'),
    pageCount: integer('page_count'),
    dueDate: date('due_date'),
    /** Normalised issuer + số/ký hiệu + date, for spotting the same document registered twice. */
    duplicateKey: text('duplicate_key'),
    registerId: text('register_id').references(() => registers.id),
    arrivalYear: integer('arrival_year'),
    arrivalNumber: integer('arrival_number'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    registeredBy: text('registered_by').references(() => users.id),
    /** The leader it was presented to (trình), while awaiting direction. */
    submittedTo: text('submitted_to').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The outgoing document this arrived from by internal dispatch (link back to the sender's record). */
    sourceOutgoingId: text('source_outgoing_id'),
    /** Who received it; null when the system did (a package from the exchange axis). */
    createdBy: text('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Thu hồi: the sender revoked it over the exchange (BussinessDocType 1), with the sender's reason. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    /** Văn bản thay thế: the later record (received over the exchange) that replaces this one. */
    replacedById: text('replaced_by_id'),
    /** The sender last updated its metadata over the exchange (BussinessDocType 2). */
    exchangeUpdatedAt: timestamp('exchange_updated_at', { withTimezone: true }),
    /** Từ chối tiếp nhận: the clerk returned it to the sender (status 02) instead of registering it. */
    refusedAt: timestamp('refused_at', { withTimezone: true }),
    refusedReason: text('refused_reason'),
  },
  (t) => [
    uniqueIndex('incoming_arrival_uq').on(t.registerId, t.arrivalYear, t.arrivalNumber),
    index('incoming_org_status_idx').on(t.organisationId, t.status),
    index('incoming_duplicate_idx').on(t.organisationId, t.duplicateKey),
    // Dashboard: documents registered by an organisation in a date range.
    index('incoming_org_registered_idx').on(t.organisationId, t.registeredAt),
    // A leader's queue (incoming/my-queue.ts): what is presented to him. At 1.4M documents (npm run bench:load)
    // a parallel scan of them all, 155 ms, became 0.08 ms. Not a partial index on the status: a fresh database
    // runs every migration in one transaction, where a value added to an enum may not be used yet.
    index('incoming_submitted_to_idx').on(t.submittedTo, t.status),
  ],
);

/** A file of an incoming document: the main PDF or an attachment, its bytes in the blob store. */
export const incomingFiles = pgTable(
  'incoming_files',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    documentId: text('document_id')
      .notNull()
      .references(() => incomingDocuments.id, { onDelete: 'cascade' }),
    role: fileRole('role').notNull(),
    /** Position in the upload, so attachments keep the order the clerk gave. */
    ordinal: integer('ordinal').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').notNull(),
    pageCount: integer('page_count'),
    extractionState: extractionState('extraction_state').notNull(),
    extractedText: text('extracted_text'),
    extractionError: text('extraction_error'),
    extractedAt: timestamp('extracted_at', { withTimezone: true }),
    /**
     * Active content found in a PDF at upload (files/active-content.ts: javascript, launch, open_action,
     * additional_actions, other_action); [] for a clean PDF, null for other types and for PDFs this system issued
     * itself (internal dispatch). Registered as received, but every copy made from it (stamped, OCR) is cleaned.
     */
    activeContent: text('active_content').array().$type<ActiveContentKind[]>(),
    /** The derived copy with the "ĐẾN" stamp (main file only); the original blob is never changed. */
    stampedSha256: text('stamped_sha256'),
    /** OCR of a scan; null when the file needed none. The searchable PDF is a new blob, the original is untouched. */
    ocrState: ocrState('ocr_state'),
    ocrSha256: text('ocr_sha256'),
    ocrError: text('ocr_error'),
    ocrAt: timestamp('ocr_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('incoming_files_document_idx').on(t.documentId),
    index('incoming_files_sha_idx').on(t.sha256),
    // Recovery sweep: files whose extraction or OCR is still owed (a handful, found without reading every file).
    index('incoming_files_extraction_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.extractionState} = 'PENDING'`),
    index('incoming_files_ocr_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.ocrState} in ('PENDING', 'RUNNING')`),
  ],
);
