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
