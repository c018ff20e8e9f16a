import type { ActiveContentKind } from '../shared/active-content-warning';
/** Types of the outgoing-documents API (`/api/outgoing`, `/api/delegations`, `/api/admin/approval-chains`). */

export const OUTGOING_STATUSES = ['DRAFT', 'IN_REVIEW', 'RETURNED', 'REJECTED', 'APPROVED_AWAITING_SIGNATURE', 'SIGNED', 'ISSUED', 'DISPATCHED'] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];
export const URGENCIES = ['THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const SECRECIES = ['KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT'] as const;
export type Secrecy = (typeof SECRECIES)[number];
export const STEP_MODES = ['ANY_ONE', 'ALL_OF'] as const;
export type StepMode = (typeof STEP_MODES)[number];

export interface Person {
  id: string;
  fullName: string;
}

export interface DocumentType {
  code: string;
  abbrev: string | null;
  name: string;
}

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
export interface AnsweredIncoming {
  incomingId: string;
  arrival: { number: number; year: number } | null;
  number: string | null;
  symbol: string | null;
  issuerName: string | null;
  subject: string | null;
  completeOnIssue: boolean;
  completedAt: string | null;
}

export interface OutgoingRecipient {
  id: string;
  kind: 'ORGANISATION' | 'UNIT' | 'EXTERNAL';
  organisationId: string | null;
  unitId: string | null;
  organCode: string | null;
  name: string;
  delivery: {
    id: string;
    status: DeliveryStatus;
    incomingDocumentId: string | null;
    deliveredAt: string | null;
    /** A send outside the system the clerk recorded. */
    manual: ManualSend | null;
  } | null;
  /** Progress over the exchange axis, for recipients reached that way. */
  exchange: ExchangeDelivery | null;
}

export const EXCHANGE_STATUSES = ['QUEUED', 'SENT', 'FAILED', 'RECEIVED', 'REGISTERED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED', 'REFUSED'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/** One receiver's package: its status, the receiver's code and reason, and the history as it came back. */
export interface ExchangeDelivery {
  status: ExchangeStatus;
  statusCode: string | null;
  reason: string | null;
  lastError: string | null;
  sentAt: string | null;
  updatedAt: string;
  history: { status: ExchangeStatus; statusCode: string | null; description: string | null; at: string; applied: boolean }[];
}

export interface OutgoingFile {
  id: string;
  role: 'MAIN' | 'SOURCE' | 'ATTACHMENT';
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  pageCount: number | null;
  /** Scripts or launch actions the upload had ([] none; null not a PDF): `sha256` is then the cleaned copy. */
  activeContent?: ActiveContentKind[] | null;
  originalSha256?: string | null;
}

export interface Issued {
  registerId: string;
  year: number;
  number: number;
  numberAndSymbol: string;
  symbol: string;
  issueDate: string;
  paperSignature: boolean;
}

export interface OutgoingSummary {
  id: string;
  organisationId: string;
  draftingUnitId: string | null;
  author: Person;
  status: OutgoingStatus;
  documentType: string;
  documentTypeName: string;
  subject: string;
  urgency: Urgency;
  secrecy: Secrecy;
  currentVersion: number;
  currentStep: number | null;
  returnedStep: number | null;
  signer: Person | null;
  signedOnBehalfOf: Person | null;
  signed: boolean;
  issued: Issued | null;
  createdAt: string;
  updatedAt: string;
}

export interface OutgoingComment {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
}

export interface OutgoingVersion {
  number: number;
  reason: string | null;
  createdBy: Person;
  createdAt: string;
  files: OutgoingFile[];
  comments: OutgoingComment[];
}

export interface StepAssignee {
  id: string;
  user: Person;
  decision: 'PENDING' | 'APPROVED' | 'FORWARDED';
  actedBy: Person | null;
  decidedAt: string | null;
  forwardedFrom: string | null;
}

export interface ApprovalStep {
  ordinal: number;
  label: string;
  mode: StepMode;
  isSigner: boolean;
  added: boolean;
  status: 'PENDING' | 'ACTIVE' | 'DONE' | 'SKIPPED';
  completedAt: string | null;
  assignees: StepAssignee[];
}

export interface OutgoingHistoryEntry {
  at: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  data: unknown;
}

export type OutgoingAction = 'revise' | 'submit' | 'approve' | 'return' | 'forward' | 'reject' | 'issue' | 'issue_paper_signature' | 'dispatch' | 'comment';

/** Where issuance puts the number, date and signatures in the main PDF, and what does not fit (api/src/outgoing/layout-check.ts). */
export interface LayoutReport {
  signatureBlock: { page: number; authority: string[]; position: string; name: string } | null;
  numberBlank: boolean;
  dateBlank: boolean;
  expectedAuthority: string | null;
  warnings: { code: 'no_signature_block' | 'no_number_blank' | 'no_date_blank' | 'authority_mismatch' | 'symbol_mismatch'; vi: string; en: string }[];
}

export type DeliveryStatus = 'DELIVERED' | 'WAITING_FOR_EXCHANGE' | 'AWAITING_MANUAL_SEND' | 'SENT_MANUALLY';
export const MANUAL_SEND_METHODS = ['POST', 'EMAIL', 'HAND'] as const;
export type ManualSendMethod = (typeof MANUAL_SEND_METHODS)[number];
export interface ManualSend {
  method: ManualSendMethod;
  sentOn: string;
  note: string | null;
  recordedBy?: { id: string; fullName: string } | null;
}

/** What changed since the version the reviewers last saw (a resubmission after a return). */
export interface OutgoingRevision {
  fromVersion: number;
  toVersion: number;
  reasons: { version: number; reason: string }[];
  files: { role: string; change: 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNCHANGED'; before: { originalName: string; sha256: string } | null; after: { originalName: string; sha256: string } | null }[];
  commentsAnswered: { version: number; author: { id: string; fullName: string }; body: string; createdAt: string }[];
}

/** GET /api/outgoing/:id/dispatch-plan */
export interface DispatchPlan {
  exchangeConfigured: boolean;
  items: { recipientId: string; name: string; kind: string; organCode: string | null; channel: 'INTERNAL' | 'EXCHANGE' | 'MANUAL'; reason: 'EXCHANGE_OFF' | 'NO_ORGAN_CODE' | 'SECRET' | null }[];
}

export interface OutgoingDocument extends OutgoingSummary {
  /** Incoming documents this one answers; absent from older servers. */
  answers?: AnsweredIncoming[];
  recipients: OutgoingRecipient[];
  versions: OutgoingVersion[];
  steps: ApprovalStep[];
  history: OutgoingHistoryEntry[];
  issuedFileAvailable: boolean;
  revision: OutgoingRevision | null;
  allowedActions: string[];
  /** Why it is the caller's turn but approve / sign are not offered (separation of duties). */
  dutyConflict: DutyConflict | null;
  layout?: LayoutReport | null;
}

/** Separation of duties: the caller drafted the document, or approved it at a review step before the signer's. */
export type DutyConflict = 'OWN_DRAFT' | 'APPROVED_BEFORE';

export interface OutgoingFilter {
  status?: OutgoingStatus | '';
  mine?: boolean;
  limit?: number;
  offset?: number;
}

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

export interface SubmitRequest {
  skipOptionalSteps?: number[];
  extraReviewers?: string[];
  note?: string;
}

export interface IssueRequest {
  registerId?: string;
  paperSignature?: boolean;
  note?: string;
}

export interface ApprovalQueueItem {
  documentId: string;
  subject: string;
  documentType: string;
  urgency: Urgency;
  secrecy: Secrecy;
  version: number;
  step: { ordinal: number; label: string; mode: StepMode; isSigner: boolean };
  author: Person;
  onBehalfOf: Person | null;
  dutyConflict: DutyConflict | null;
  waitingSince: string;
}

export interface RegisterEntry {
  documentId: string;
  registerId: string;
  number: number;
  numberAndSymbol: string;
  issueDate: string;
  documentType: string;
  subject: string;
  signerName: string | null;
  paperSignature: boolean;
  status: string;
  recipients: {
    name: string;
    kind: string;
    organCode: string | null;
    deliveryId: string | null;
    deliveryStatus: string | null;
    incomingDocumentId: string | null;
    exchange: ExchangeDelivery | null;
    manual: ManualSend | null;
  }[];
}

export interface Delegation {
  id: string;
  delegator: Person;
  deputy: Person;
  fromDate: string;
  toDate: string;
  canSign: boolean;
  note: string | null;
  revoked: boolean;
  activeToday: boolean;
}

export interface DelegationRequest {
  deputyId: string;
  fromDate: string;
  toDate: string;
  canSign: boolean;
  note?: string;
}

export type StepAssigneesSpec =
  | { kind: 'ROLE'; role: string; unitId?: string | null; authorUnit?: boolean }
  | { kind: 'USERS'; userIds: string[] };

export interface ChainStep {
  label: string;
  assignees: StepAssigneesSpec;
  mode: StepMode;
  optional: boolean;
}

export const AFTER_RETURN_MODES = ['RESTART', 'RESUME'] as const;
export type AfterReturn = (typeof AFTER_RETURN_MODES)[number];

export interface ChainTemplateBody {
  name: string;
  allowAddReviewers: boolean;
  steps: ChainStep[];
  afterReturn: AfterReturn;
}

export interface ChainTemplate extends ChainTemplateBody {
  id: string;
  organisationId: string;
  documentType: string | null;
  active: boolean;
  updatedAt: string;
  /** Steps nobody can take now: optional ones are left out at submission. */
  warnings: { step: number; code: string; title: string; detail: string }[];
}

export const isRedUrgency = (u: string) => u === 'THUONG_KHAN' || u === 'HOA_TOC';
