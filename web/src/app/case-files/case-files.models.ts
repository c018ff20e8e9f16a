/** Types of the case-files API (`/api/case-files`), as the server sends them. */
export const CASE_FILE_STATUSES = ['OPEN', 'CLOSED', 'TRANSFERRED', 'DISPOSED'] as const;
export type CaseFileStatus = (typeof CASE_FILE_STATUSES)[number];
export type DocumentKind = 'INCOMING' | 'OUTGOING';
export type TransferState = 'DUE' | 'SOON' | 'OVERDUE' | 'LATER';

export interface CaseFileSummary {
  id: string;
  organisationId: string;
  unitId: string | null;
  unitName: string | null;
  headingId: string | null;
  fileCode: { organId: string; fileCatalog: number; fileNotation: string };
  code: string;
  title: string;
  retentionYears: number | null;
  maintenance: string;
  rights: string;
  language: string;
  creator: { id: string | null; fullName: string };
  startDate: string | null;
  endDate: string | null;
  description: string | null;
  status: CaseFileStatus;
  docTotal: number;
  pageTotal: number;
  transfer: { dueDate: string; state: TransferState } | null;
  disposalReviewDate: string | null;
  transferredAt: string | null;
  disposedAt: string | null;
  imported: boolean;
}

export interface DisposalApproval {
  capacity: 'ARCHIVIST' | 'LEADER';
  user: { id: string; fullName: string };
  reason: string;
  approvedAt: string;
}

export interface FiledDocument {
  entryId: string;
  ordinal: number;
  kind: DocumentKind;
  documentId: string | null;
  visible: boolean;
  numberAndSymbol: string | null;
  issuedDate: string | null;
  organName: string | null;
  subject: string | null;
  typeName: string | null;
  pageAmount: number | null;
  files: { name: string; mediaType: string; sha256: string }[];
}

export interface CaseFile extends CaseFileSummary {
  documents: FiledDocument[];
  disposal: { approvals: DisposalApproval[] };
  /** Legal holds (phong toả) in force on the file: while any is, the server offers only reading and export. */
  holds: { id: string; scope: 'CASE_FILE' | 'DOCUMENT' | 'ORGANISATION_YEAR'; year: number | null; reason: string; placedAt: string; placedByName: string }[];
  allowedActions: string[];
  history: { at: string; actorName: string | null; actorRole: string | null; action: string; data: unknown }[];
}

export interface CaseFileFilter {
  organisationId?: string;
  year?: number | null;
  unitId?: string;
  status?: CaseFileStatus | '';
  q?: string;
}

export interface CreateCaseFileRequest {
  unitId?: string | null;
  headingId?: string | null;
  year: number;
  notation: string;
  title: string;
  retentionYears: number | null;
  rights?: string;
  language?: string;
  startDate?: string;
  description?: string | null;
}

export type UpdateCaseFileRequest = Partial<Pick<CreateCaseFileRequest, 'title' | 'retentionYears' | 'rights' | 'language' | 'description'>>;

export interface FileTarget {
  id: string;
  code: string;
  title: string;
  year: number;
}

export interface DispositionReport {
  organisationId: string;
  organisationName: string;
  asOf: string;
  items: (CaseFileSummary & { approvals: DisposalApproval[] })[];
}

export interface Catalogue {
  organisationId: string;
  organisationName: string;
  year: number;
  headings: { id: string; code: string; title: string; ordinal: number }[];
  items: CaseFileSummary[];
  totals: { permanent: number; limited: number };
}
