import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type {
  CaseFile,
  CaseFileFilter,
  Catalogue,
  CaseFileSummary,
  CreateCaseFileRequest,
  DispositionReport,
  DocumentKind,
  FileTarget,
  UpdateCaseFileRequest,
} from './case-files.models';

const BASE = '/api/case-files';
const enc = encodeURIComponent;

/** Calls of the case-files API (`/api/case-files`): catalogue, filing, lifecycle, archive, disposition, packages. */
@Injectable({ providedIn: 'root' })
export class CaseFilesApi {
  private readonly http = inject(HttpClient);

  list(filter: CaseFileFilter = {}): Observable<{ items: CaseFileSummary[]; total: number }> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== null && v !== '') params = params.set(k, String(v));
    return this.http.get<{ items: CaseFileSummary[]; total: number }>(BASE, { params });
  }

  get(id: string): Observable<CaseFile> {
    return this.http.get<CaseFile>(`${BASE}/${enc(id)}`);
  }

  catalogue(year: number): Observable<Catalogue> {
    return this.http.get<Catalogue>(`${BASE}/catalogue`, { params: { year } });
  }

  addHeading(body: {
    year: number;
    code: string;
    title: string;
  }): Observable<{ id: string; code: string; title: string; ordinal: number }> {
    return this.http.post<{ id: string; code: string; title: string; ordinal: number }>(`${BASE}/headings`, body);
  }

  create(body: CreateCaseFileRequest): Observable<CaseFile> {
    return this.http.post<CaseFile>(BASE, body);
  }

  update(id: string, body: UpdateCaseFileRequest): Observable<CaseFile> {
    return this.http.patch<CaseFile>(`${BASE}/${enc(id)}`, body);
  }

  move(id: string, entryId: string, toCaseFileId: string): Observable<CaseFile> {
    return this.http.post<CaseFile>(`${BASE}/${enc(id)}/documents/${enc(entryId)}/move`, { toCaseFileId });
  }

  fileDocument(id: string, kind: DocumentKind, documentId: string): Observable<CaseFile> {
    return this.http.post<CaseFile>(`${BASE}/${enc(id)}/documents`, { kind, documentId });
  }

  unfile(id: string, entryId: string): Observable<CaseFile> {
    return this.http.delete<CaseFile>(`${BASE}/${enc(id)}/documents/${enc(entryId)}`);
  }

  /** close / reopen / transfer, with the close fields when closing. */
  act(
    id: string,
    action: 'close' | 'reopen' | 'transfer',
    body: { endDate?: string; retentionYears?: number | null } = {},
  ): Observable<CaseFile> {
    return this.http.post<CaseFile>(`${BASE}/${enc(id)}/${action}`, body);
  }

  approveDisposal(id: string, reason: string): Observable<CaseFile> {
    return this.http.post<CaseFile>(`${BASE}/${enc(id)}/disposal/approve`, { reason });
  }

  targets(kind: DocumentKind, documentId: string): Observable<{ filedIn: string[]; items: FileTarget[] }> {
    return this.http.get<{ filedIn: string[]; items: FileTarget[] }>(`${BASE}/targets`, { params: { kind, documentId } });
  }

  transfersDue(): Observable<{ organisationId: string; items: CaseFileSummary[] }> {
    return this.http.get<{ organisationId: string; items: CaseFileSummary[] }>(`${BASE}/transfers-due`);
  }

  archive(): Observable<{ organisationId: string; items: CaseFileSummary[] }> {
    return this.http.get<{ organisationId: string; items: CaseFileSummary[] }>(`${BASE}/archive`);
  }

  disposition(asOf?: string): Observable<DispositionReport> {
    return this.http.get<DispositionReport>(`${BASE}/disposition`, { params: asOf ? { asOf } : {} });
  }

  /** Multipart field `package`: the ZIP of an export. */
  importPackage(file: File): Observable<CaseFile> {
    const form = new FormData();
    form.append('package', file, file.name);
    return this.http.post<CaseFile>(`${BASE}/import`, form);
  }

  exportUrl(id: string): string {
    return `${BASE}/${enc(id)}/export`;
  }

  catalogueUrl(format: 'pdf' | 'xlsx', year: number): string {
    return `${BASE}/catalogue.${format}?year=${year}`;
  }

  /** A file of a document imported with a package (documents of this system have their own pages). */
  importedFileUrl(id: string, entryId: string, ordinal: number): string {
    return `${BASE}/${enc(id)}/documents/${enc(entryId)}/files/${ordinal}`;
  }

  dispositionUrl(format: 'pdf' | 'xlsx', asOf?: string): string {
    return `${BASE}/disposition.${format}${asOf ? `?asOf=${enc(asOf)}` : ''}`;
  }
}
