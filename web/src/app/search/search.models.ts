/** GET /api/search (api/src/search/validation.ts). */
export type SearchKind = 'INCOMING' | 'OUTGOING';
export type FacetName = 'kind' | 'type' | 'issuer' | 'year' | 'status' | 'secrecy';
export const FACETS: FacetName[] = ['kind', 'type', 'issuer', 'year', 'status', 'secrecy'];

export interface Segment {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  kind: SearchKind;
  id: string;
  organisationId: string;
  documentType: string | null;
  issuer: string | null;
  signer: string | null;
  reference: string | null;
  arrival: { year: number; number: number } | null;
  date: string;
  status: string;
  secrecy: string;
  subject: string | null;
  subjectHighlight: Segment[] | null;
  snippet: Segment[] | null;
  rank: number;
  /** Hạn xử lý (incoming) or the answer-by date asked of the recipients (outgoing). */
  dueDate: string | null;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchResponse {
  items: SearchHit[];
  total: number;
  /** false: more documents match than were read; total and facets cover the newest matches. */
  exact: boolean;
  page: number;
  pageSize: number;
  match: 'NONE' | 'REFERENCE' | 'SYMBOL' | 'NUMBER' | 'ARRIVAL' | 'TEXT' | 'FUZZY';
  /** FUZZY: the query as searched, its unknown words replaced by the most similar indexed words. */
  corrected: string | null;
  facets: Record<FacetName, FacetValue[]>;
}

/** The criteria of a search, as they appear in the page URL and in the API query. */
export interface SearchCriteria {
  q?: string;
  kind?: string;
  type?: string;
  issuer?: string;
  signer?: string;
  year?: string;
  status?: string;
  secrecy?: string;
  dateFrom?: string;
  dateTo?: string;
  sort?: 'relevance' | 'date';
  page?: number;
}

export const CRITERIA_KEYS = ['q', 'kind', 'type', 'issuer', 'signer', 'year', 'status', 'secrecy', 'dateFrom', 'dateTo', 'sort', 'page'] as const;

/** The criteria a saved search keeps and an export takes: all but the page. */
export const SAVED_KEYS = CRITERIA_KEYS.filter((k) => k !== 'page');

/** Result columns the user chooses (api/src/search/validation.ts resultColumns), in display order. */
export const RESULT_COLUMNS = ['reference', 'arrival', 'date', 'subject', 'issuer', 'type', 'signer', 'kind', 'secrecy', 'status', 'dueDate'] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];
export const DEFAULT_COLUMNS: ResultColumn[] = ['reference', 'arrival', 'date', 'subject', 'issuer', 'status'];

/** GET/POST/PATCH /api/search/saved. */
export interface SavedSearch {
  id: string;
  name: string;
  criteria: Omit<SearchCriteria, 'page'>;
  columns: ResultColumn[];
  createdAt: string;
  updatedAt: string;
}

/** GET /api/search/secret-log: a search or export that touched secret material. */
export interface SecretSearchEntry {
  id: number;
  at: string;
  userId: string;
  userName: string;
  action: 'SEARCH' | 'EXPORT';
  query: string | null;
  filters: Record<string, unknown>;
  total: number;
  secretCount: number;
}
