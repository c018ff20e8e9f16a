import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { ItemsResponse, Schema } from '../../core/api.models';

/** `GET /api/admin/exchange/traffic`: counts per organisation and the latest packages. */
export type ExchangeTraffic = Schema<'ExchangeTraffic'>;
/** A failed job of an exchange queue, awaiting a retry or the dead letters. */
export type ExchangeFailedJob = Schema<'ExchangeFailedJob'>;
/** A job moved to the dead letters. */
export type ExchangeDeadLetter = Schema<'ExchangeDeadLetter'>;

/** Calls of the exchange administration API (`/api/admin/exchange/...`). */
@Injectable({ providedIn: 'root' })
export class ExchangeAdminApi {
  private readonly http = inject(HttpClient);
  private readonly base = '/api/admin/exchange';

  traffic(): Observable<ExchangeTraffic> {
    return this.http.get<ExchangeTraffic>(`${this.base}/traffic`);
  }

  failedJobs(): Observable<ExchangeFailedJob[]> {
    return this.http.get<ItemsResponse<ExchangeFailedJob>>(`${this.base}/jobs/failed`).pipe(map((r) => r.items));
  }

  retry(job: Pick<ExchangeFailedJob, 'queue' | 'id'>): Observable<void> {
    return this.http.post<void>(`${this.base}/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/retry`, {});
  }

  toDeadLetter(job: Pick<ExchangeFailedJob, 'queue' | 'id'>): Observable<void> {
    return this.http.post<void>(`${this.base}/jobs/${encodeURIComponent(job.queue)}/${encodeURIComponent(job.id)}/dead-letter`, {});
  }

  deadLetters(): Observable<ExchangeDeadLetter[]> {
    return this.http.get<ItemsResponse<ExchangeDeadLetter>>(`${this.base}/dead-letter`).pipe(map((r) => r.items));
  }

  retryDeadLetter(id: string): Observable<void> {
    return this.http.post<void>(`${this.base}/dead-letter/${encodeURIComponent(id)}/retry`, {});
  }
}
