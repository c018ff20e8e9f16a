import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { ItemsResponse } from '../../core/api.models';

export interface ExchangeTraffic {
  organisations: {
    organisationId: string;
    name: string;
    organCode: string | null;
    sent: number;
    delivered: number;
    refused: number;
    failed: number;
    pending: number;
    received: number;
    receivedRefused: number;
  }[];
  latest: {
    direction: 'OUT' | 'IN';
    organisationId: string;
    counterpart: string;
    label: string;
    subject: string | null;
    status: string;
    reason: string | null;
    at: string;
    link: string;
  }[];
}

export interface ExchangeFailedJob {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  failedReason: string | null;
  attemptsMade: number;
  attempts: number;
  failedAt: string | null;
}

export interface ExchangeDeadLetter {
  id: string;
  queue: string;
  jobId: string;
  name: string;
  failedReason: string | null;
  attemptsMade: number;
  failedAt: string | null;
  movedAt: string;
}

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
