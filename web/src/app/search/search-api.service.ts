import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { CRITERIA_KEYS, type SearchCriteria, type SearchResponse } from './search.models';

export const PAGE_SIZE = 20;

/** Calls of the search API (`GET /api/search`). */
@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);

  search(criteria: SearchCriteria): Observable<SearchResponse> {
    let params = new HttpParams().set('pageSize', String(PAGE_SIZE));
    for (const key of CRITERIA_KEYS) {
      const value = criteria[key];
      if (value !== undefined && value !== null && String(value).trim() !== '') params = params.set(key, String(value).trim());
    }
    return this.http.get<SearchResponse>('/api/search', { params });
  }
}
