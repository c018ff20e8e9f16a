import { type ApiQuery, type Schema, listOf } from '../core/api.models';
/** GET /api/search (api/src/search/validation.ts), named over the generated contract. */

export type SearchResponse = Schema<'SearchResult'>;
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

export const CRITERIA_KEYS = ['q', 'kind', 'type', 'issuer', 'signer', 'year', 'status', 'secrecy', 'dateFrom', 'dateTo', 'sort', 'page'] as const satisfies readonly (keyof ApiQuery<'/api/search'>)[];
