import { type ApiBody, type ApiQuery, type ApiResponse, type Schema, listOf } from '../core/api.models';
/** Types of the incoming-documents API (`/api/incoming/...`, `/api/registers`), named over the generated contract. */

export type IncomingDocumentSummary = Schema<'IncomingDocumentSummary'>;
export type IncomingDocument = Schema<'IncomingDocument'>;

export type Urgency = IncomingDocumentSummary['urgency'];
export const URGENCIES = listOf<Urgency>()('THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC');
export type Secrecy = IncomingDocumentSummary['secrecy'];
export const SECRECIES = listOf<Secrecy>()('KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT');

/** Every channel a record can have: INTERNAL = dispatched or handed down by another organisation on this system. */
export type Channel = IncomingDocumentSummary['channel'];
/** Ways a clerk receives a document at the desk (intake and registration choices). */
export const CHANNELS = ['PAPER', 'EMAIL', 'AXIS', 'HAND'] as const satisfies readonly Channel[];
export const ALL_CHANNELS = listOf<Channel>()(...CHANNELS, 'INTERNAL');

export type IncomingStatus = IncomingDocumentSummary['status'];
export const INCOMING_STATUSES = listOf<IncomingStatus>()('DRAFT', 'REGISTERED', 'SUBMITTED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED');

export type IncomingFile = Schema<'IncomingFile'>;
export type ExtractionState = IncomingFile['extractionState'];
export const EXTRACTION_STATES = listOf<ExtractionState>()('PENDING', 'DONE', 'NO_TEXT', 'FAILED', 'NOT_APPLICABLE');

export type Register = Schema<'Register'>;
export type RegisterScope = Register['scope'];
/** Số đến: the register, year and arrival number. */
export type ArrivalRegistration = NonNullable<IncomingDocumentSummary['register']>;

export type Assignment = Schema<'IncomingAssignment'>;
export type PersonRef = Assignment['assignedBy'];
export type Person = NonNullable<IncomingDocument['submittedTo']>;
export type AssignmentRole = Assignment['role'];
export const ASSIGNMENT_ROLES = listOf<AssignmentRole>()('CHU_TRI', 'PHOI_HOP', 'DE_BIET');
export type AssignmentStatus = Assignment['status'];
/** An outgoing document answering an incoming one (văn bản trả lời). */
export type Reply = IncomingDocument['replies'][number];
/** Progress of the incoming record an organisation received for an assignment line. */
export type ForwardedProgress = NonNullable<Assignment['forwarded']>;
export type ResultFile = Assignment['resultFiles'][number];
export type IncomingComment = IncomingDocument['comments'][number];
export type HistoryEntry = IncomingDocument['history'][number];
export type ForwardedFrom = NonNullable<IncomingDocument['forwardedFrom']>;

/** What the caller may do now, as decided by the server. */
export type AllowedAction = IncomingDocument['allowedActions'][number];
export type ActionName = AllowedAction['action'];
/** Actions on the document itself; the others act on one direction line (`assignmentId`). */
export const DOCUMENT_ACTIONS = [
  'register',
  'submit',
  'assign',
  'reassign',
  'return',
  'refuse',
  'discard',
  'reply',
  'comment',
] as const satisfies readonly ActionName[];

/** GET /api/incoming/:id → exchange (api/src/exchange/received-documents.ts). */
export type ExchangeOrigin = Schema<'ExchangeOrigin'>;
export type ExchangeDocumentRef = NonNullable<ExchangeOrigin['replacedBy']>;

export type IncomingList = ApiResponse<'/api/incoming'>;
/** The list's criteria; null or absent = not set. */
export type IncomingFilter = { [K in keyof ApiQuery<'/api/incoming'>]?: ApiQuery<'/api/incoming'>[K] | null };

export type Extraction = Schema<'TextExtraction'>;
export type OcrState = NonNullable<Extraction['ocr']>['state'];

/** Registration fields read from the main file's text (GET /api/incoming/:id/proposal); the clerk confirms. */
export type RegistrationProposal = ApiResponse<'/api/incoming/{id}/proposal'>;
/** The fields a proposal reads, each with its confidence (0–1; null: not read from the text). */
export type ProposedField = keyof NonNullable<RegistrationProposal['confidence']>;

/** The multipart intake (files and form fields), which the JSON contract does not describe. */
export interface UploadRequest {
  main: File;
  attachments: readonly File[];
  channel?: Channel;
  /** ISO date-time with offset. */
  receivedAt?: string;
  organisationId?: string;
}

export type RegistrationRequest = ApiBody<'/api/incoming/{id}/register', 'post'>;

export type RoutingOptions = ApiResponse<'/api/incoming/{id}/routing-options'>;
export type RoutingPerson = RoutingOptions['people'][number];

export type AssignRequest = ApiBody<'/api/incoming/{id}/assign', 'post'>;
export type Target = AssignRequest['lead'];

export type QueueResponse = ApiResponse<'/api/incoming/queue'>;
export type QueueItem = QueueResponse['items'][number];
export type QueueTab = keyof QueueResponse['counts'];
export const QUEUE_TABS = listOf<QueueTab>()('todo', 'overdue', 'done', 'info');

/** Urgency levels shown in red (docs/domain.md §2.7: stamped in bright red, handled immediately). */
export function isRedUrgency(u: Urgency): boolean {
  return u === 'HOA_TOC' || u === 'THUONG_KHAN';
}

/** "05/QĐ-UBND" from the printed number and symbol; empty when neither is known. */
export function numberSymbol(d: { number: string | null; symbol: string | null }): string {
  if (d.number && d.symbol) return `${d.number}/${d.symbol}`;
  return d.number ?? d.symbol ?? '';
}

/** Target of a routing choice encoded as "unit:<id>" / "user:<id>" / "org:<id>". */
export function parseTarget(key: string): Target | null {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (!id) return null;
  if (kind === 'unit') return { unitId: id };
  if (kind === 'user') return { userId: id };
  if (kind === 'org') return { organisationId: id };
  return null;
}

export function targetKey(a: Pick<Assignment, 'unit' | 'user' | 'organisation'>): string | null {
  if (a.user) return `user:${a.user.id}`;
  if (a.unit) return `unit:${a.unit.id}`;
  if (a.organisation) return `org:${a.organisation.id}`;
  return null;
}
