import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

export interface IntegrityCheck {
  id: string;
  startedAt: string;
  finishedAt: string;
  blobsChecked: number;
  bytesChecked: number;
  missing: number;
  mismatched: number;
}

export interface IntegrityFinding {
  sha256: string;
  problem: 'MISSING' | 'MISMATCH';
  actualSha256: string | null;
  tables: string[];
}

export interface IntegrityReport {
  runs: IntegrityCheck[];
  findings: IntegrityFinding[];
}

/** The integrity report of the stored files (`GET /api/admin/integrity`). */
@Injectable({ providedIn: 'root' })
export class IntegrityApi {
  private readonly http = inject(HttpClient);

  report(): Observable<IntegrityReport> {
    return this.http.get<IntegrityReport>('/api/admin/integrity');
  }
}
