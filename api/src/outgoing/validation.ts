import { z } from 'zod';
import { isoDate, year } from '../http/fields';
import { activeContentKinds } from '../files/active-content';
import { stepModes } from '../approval-chains/schema';
import { secrecies, urgencies } from '../incoming/schema';
import { documentTypeCodes } from './document-types';
import { exchangeStatusSchema } from '../exchange/validation';
import {
  decisions,
  deliveryStatuses,
  manualSendMethods,
  outgoingFileRoles,
  outgoingStatuses,
  recipientKinds,
  stepStatuses,
} from './schema';
import { dutyConflicts } from './duties';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

/** What a caller may do now with an outgoing document, as decided by the server (service.ts `allowedActions`). */
export const outgoingActions = [
  'revise',
  'submit',
  'approve',
  'return',
  'forward',
  'reject',
  'sign',
  'issue',
  'issue_paper_signature',
  'dispatch',
  'record_manual_send',
  'comment',
] as const;
export type OutgoingAction = (typeof outgoingActions)[number];

export const recipientInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ORGANISATION'), organisationId: id }).strict(),
  z.object({ kind: z.literal('UNIT'), unitId: id }).strict(),
  z.object({ kind: z.literal('EXTERNAL'), organCode: text(50).describe('mã định danh, e.g. 000.00.00.G12'), name: text(300) }).strict(),
]);
export type RecipientInput = z.output<typeof recipientInput>;

export const metadataSchema = z.object({
  documentType: z.enum(documentTypeCodes),
  subject: text(2000),
  recipients: z.array(recipientInput).max(200).default([]),
  urgency: z.enum(urgencies).default('THUONG'),
  secrecy: z.enum(secrecies).default('KHONG'),
  dueDate: isoDate.optional().describe('hạn trả lời: the date the recipients are asked to answer by'),
  replyTo: z.array(id).max(20).optional().describe('incoming documents of the issuing organisation this draft answers (văn bản trả lời)'),
});
export type MetadataInput = z.output<typeof metadataSchema>;

/** multipart form fields are text: the metadata travels as one JSON field. */
const jsonField = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const createFieldsSchema = z.object({
  metadata: jsonField(metadataSchema).describe('JSON: documentType, subject, recipients, urgency, secrecy'),
  organisationId: id.optional().describe('issuing organisation: yours, or the committee your office serves'),
  reason: text(1000).optional(),
});

export const versionFieldsSchema = z.object({
  reason: text(1000).describe('why this revision'),
  metadata: jsonField(metadataSchema.partial()).optional(),
  dropSource: z.enum(['true', 'false']).optional(),
  dropAttachments: z.enum(['true', 'false']).optional(),
});

export const submitSchema = z.object({
  skipOptionalSteps: z.array(z.number().int().min(1)).default([]).describe('ordinals (1-based) of optional template steps to leave out'),
  extraReviewers: z.array(id).max(10).default([]).describe('users added as reviewers just before the signer, where the chain allows'),
  note: text(1000).optional(),
});

export const decisionSchema = z.object({ note: text(2000).optional() });
export const commentRequired = z.object({ comment: text(4000) });
export const forwardSchema = z.object({ userId: id, note: text(2000).optional() });
export const commentSchema = z.object({
  body: text(4000),
  version: z.number().int().min(1).optional().describe('defaults to the current version'),
});
export const issueSchema = z.object({
  registerId: id.optional().describe("defaults to the organisation's outgoing register for the document's secrecy"),
  paperSignature: z.boolean().default(false).describe('issue from "approved, awaiting signature" on the strength of a wet-ink signature'),
  note: text(1000).optional(),
});

export const listQuery = z.object({
  status: z.enum(outgoingStatuses).optional(),
  mine: z.enum(['true', 'false']).optional().describe('only my own drafts'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const registerQuery = z.object({
  registerId: id.optional(),
  organisationId: id.optional(),
  year: year.optional(),
  pendingManualSend: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only documents with a recipient still to be sent outside the system'),
});

export const documentParams = z.object({ id });
export const fileParams = z.object({ id, fileId: id });
export const deliveryParams = z.object({ id, deliveryId: id });
export const manualSendBody = z.object({
  method: z.enum(manualSendMethods).describe('POST: bưu chính, EMAIL: thư điện tử, HAND: giao trực tiếp'),
  sentOn: isoDate.describe('the day it was sent (Vietnam calendar date)'),
  note: z.string().trim().min(1).max(1000).optional().describe('e.g. the postal receipt number or the e-mail address'),
});

const person = z.object({ id: z.string(), fullName: z.string() });

export const manualSendSchema = z
  .object({ method: z.enum(manualSendMethods), sentOn: z.string(), note: z.string().nullable(), recordedBy: person.nullable() })
  .meta({ id: 'ManualSend' });

export const recipientSchema = z
  .object({
    id: z.string(),
    kind: z.enum(recipientKinds),
    organisationId: z.string().nullable(),
    unitId: z.string().nullable(),
    organCode: z.string().nullable(),
    name: z.string(),
    delivery: z
      .object({
        id: z.string(),
        status: z.enum(deliveryStatuses),
        incomingDocumentId: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        manual: manualSendSchema.nullable().describe('the send the clerk recorded (SENT_MANUALLY)'),
      })
      .nullable(),
    exchange: exchangeStatusSchema.nullable().describe('per-receiver progress when it goes over the exchange axis'),
  })
  .meta({ id: 'OutgoingRecipient' });

export const revisionSchema = z
  .object({
    fromVersion: z.number().int().describe('the version the reviewers last saw (the one returned)'),
    toVersion: z.number().int(),
    reasons: z.array(z.object({ version: z.number().int(), reason: z.string() })).describe("the author's reasons for the new versions"),
    files: z.array(
      z.object({
        role: z.enum(outgoingFileRoles),
        change: z.enum(['ADDED', 'REMOVED', 'CHANGED', 'UNCHANGED']),
        before: z.object({ originalName: z.string(), sha256: z.string() }).nullable(),
        after: z.object({ originalName: z.string(), sha256: z.string() }).nullable(),
      }),
    ),
    commentsAnswered: z.array(z.object({ version: z.number().int(), author: person, body: z.string(), createdAt: z.string() })),
  })
  .meta({ id: 'OutgoingRevision' });

export const outgoingFileSchema = z
  .object({
    id: z.string(),
    role: z.enum(outgoingFileRoles),
    originalName: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    pageCount: z.number().int().nullable(),
    activeContent: z
      .array(z.enum(activeContentKinds))
      .nullable()
      .describe(
        'active content the uploaded PDF had: then sha256 is the cleaned copy that is reviewed, signed and sent; [] none, null not a PDF',
      ),
    originalSha256: z.string().nullable().describe('the PDF as uploaded, when it had to be cleaned'),
  })
  .meta({ id: 'OutgoingFile' });

export const summarySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    draftingUnitId: z.string().nullable(),
    author: person,
    status: z.enum(outgoingStatuses),
    documentType: z.string(),
    documentTypeName: z.string(),
    subject: z.string(),
    urgency: z.enum(urgencies),
    secrecy: z.enum(secrecies),
    dueDate: z.string().nullable().describe('hạn trả lời'),
    currentVersion: z.number().int(),
    currentStep: z.number().int().nullable(),
    returnedStep: z.number().int().nullable(),
    signer: person.nullable(),
    signedOnBehalfOf: person.nullable().describe('the signer a deputy acted for under ủy quyền'),
    signed: z.boolean().describe('a digitally signed PDF was delivered'),
    issued: z
      .object({
        registerId: z.string(),
        year: z.number().int(),
        number: z.number().int(),
        numberAndSymbol: z.string().describe('e.g. "05/QĐ-UBND"'),
        symbol: z.string(),
        issueDate: z.string(),
        paperSignature: z.boolean(),
      })
      .nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OutgoingDocumentSummary' });

export const documentSchema = summarySchema
  .extend({
    answers: z
      .array(
        z.object({
          incomingId: z.string(),
          arrival: z.object({ number: z.number().int(), year: z.number().int() }).nullable(),
          number: z.string().nullable(),
          symbol: z.string().nullable(),
          issuerName: z.string().nullable(),
          subject: z.string().nullable(),
          completeOnIssue: z.boolean().describe('issuing this reply completes the incoming document’s lead line'),
          completedAt: z.string().nullable(),
        }),
      )
      .describe('incoming documents this one replies to (văn bản trả lời)'),
    recipients: z.array(recipientSchema),
    versions: z.array(
      z.object({
        number: z.number().int(),
        reason: z.string().nullable(),
        createdBy: person,
        createdAt: z.string(),
        files: z.array(outgoingFileSchema),
        comments: z.array(z.object({ id: z.string(), author: person, body: z.string(), createdAt: z.string() })),
      }),
    ),
    steps: z.array(
      z.object({
        ordinal: z.number().int(),
        label: z.string(),
        mode: z.enum(stepModes),
        isSigner: z.boolean(),
        added: z.boolean(),
        status: z.enum(stepStatuses),
        completedAt: z.string().nullable(),
        assignees: z.array(
          z.object({
            id: z.string(),
            user: person,
            decision: z.enum(decisions),
            actedBy: person.nullable().describe('set when a deputy acted on behalf of the user'),
            decidedAt: z.string().nullable(),
            forwardedFrom: z.string().nullable(),
          }),
        ),
      }),
    ),
    history: z.array(
      z.object({
        at: z.string(),
        actorName: z.string().nullable(),
        actorRole: z.string().nullable(),
        action: z.string(),
        data: z.unknown(),
      }),
    ),
    issuedFileAvailable: z.boolean(),
    signing: z
      .object({
        state: z.enum(['QUEUED', 'DONE', 'FAILED']),
        requestedAt: z.string(),
        completedAt: z.string().nullable(),
        error: z.string().nullable(),
        signedBy: z.string(),
      })
      .nullable()
      .describe('progress of the digital signature of the current version (POST /sign queues its completion)'),
    sealed: z.boolean().describe('the organisation’s seal signature was added after issuance'),
    revision: revisionSchema.nullable().describe('what changed since the version last reviewed, for reviewers of a resubmitted draft'),
    allowedActions: z.array(z.enum(outgoingActions)).describe('what the caller may do now, computed on the server'),
    dutyConflict: z
      .enum(dutyConflicts)
      .nullable()
      .describe(
        'why the caller, whose turn it is, may not approve or sign (separation of duties: own draft, or approved at a review step); null otherwise',
      ),
    layout: z
      .object({
        signatureBlock: z
          .object({ page: z.number().int(), authority: z.array(z.string()), position: z.string(), name: z.string() })
          .nullable(),
        numberBlank: z.boolean(),
        dateBlank: z.boolean(),
        expectedAuthority: z.string().nullable().describe('what the signature block should say for who signs (docs/domain.md §2.6)'),
        warnings: z.array(
          z.object({
            code: z.enum(['no_signature_block', 'no_number_blank', 'no_date_blank', 'authority_mismatch', 'symbol_mismatch']),
            vi: z.string(),
            en: z.string(),
          }),
        ),
      })
      .nullable()
      .optional()
      .describe(
        'the main PDF’s layout as issuance will use it: the signature block, the number and date blanks, and warnings (no block found, authority prefix not matching the signer)',
      ),
  })
  .meta({ id: 'OutgoingDocument' });

export const replyLinkSchema = z.object({ incomingId: id, completeOnIssue: z.boolean().default(true) });
export const replyParams = z.object({ id, incomingId: id });
