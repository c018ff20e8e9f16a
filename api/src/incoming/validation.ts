import { z } from 'zod';
import { isoDate, isoDateTime, year } from '../http/fields';
import { activeContentKinds } from '../files/active-content';
import { registerScopes } from '../registers/schema';
import { exchangeOriginSchema } from '../exchange/validation';
import { validationReportSchema } from '../signing/validation';
import { assignmentRoles, assignmentStatuses } from './processing-schema';
import { channels, extractionStates, fileRoles, incomingStatuses, ocrStates, secrecies, urgencies } from './schema';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

/** Form fields sent with the files (multipart/form-data), all text. */
export const draftFieldsSchema = z.object({
  channel: z.enum(channels).default('PAPER'),
  receivedAt: isoDateTime.optional(),
});

export const organisationQuery = z.object({
  organisationId: id.optional().describe('receiving organisation, when the clerk serves several'),
});

export const registrationSchema = z.object({
  registerId: id,
  issuerName: text(300),
  issuerOrganCode: text(50).optional(),
  number: text(20).optional().describe('số as printed, e.g. "05"'),
  symbol: text(100).optional().describe('ký hiệu, e.g. "QĐ-UBND"'),
  issueDate: isoDate,
  documentType: text(100),
  subject: text(2000),
  signerName: text(200).optional(),
  signerPosition: text(200).optional(),
  signerAuthority: text(200).optional().describe('quyền hạn ký, e.g. "KT. CHỦ TỊCH"'),
  urgency: z.enum(urgencies).default('THUONG'),
  secrecy: z.enum(secrecies).default('KHONG'),
  pageCount: z.number().int().positive().max(100000).optional().describe('defaults to the main file’s page count'),
  dueDate: isoDate.optional(),
  channel: z.enum(channels).optional(),
  receivedAt: isoDateTime.optional(),
  confirmDuplicate: z.boolean().default(false).describe('register even though a probable duplicate exists'),
});
export type RegistrationInput = z.output<typeof registrationSchema>;

export const listQuery = z.object({
  status: z.enum(incomingStatuses).optional(),
  registerId: id.optional(),
  year: year.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('text in the metadata or the extracted text'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const documentParams = z.object({ id });
export const fileParams = z.object({ id, fileId: id });

export const extractionSchema = z
  .object({
    state: z.enum(extractionStates),
    pageCount: z.number().int().nullable(),
    error: z.string().nullable(),
    extractedAt: z.string().nullable(),
    textLength: z.number().int().nullable(),
    ocr: z
      .object({
        state: z.enum(ocrStates),
        error: z.string().nullable().describe('why OCR failed or is unavailable, in plain words'),
        at: z.string().nullable(),
        searchablePdf: z.boolean().describe('a searchable copy (text layer added) can be downloaded from …/searchable'),
      })
      .nullable()
      .describe('OCR of a scan (PDF without text, PNG/JPEG); null when the file needed none'),
  })
  .meta({ id: 'TextExtraction' });

export const incomingFileSchema = z
  .object({
    id: z.string(),
    role: z.enum(fileRoles),
    originalName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    pageCount: z.number().int().nullable(),
    extractionState: z.enum(extractionStates),
    stamped: z.boolean().describe('a copy with the received stamp can be downloaded (the main file of a registered document)'),
    activeContent: z
      .array(z.enum(activeContentKinds))
      .nullable()
      .describe(
        'active content found in the PDF as received (kept in the original, removed from the stamped and OCR copies); [] none, null not a PDF or one issued on this system',
      ),
  })
  .meta({ id: 'IncomingFile' });

/** What a caller may do now with an incoming document or one of its direction lines, as decided by the server. */
export const incomingActions = [
  'register',
  'submit',
  'assign',
  'reassign',
  'return',
  'refuse',
  'discard',
  'reply',
  'comment',
  'delegate',
  'start',
  'complete',
  'input',
  'read',
  'extend',
] as const;

const personRef = z.object({ id: z.string(), fullName: z.string() });

/** An outgoing document answering an incoming one (văn bản trả lời). */
const replySchema = z.object({
  id: z.string(),
  subject: z.string(),
  status: z.string(),
  numberAndSymbol: z.string().nullable(),
  issueDate: z.string().nullable(),
  completeOnIssue: z.boolean(),
  completedAt: z.string().nullable(),
});

const assignmentSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    role: z.enum(assignmentRoles),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    organisation: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('an organisation below, which received the document as an incoming record of its own'),
    forwarded: z
      .object({
        status: z.enum(incomingStatuses),
        arrival: z.object({ number: z.number().int(), year: z.number().int() }).nullable(),
        registeredAt: z.string().nullable(),
        completedAt: z.string().nullable(),
        dueDate: z.string().nullable(),
        resultNote: z.string().nullable(),
        replies: z.array(
          replySchema.extend({
            receivedAs: z.string().nullable().describe('this organisation’s incoming record of the reply, when it was dispatched here'),
          }),
        ),
      })
      .nullable()
      .describe('progress of the incoming record the organisation below made of it'),
    resultFiles: z.array(
      z.object({
        id: z.string(),
        originalName: z.string(),
        mediaType: z.string(),
        size: z.number().int(),
        activeContent: z
          .array(z.enum(activeContentKinds))
          .nullable()
          .describe('what the upload had; the file served is a copy with it removed'),
      }),
    ),
    resultOutgoingId: z.string().nullable(),
    user: personRef.nullable(),
    dueDate: z.string().nullable(),
    instruction: z.string().nullable(),
    status: z.enum(assignmentStatuses),
    resultNote: z.string().nullable(),
    assignedBy: personRef,
    assignedAt: z.string(),
    completedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'IncomingAssignment' });

/** The handling side of a document (processing-view.ts): direction lines, comments, history, and what the caller may do next. */
const processingFields = {
  submittedTo: z.object({ id: z.string(), fullName: z.string(), position: z.string() }).nullable(),
  assignments: z.array(assignmentSchema),
  comments: z.array(z.object({ id: z.string(), author: personRef, body: z.string(), createdAt: z.string() })),
  history: z.array(
    z.object({ at: z.string(), actorName: z.string().nullable(), actorRole: z.string().nullable(), action: z.string(), data: z.unknown() }),
  ),
  forwardedFrom: z
    .object({
      organisationId: z.string(),
      organisationName: z.string(),
      role: z.enum(assignmentRoles),
      dueDate: z.string().nullable(),
      instruction: z.string().nullable(),
      assignedBy: z.object({ fullName: z.string(), position: z.string() }),
      assignedAt: z.string(),
      active: z.boolean(),
    })
    .nullable()
    .describe('handed down by an organisation above, with its direction'),
  replies: z.array(replySchema),
  allowedActions: z.array(z.object({ action: z.enum(incomingActions), assignmentId: z.string().optional() })),
};

export const incomingSummarySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    status: z.enum(incomingStatuses),
    channel: z.enum(channels),
    receivedAt: z.string(),
    issuerName: z.string().nullable(),
    issuerOrganCode: z.string().nullable(),
    number: z.string().nullable(),
    symbol: z.string().nullable(),
    issueDate: z.string().nullable(),
    documentType: z.string().nullable(),
    subject: z.string().nullable(),
    signerName: z.string().nullable(),
    signerPosition: z.string().nullable(),
    signerAuthority: z.string().nullable().describe('quyền hạn ký: "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"…'),
    urgency: z.enum(urgencies),
    secrecy: z.enum(secrecies),
    pageCount: z.number().int().nullable(),
    dueDate: z.string().nullable(),
    register: z
      .object({ id: z.string(), name: z.string(), scope: z.enum(registerScopes), year: z.number().int(), number: z.number().int() })
      .nullable()
      .describe('số đến: the register, year and arrival number'),
    registeredAt: z.string().nullable(),
    sourceOutgoingId: z.string().nullable().describe('the outgoing document this came from by internal dispatch'),
    createdAt: z.string(),
  })
  .meta({ id: 'IncomingDocumentSummary' });

export const incomingDocumentSchema = incomingSummarySchema
  .extend({
    files: z.array(incomingFileSchema),
    signatures: validationReportSchema.nullable().describe('signature validation report of the main PDF; null until the worker has run'),
    exchange: exchangeOriginSchema
      .nullable()
      .describe(
        'received over the exchange axis: sender organ, edXML DocumentId, package signature, revoked/updated/replaced/refused notices and the statuses sent back; null otherwise',
      ),
    ...processingFields,
  })
  .meta({ id: 'IncomingDocument' });
