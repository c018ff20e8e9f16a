import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { Schema } from '../../core/api.models';

/** One run of the check of the stored files. */
export type IntegrityCheck = Schema<'IntegrityCheck'>;
/** A stored file found missing or altered, with the tables that use it. */
export type IntegrityFinding = Schema<'IntegrityFinding'>;
export type IntegrityReport = Schema<'IntegrityReport'>;

/** The integrity report of the stored files (`GET /api/admin/integrity`). */
@Injectable({ providedIn: 'root' })
export class IntegrityApi {
  private readonly http = inject(HttpClient);

  report(): Observable<IntegrityReport> {
    return this.http.get<IntegrityReport>('/api/admin/integrity');
  }
}
