import { type ApiBody, type ApiQuery, type ApiResponse, type Schema, listOf } from '../core/api.models';
/** Types of the outgoing-documents API (`/api/outgoing`, `/api/delegations`, `/api/admin/approval-chains`), named over the generated contract. */

export type OutgoingSummary = Schema<'OutgoingDocumentSummary'>;
export type OutgoingList = ApiResponse<'/api/outgoing'>;
export type OutgoingDocument = Schema<'OutgoingDocument'>;

/** What the caller may do now with an outgoing document, as the server decides. */
export type OutgoingAction = OutgoingDocument['allowedActions'][number];

export type OutgoingStatus = OutgoingSummary['status'];
export const OUTGOING_STATUSES = listOf<OutgoingStatus>()(
  'DRAFT',
  'IN_REVIEW',
  'RETURNED',
  'REJECTED',
  'APPROVED_AWAITING_SIGNATURE',
  'SIGNED',
  'ISSUED',
  'DISPATCHED',
);
export type Urgency = OutgoingSummary['urgency'];
export const URGENCIES = listOf<Urgency>()('THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC');
export type Secrecy = OutgoingSummary['secrecy'];
export const SECRECIES = listOf<Secrecy>()('KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT');

export type Person = OutgoingSummary['author'];
export type Issued = NonNullable<OutgoingSummary['issued']>;

export type DocumentType = ApiResponse<'/api/outgoing/document-types'>['items'][number];

/** The multipart draft's `metadata` field (JSON text in a form), which the JSON contract does not describe. */
export type RecipientInput =
  | { kind: 'ORGANISATION'; organisationId: string }
  | { kind: 'UNIT'; unitId: string }
  | { kind: 'EXTERNAL'; organCode: string; name: string };

export interface OutgoingMetadata {
  documentType: string;
  subject: string;
  recipients: RecipientInput[];
  urgency: Urgency;
  secrecy: Secrecy;
  /** Hạn trả lời asked of the recipients (yyyy-MM-dd). */
  dueDate?: string;
  /** Incoming documents this draft answers (văn bản trả lời). */
  replyTo?: string[];
}

/** An incoming document this one answers, and whether issuing it completes that handling. */
export type AnsweredIncoming = OutgoingDocument['answers'][number];
export type OutgoingRecipient = Schema<'OutgoingRecipient'>;
export type DeliveryStatus = NonNullable<OutgoingRecipient['delivery']>['status'];

/** One receiver's package: its status, the receiver's code and reason, and the history as it came back. */
export type ExchangeDelivery = Schema<'ExchangeDeliveryStatus'>;
export type ExchangeStatus = ExchangeDelivery['status'];
export const EXCHANGE_STATUSES = listOf<ExchangeStatus>()(
  'QUEUED',
  'SENT',
  'FAILED',
  'RECEIVED',
  'REGISTERED',
  'ASSIGNED',
  'IN_PROGRESS',
  'COMPLETED',
  'REFUSED',
);

export type OutgoingFile = Schema<'OutgoingFile'>;
export type OutgoingVersion = OutgoingDocument['versions'][number];
export type OutgoingComment = OutgoingVersion['comments'][number];
export type ApprovalStep = OutgoingDocument['steps'][number];
export type StepAssignee = ApprovalStep['assignees'][number];
export type StepMode = ApprovalStep['mode'];
export const STEP_MODES = listOf<StepMode>()('ANY_ONE', 'ALL_OF');
export type OutgoingHistoryEntry = OutgoingDocument['history'][number];

/** Where issuance puts the number, date and signatures in the main PDF, and what does not fit (api/src/outgoing/layout-check.ts). */
export type LayoutReport = NonNullable<OutgoingDocument['layout']>;

export type ManualSend = Schema<'ManualSend'>;
export type ManualSendMethod = ManualSend['method'];
export const MANUAL_SEND_METHODS = listOf<ManualSendMethod>()('POST', 'EMAIL', 'HAND');

/** What changed since the version the reviewers last saw (a resubmission after a return). */
export type OutgoingRevision = Schema<'OutgoingRevision'>;

/** GET /api/outgoing/:id/dispatch-plan */
export type DispatchPlan = ApiResponse<'/api/outgoing/{id}/dispatch-plan'>;

/** Separation of duties: the caller drafted the document, or approved it at a review step before the signer's. */
export type DutyConflict = NonNullable<OutgoingDocument['dutyConflict']>;

/** The list's criteria ('' = any status; `mine` sent as "true"). */
export type OutgoingFilter = Omit<ApiQuery<'/api/outgoing'>, 'status' | 'mine'> & { status?: OutgoingStatus | ''; mine?: boolean };

/** The multipart draft and revision (files and form fields), which the JSON contract does not describe. */
export interface CreateDraftRequest {
  metadata: OutgoingMetadata;
  main: File;
  source?: File | null;
  attachments: File[];
  organisationId?: string;
  reason?: string;
}

export interface ReviseRequest {
  reason: string;
  metadata?: Partial<OutgoingMetadata>;
  main?: File | null;
  source?: File | null;
  attachments?: File[];
  dropSource?: boolean;
  dropAttachments?: boolean;
}

export type SubmitRequest = ApiBody<'/api/outgoing/{id}/submit', 'post'>;
export type IssueRequest = ApiBody<'/api/outgoing/{id}/issue', 'post'>;

export type ApprovalQueueItem = Schema<'ApprovalQueueItem'>;
export type RegisterEntry = ApiResponse<'/api/outgoing/register'>['items'][number];

export type Delegation = Schema<'Delegation'>;
export type DelegationRequest = ApiBody<'/api/delegations', 'post'>;

export type ChainStep = Schema<'ApprovalStepTemplate'>;
export type StepAssigneesSpec = ChainStep['assignees'];
export type ChainTemplateBody = ApiBody<'/api/admin/approval-chains/{id}', 'put'>;
export type ChainTemplate = Schema<'ApprovalChainTemplate'>;
export type AfterReturn = ChainTemplate['afterReturn'];
export const AFTER_RETURN_MODES = listOf<AfterReturn>()('RESTART', 'RESUME');

export const isRedUrgency = (u: string) => u === 'THUONG_KHAN' || u === 'HOA_TOC';
