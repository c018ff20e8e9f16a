import type { ActiveContentKind } from '../shared/active-content-warning';
import type { ValidationReport } from '../signing/signing.models';
/** Types of the incoming-documents API (`/api/incoming/...`, `/api/registers`). */

export const URGENCIES = ['THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SECRECIES = ['KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT'] as const;
export type Secrecy = (typeof SECRECIES)[number];

/** Ways a clerk receives a document at the desk (intake and registration choices). */
export const CHANNELS = ['PAPER', 'EMAIL', 'AXIS', 'HAND'] as const;
/** Every channel a record can have: INTERNAL = dispatched or handed down by another organisation on this system. */
export const ALL_CHANNELS = [...CHANNELS, 'INTERNAL'] as const;
export type Channel = (typeof ALL_CHANNELS)[number];

export const INCOMING_STATUSES = ['DRAFT', 'REGISTERED', 'SUBMITTED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED'] as const;
export type IncomingStatus = (typeof INCOMING_STATUSES)[number];

export const EXTRACTION_STATES = ['PENDING', 'DONE', 'NO_TEXT', 'FAILED', 'NOT_APPLICABLE'] as const;
export type ExtractionState = (typeof EXTRACTION_STATES)[number];

export type RegisterScope = 'ALL' | 'SECRET';

export interface Register {
  id: string;
  organisationId: string;
  direction: 'DEN' | 'DI';
  name: string;
  scope: RegisterScope;
  year: number;
  /** The number the next entry of this year will get, if nobody registers first. */
  nextNumber: number;
}

export interface IncomingFile {
  id: string;
  role: 'MAIN' | 'ATTACHMENT';
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  pageCount: number | null;
  extractionState: ExtractionState;
  /** A copy with the received (ĐẾN) stamp exists. */
  stamped: boolean;
  /** Scripts or launch actions the PDF arrived with ([] none; null not a PDF): kept in the original, removed from copies. */
  activeContent?: ActiveContentKind[] | null;
}

/** Số đến: the register, year and arrival number. */
export interface ArrivalRegistration {
  id: string;
  name: string;
  scope: RegisterScope;
  year: number;
  number: number;
}

export interface PersonRef {
  id: string;
  fullName: string;
}

export interface Person extends PersonRef {
  position: string;
}

export const ASSIGNMENT_ROLES = ['CHU_TRI', 'PHOI_HOP', 'DE_BIET'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export type AssignmentStatus = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'READ';

/** An outgoing document answering an incoming one (văn bản trả lời). */
export interface Reply {
  id: string;
  subject: string;
  status: string;
  numberAndSymbol: string | null;
  issueDate: string | null;
  completeOnIssue: boolean;
  completedAt: string | null;
}

/** Progress of the incoming record an organisation received for an assignment line. */
export interface ForwardedProgress {
  status: IncomingStatus;
  arrival: { number: number; year: number } | null;
  registeredAt: string | null;
  completedAt: string | null;
  dueDate: string | null;
  resultNote: string | null;
  /** receivedAs: this organisation's incoming record of the reply, when it was dispatched here. */
  replies: (Reply & { receivedAs?: string | null })[];
}

export interface ResultFile {
  id: string;
  originalName: string;
  mediaType: string;
  size: number;
  /** What the upload had; the file served is a copy with it removed. */
  activeContent?: ActiveContentKind[] | null;
}

export interface Assignment {
  id: string;
  parentId: string | null;
  role: AssignmentRole;
  unit: { id: string; name: string } | null;
  user: PersonRef | null;
  /** An organisation below, which received the document as an incoming record of its own. */
  organisation?: { id: string; name: string } | null;
  forwarded?: ForwardedProgress | null;
  resultFiles?: ResultFile[];
  resultOutgoingId?: string | null;
  dueDate: string | null;
  instruction: string | null;
  status: AssignmentStatus;
  resultNote: string | null;
  assignedBy: PersonRef;
  assignedAt: string;
  completedAt: string | null;
  active: boolean;
}

export interface IncomingComment {
  id: string;
  author: PersonRef;
  body: string;
  createdAt: string;
}

export interface HistoryEntry {
  at: string;
  actorName: string;
  actorRole: string | null;
  action: string;
  data: unknown;
}

export const DOCUMENT_ACTIONS = ['register', 'submit', 'assign', 'reassign', 'return', 'refuse', 'discard', 'reply', 'comment'] as const;
export const ASSIGNMENT_ACTIONS = ['delegate', 'start', 'complete', 'input', 'read', 'extend'] as const;
export type ActionName = (typeof DOCUMENT_ACTIONS)[number] | (typeof ASSIGNMENT_ACTIONS)[number];

/** What the caller may do now, as decided by the server. */
export interface AllowedAction {
  action: ActionName;
  assignmentId?: string;
}

export interface IncomingDocumentSummary {
  id: string;
  organisationId: string;
  status: IncomingStatus;
  channel: Channel;
  receivedAt: string;
  issuerName: string | null;
  issuerOrganCode: string | null;
  number: string | null;
  symbol: string | null;
  issueDate: string | null;
  documentType: string | null;
  subject: string | null;
  signerName: string | null;
  signerPosition: string | null;
  /** Quyền hạn ký: "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"… */
  signerAuthority?: string | null;
  urgency: Urgency;
  secrecy: Secrecy;
  pageCount: number | null;
  dueDate: string | null;
  register: ArrivalRegistration | null;
  registeredAt: string | null;
  createdAt: string;
}

export interface IncomingDocument extends IncomingDocumentSummary {
  files: IncomingFile[];
  /** Processing fields: absent from servers that only know intake and registration. */
  submittedTo?: Person | null;
  assignments?: Assignment[];
  comments?: IncomingComment[];
  history?: HistoryEntry[];
  allowedActions?: AllowedAction[];
  /** Signature validation report of the main PDF (null until the worker has checked it). */
  signatures?: ValidationReport | null;
  /** Where a document received over the exchange axis came from (null for other channels). */
  exchange?: ExchangeOrigin | null;
  /** Handed down by an organisation above, with its direction. */
  forwardedFrom?: ForwardedFrom | null;
  /** Outgoing documents answering this one. */
  replies?: Reply[];
  sourceOutgoingId?: string | null;
}

export interface ForwardedFrom {
  organisationId: string;
  organisationName: string;
  role: AssignmentRole;
  dueDate: string | null;
  instruction: string | null;
  assignedBy: { fullName: string; position: string };
  assignedAt: string;
  active: boolean;
}

export interface ExchangeDocumentRef {
  id: string;
  number: string | null;
  symbol: string | null;
  subject: string | null;
}

/** GET /api/incoming/:id → exchange (api/src/exchange/incoming.ts). */
export interface ExchangeOrigin {
  documentId: string | null;
  sender: { organId: string | null; organName: string | null };
  receiverOrganCode: string;
  businessType: number | null;
  receivedAt: string;
  packageSignature: { verdict: 'valid'; algorithm: string; signer: string; organisation: string; chain: string[]; revocation: string; verifiedAt: string } | null;
  revoked: { at: string; reason: string | null } | null;
  updatedAt: string | null;
  changes: { kind: 'revoke' | 'update'; at: string; reason: string | null }[];
  replacedBy: ExchangeDocumentRef | null;
  replaces: ExchangeDocumentRef[];
  refused: { at: string; reason: string | null } | null;
  statuses: { code: string; description: string; state: 'PENDING' | 'SENT' | 'FAILED'; createdAt: string; sentAt: string | null; error: string | null }[];
}

export interface ListResponse<T> {
  items: T[];
  total: number;
}

export interface IncomingFilter {
  status?: IncomingStatus | null;
  registerId?: string | null;
  year?: number | null;
  q?: string | null;
  limit?: number;
  offset?: number;
}

export type OcrState = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'UNAVAILABLE';

export interface Extraction {
  state: ExtractionState;
  pageCount: number | null;
  error: string | null;
  extractedAt: string | null;
  textLength: number | null;
  /** OCR of a scan; absent or null when the file needed none. */
  ocr?: { state: OcrState; error: string | null; at: string | null; searchablePdf: boolean } | null;
}

/** Registration fields read from the main file's text (GET /api/incoming/:id/proposal); the clerk confirms. */
export interface RegistrationProposal {
  /** SENDER: what the sending system stated (never overridden by the text). */
  source: 'SENDER' | 'TEXT' | 'OCR' | null;
  number: string | null;
  symbol: string | null;
  issueDate: string | null;
  issuerName: string | null;
  documentType: string | null;
  subject: string | null;
  /** Per field, 0–1, how sure the reading from the text is; null: not read from the text. */
  confidence?: Record<ProposedField, number | null>;
}
export type ProposedField = 'number' | 'symbol' | 'issueDate' | 'issuerName' | 'documentType' | 'subject';

export interface UploadRequest {
  main: File;
  attachments: readonly File[];
  channel?: Channel;
  /** ISO date-time with offset. */
  receivedAt?: string;
  organisationId?: string;
}

export interface RegistrationRequest {
  registerId: string;
  issuerName: string;
  issuerOrganCode?: string;
  number?: string;
  symbol?: string;
  issueDate: string;
  documentType: string;
  subject: string;
  signerName?: string;
  signerPosition?: string;
  signerAuthority?: string;
  urgency: Urgency;
  secrecy: Secrecy;
  pageCount?: number;
  dueDate?: string;
  channel?: Channel;
  receivedAt?: string;
  confirmDuplicate?: boolean;
}

export interface RoutingPerson extends Person {
  unitId: string | null;
  unitName: string | null;
}

export interface RoutingOptions {
  leaders: Person[];
  /** organisationName: the office the unit belongs to, when not the receiving organisation. */
  units: { id: string; name: string; organisationName?: string | null; heads: Person[] }[];
  people: RoutingPerson[];
  /** Organisations below the receiving one (Sở, lower-level committees); parentId null = directly below. */
  organisations?: { id: string; name: string; kind: string; parentId: string | null }[];
}

export type Target = { unitId: string } | { userId: string } | { organisationId: string };

export interface AssignRequest {
  lead: Target;
  cooperate: Target[];
  inform: Target[];
  dueDate?: string;
  instruction?: string;
  reason?: string;
}

export const QUEUE_TABS = ['todo', 'overdue', 'done', 'info'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export interface QueueItem {
  documentId: string;
  assignmentId: string | null;
  kind: 'AWAITING_DIRECTION' | 'ASSIGNMENT';
  role: AssignmentRole | null;
  arrivalNumber: number | null;
  subject: string | null;
  issuerName: string | null;
  number: string | null;
  symbol: string | null;
  urgency: Urgency;
  dueDate: string | null;
  overdue: boolean;
  status: IncomingStatus;
}

export interface QueueResponse {
  items: QueueItem[];
  counts: Record<QueueTab, number>;
}

/** Urgency levels shown in red (domain.md §2.7: stamped in bright red, handled immediately). */
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
