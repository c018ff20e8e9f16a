import { HttpClient, type HttpEvent, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import type {
  AssignRequest,
  Extraction,
  IncomingComment,
  IncomingDocument,
  IncomingFilter,
  IncomingList,
  QueueResponse,
  QueueTab,
  Register,
  RegistrationProposal,
  RegistrationRequest,
  RoutingOptions,
  UploadRequest,
} from './incoming.models';

const BASE = '/api/incoming';
const enc = encodeURIComponent;

/** Calls of the incoming-documents API (`/api/incoming/...`) and the registers it needs. */
@Injectable({ providedIn: 'root' })
export class IncomingApi {
  private readonly http = inject(HttpClient);

  list(filter: IncomingFilter = {}): Observable<IncomingList> {
    let params = new HttpParams();
    if (filter.status) params = params.set('status', filter.status);
    if (filter.registerId) params = params.set('registerId', filter.registerId);
    if (filter.year) params = params.set('year', String(filter.year));
    const q = filter.q?.trim();
    if (q) params = params.set('q', q);
    if (filter.limit !== undefined) params = params.set('limit', String(filter.limit));
    if (filter.offset) params = params.set('offset', String(filter.offset));
    return this.http.get<IncomingList>(BASE, { params });
  }

  get(id: string): Observable<IncomingDocument> {
    return this.http.get<IncomingDocument>(`${BASE}/${enc(id)}`);
  }

  /** Multipart upload: field `main` (one PDF), `attachments` (0..n), `channel`, `receivedAt`; reports upload progress. */
  upload(req: UploadRequest): Observable<HttpEvent<IncomingDocument>> {
    const form = new FormData();
    form.append('main', req.main, req.main.name);
    for (const file of req.attachments) form.append('attachments', file, file.name);
    if (req.channel) form.append('channel', req.channel);
    if (req.receivedAt) form.append('receivedAt', req.receivedAt);
    let params = new HttpParams();
    if (req.organisationId) params = params.set('organisationId', req.organisationId);
    return this.http.post<IncomingDocument>(BASE, form, { params, observe: 'events', reportProgress: true });
  }

  register(id: string, body: RegistrationRequest): Observable<IncomingDocument> {
    return this.http.post<IncomingDocument>(`${BASE}/${enc(id)}/register`, body);
  }

  extraction(id: string, fileId: string): Observable<Extraction> {
    return this.http.get<Extraction>(this.fileUrl(id, fileId) + '/extraction');
  }

  proposal(id: string): Observable<RegistrationProposal> {
    return this.http.get<RegistrationProposal>(`/api/incoming/${encodeURIComponent(id)}/proposal`);
  }

  /** URL of a file as received (same origin, cookie session). */
  fileUrl(id: string, fileId: string): string {
    return `${BASE}/${enc(id)}/files/${enc(fileId)}`;
  }

  stampedUrl(id: string, fileId: string): string {
    return this.fileUrl(id, fileId) + '/stamped';
  }

  /** The copy to read on screen (inline): the main file with its ĐẾN stamp once registered, else as received. */
  readingCopy(doc: IncomingDocument): { url: string; copy: 'stamped' | 'received' } | null {
    const main = doc.files.find((f) => f.role === 'MAIN');
    if (!main) return null;
    return main.stamped
      ? { url: `${this.stampedUrl(doc.id, main.id)}?disposition=inline`, copy: 'stamped' }
      : { url: `${this.fileUrl(doc.id, main.id)}?disposition=inline`, copy: 'received' };
  }

  incomingRegisters(): Observable<Register[]> {
    const params = new HttpParams().set('direction', 'DEN');
    return this.http.get<{ items: Register[] }>('/api/registers', { params }).pipe(map((res) => res.items));
  }

  routingOptions(id: string): Observable<RoutingOptions> {
    return this.http.get<RoutingOptions>(`${BASE}/${enc(id)}/routing-options`);
  }

  submit(id: string, body: { leaderId: string; note?: string }): Observable<IncomingDocument> {
    return this.http.post<IncomingDocument>(`${BASE}/${enc(id)}/submit`, body);
  }

  assign(id: string, body: AssignRequest): Observable<IncomingDocument> {
    return this.http.post<IncomingDocument>(`${BASE}/${enc(id)}/assign`, body);
  }

  /** Từ chối tiếp nhận: a document received over the exchange goes back to its sender (status 02). */
  refuse(id: string, body: { reason: string }): Observable<void> {
    return this.http.post<void>(`${BASE}/${enc(id)}/refuse`, body);
  }

  returnToClerk(id: string, body: { reason: string }): Observable<IncomingDocument> {
    return this.http.post<IncomingDocument>(`${BASE}/${enc(id)}/return`, body);
  }

  comment(id: string, body: { body: string }): Observable<IncomingComment> {
    return this.http.post<IncomingComment>(`${BASE}/${enc(id)}/comments`, body);
  }

  delegate(assignmentId: string, body: { userId: string; dueDate?: string; note?: string }): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'delegate'), body);
  }

  start(assignmentId: string): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'start'), {});
  }

  /** The lead's result: the note and any result files (multipart, checked on the server like uploads). */
  complete(assignmentId: string, body: { resultNote: string }, files: readonly File[] = []): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'complete'), withFiles(body, files));
  }

  input(assignmentId: string, body: { note: string }, files: readonly File[] = []): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'input'), withFiles(body, files));
  }

  resultFileUrl(id: string, assignmentId: string, fileId: string): string {
    return `${BASE}/${enc(id)}/assignments/${enc(assignmentId)}/files/${enc(fileId)}`;
  }

  /** Huỷ: an unregistered upload of the clerk, with the reason. */
  discard(id: string, body: { reason: string }): Observable<void> {
    return this.http.post<void>(`${BASE}/${enc(id)}/discard`, body);
  }

  markRead(assignmentId: string): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'read'), {});
  }

  extend(assignmentId: string, body: { dueDate: string; reason: string }): Observable<unknown> {
    return this.http.post<unknown>(this.assignmentUrl(assignmentId, 'extend'), body);
  }

  queue(tab: QueueTab): Observable<QueueResponse> {
    return this.http.get<QueueResponse>(`${BASE}/queue`, { params: new HttpParams().set('tab', tab) });
  }

  private assignmentUrl(assignmentId: string, action: string): string {
    return `${BASE}/assignments/${enc(assignmentId)}/${action}`;
  }
}

/** JSON when there are no files; otherwise multipart with the same fields as text. */
function withFiles(body: Record<string, string>, files: readonly File[]): Record<string, string> | FormData {
  if (!files.length) return body;
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) form.append(k, v);
  for (const f of files) form.append('files', f, f.name);
  return form;
}
