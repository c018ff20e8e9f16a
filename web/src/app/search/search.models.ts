import { type ApiQuery, type ApiResponse, type Schema, listOf } from '../core/api.models';
/** GET /api/search (api/src/search/validation.ts), named over the generated contract. */

export type SearchResponse = Schema<'SearchPage'>;
export type SearchHit = SearchResponse['items'][number];
export type SearchKind = SearchHit['kind'];
export type Segment = NonNullable<SearchHit['snippet']>[number];
export type FacetName = keyof SearchResponse['facets'];
export type FacetValue = SearchResponse['facets'][FacetName][number];
/** In the order the page shows them. */
export const FACETS: readonly FacetName[] = listOf<FacetName>()('kind', 'type', 'issuer', 'year', 'status', 'secrecy');

/** The criteria of a search, as they appear in the page URL and in the API query (all text, as in a URL). */
export type SearchCriteria = {
  [K in 'q' | 'kind' | 'type' | 'issuer' | 'signer' | 'year' | 'status' | 'secrecy' | 'dateFrom' | 'dateTo']?: string;
} & Pick<ApiQuery<'/api/search'>, 'sort' | 'page'>;

export const CRITERIA_KEYS = [
  'q',
  'kind',
  'type',
  'issuer',
  'signer',
  'year',
  'status',
  'secrecy',
  'dateFrom',
  'dateTo',
  'sort',
  'page',
] as const satisfies readonly (keyof ApiQuery<'/api/search'>)[];

/** The criteria a saved search keeps and an export takes: all but the page. */
export const SAVED_KEYS = CRITERIA_KEYS.filter((k) => k !== 'page');

/** GET/POST/PATCH /api/search/saved. */
export type SavedSearch = Omit<Schema<'SavedSearch'>, 'criteria'> & { criteria: Omit<SearchCriteria, 'page'> };
/** Result columns the user chooses (api/src/search/validation.ts resultColumns), in display order. */
export type ResultColumn = Schema<'SavedSearch'>['columns'][number];
export const RESULT_COLUMNS = listOf<ResultColumn>()(
  'reference',
  'arrival',
  'date',
  'subject',
  'issuer',
  'type',
  'signer',
  'kind',
  'secrecy',
  'status',
  'dueDate',
);
export const DEFAULT_COLUMNS: ResultColumn[] = ['reference', 'arrival', 'date', 'subject', 'issuer', 'status'];

/** GET /api/search/secret-log: a search or export that touched secret material. */
export type SecretSearchEntry = ApiResponse<'/api/search/secret-log'>['items'][number];
