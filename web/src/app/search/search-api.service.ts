import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import {
  CRITERIA_KEYS,
  SAVED_KEYS,
  type ResultColumn,
  type SavedSearch,
  type SearchCriteria,
  type SearchResponse,
  type SecretSearchEntry,
} from './search.models';

export const PAGE_SIZE = 20;

/** The criteria given, empty values left out. */
function criteriaParams(criteria: SearchCriteria, keys: readonly (keyof SearchCriteria)[]): HttpParams {
  let params = new HttpParams();
  for (const key of keys) {
    const value = criteria[key];
    if (value !== undefined && value !== null && String(value).trim() !== '') params = params.set(key, String(value).trim());
  }
  return params;
}

/** Calls of the search API (`/api/search`): search, saved searches, exports, the log of searches on secret material. */
@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);

  search(criteria: SearchCriteria): Observable<SearchResponse> {
    return this.http.get<SearchResponse>('/api/search', {
      params: criteriaParams(criteria, CRITERIA_KEYS).set('pageSize', String(PAGE_SIZE)),
    });
  }

  /** The criteria as a saved search keeps them: no page, no empty values. */
  savedCriteria(criteria: SearchCriteria): SavedSearch['criteria'] {
    const params = criteriaParams(criteria, SAVED_KEYS);
    return Object.fromEntries(params.keys().map((k) => [k, params.get(k)!]));
  }

  /** Where the browser downloads the result list (GET: a plain link, the session cookie is enough). */
  exportUrl(format: 'pdf' | 'docx', criteria: SearchCriteria, columns: ResultColumn[]): string {
    return `/api/search/export.${format}?${criteriaParams(criteria, SAVED_KEYS).set('columns', columns.join(',')).toString()}`;
  }

  listSaved(): Observable<{ items: SavedSearch[] }> {
    return this.http.get<{ items: SavedSearch[] }>('/api/search/saved');
  }

  save(name: string, criteria: SearchCriteria, columns: ResultColumn[]): Observable<SavedSearch> {
    return this.http.post<SavedSearch>('/api/search/saved', { name, criteria: this.savedCriteria(criteria), columns });
  }

  update(id: string, name: string, criteria: SearchCriteria, columns: ResultColumn[]): Observable<SavedSearch> {
    return this.http.patch<SavedSearch>(`/api/search/saved/${encodeURIComponent(id)}`, {
      name,
      criteria: this.savedCriteria(criteria),
      columns,
    });
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/search/saved/${encodeURIComponent(id)}`);
  }

  secretLog(filter: { from?: string; to?: string }): Observable<{ items: SecretSearchEntry[] }> {
    let params = new HttpParams();
    if (filter.from) params = params.set('from', filter.from);
    if (filter.to) params = params.set('to', filter.to);
    return this.http.get<{ items: SecretSearchEntry[] }>('/api/search/secret-log', { params });
  }
}
