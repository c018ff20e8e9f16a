import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map, shareReplay } from 'rxjs';
import type {
  ApprovalQueueItem,
  ChainTemplate,
  ChainTemplateBody,
  CreateDraftRequest,
  Delegation,
  DelegationRequest,
  DispatchPlan,
  DocumentType,
  IssueRequest,
  ManualSendMethod,
  OutgoingDocument,
  OutgoingFilter,
  OutgoingList,
  RegisterEntry,
  ReviseRequest,
  SubmitRequest,
} from './outgoing.models';

const BASE = '/api/outgoing';
const enc = encodeURIComponent;

/** Calls of the outgoing-documents API (`/api/outgoing`), delegations (`/api/delegations`) and chain templates (`/api/admin/approval-chains`). */
@Injectable({ providedIn: 'root' })
export class OutgoingApi {
  private readonly http = inject(HttpClient);
  private types$?: Observable<DocumentType[]>;

  /** Document types (cached for the session: they are a fixed list of ND 30). */
  documentTypes(): Observable<DocumentType[]> {
    this.types$ ??= this.http.get<{ items: DocumentType[] }>(`${BASE}/document-types`).pipe(
      map((res) => res.items),
      shareReplay(1),
    );
    return this.types$;
  }

  list(filter: OutgoingFilter = {}): Observable<OutgoingList> {
    let params = new HttpParams();
    if (filter.status) params = params.set('status', filter.status);
    if (filter.mine) params = params.set('mine', 'true');
    if (filter.limit !== undefined) params = params.set('limit', String(filter.limit));
    if (filter.offset) params = params.set('offset', String(filter.offset));
    return this.http.get<OutgoingList>(BASE, { params });
  }

  get(id: string): Observable<OutgoingDocument> {
    return this.http.get<OutgoingDocument>(`${BASE}/${enc(id)}`);
  }

  /** Multipart: `main` (PDF), optional `source` (DOCX/ODT), `attachments`, `metadata` (JSON), optional `organisationId`, `reason`. */
  create(req: CreateDraftRequest): Observable<OutgoingDocument> {
    const form = new FormData();
    form.append('metadata', JSON.stringify(req.metadata));
    if (req.organisationId) form.append('organisationId', req.organisationId);
    if (req.reason?.trim()) form.append('reason', req.reason.trim());
    form.append('main', req.main, req.main.name);
    if (req.source) form.append('source', req.source, req.source.name);
    for (const f of req.attachments) form.append('attachments', f, f.name);
    return this.http.post<OutgoingDocument>(BASE, form);
  }

  /** A new version: `reason` required; files not sent carry over from the previous version. */
  revise(id: string, req: ReviseRequest): Observable<OutgoingDocument> {
    const form = new FormData();
    form.append('reason', req.reason.trim());
    if (req.metadata && Object.keys(req.metadata).length) form.append('metadata', JSON.stringify(req.metadata));
    if (req.dropSource) form.append('dropSource', 'true');
    if (req.dropAttachments) form.append('dropAttachments', 'true');
    if (req.main) form.append('main', req.main, req.main.name);
    if (req.source) form.append('source', req.source, req.source.name);
    for (const f of req.attachments ?? []) form.append('attachments', f, f.name);
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/versions`, form);
  }

  comment(id: string, body: { body: string; version?: number }): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/comments`, body);
  }

  submit(id: string, body: SubmitRequest = {}): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/submit`, body);
  }

  approve(id: string, body: { note?: string } = {}): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/approve`, body);
  }

  returnForRevision(id: string, comment: string): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/return`, { comment });
  }

  reject(id: string, comment: string): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/reject`, { comment });
  }

  forward(id: string, body: { userId: string; note?: string }): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/forward`, body);
  }

  issue(id: string, body: IssueRequest): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/issue`, body);
  }

  /** Links this document as the reply to an incoming one of its organisation. */
  linkReply(id: string, incomingId: string, completeOnIssue: boolean): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/replies`, { incomingId, completeOnIssue });
  }

  /** Whether issuing this reply completes the incoming document's handling. */
  setCompleteOnIssue(id: string, incomingId: string, completeOnIssue: boolean): Observable<OutgoingDocument> {
    return this.http.patch<OutgoingDocument>(`${BASE}/${enc(id)}/replies/${enc(incomingId)}`, { completeOnIssue });
  }

  dispatch(id: string): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/dispatch`, {});
  }

  /** Before dispatch: how each recipient will be reached (on the system, over the axis, or outside the system). */
  dispatchPlan(id: string): Observable<DispatchPlan> {
    return this.http.get<DispatchPlan>(`${BASE}/${enc(id)}/dispatch-plan`);
  }

  /** The clerk records a send outside the system (post, e-mail, hand delivery). */
  recordManualSend(
    id: string,
    deliveryId: string,
    body: { method: ManualSendMethod; sentOn: string; note?: string },
  ): Observable<OutgoingDocument> {
    return this.http.post<OutgoingDocument>(`${BASE}/${enc(id)}/deliveries/${enc(deliveryId)}/manual-send`, body);
  }

  /** Phiếu gửi (PDF) of one recipient. */
  slipUrl(id: string, deliveryId: string): string {
    return `${BASE}/${enc(id)}/deliveries/${enc(deliveryId)}/slip.pdf`;
  }

  approvals(): Observable<ApprovalQueueItem[]> {
    return this.http.get<{ items: ApprovalQueueItem[] }>(`${BASE}/approvals`).pipe(map((res) => res.items));
  }

  register(
    filter: { year?: number; organisationId?: string; registerId?: string; pendingManualSend?: boolean } = {},
  ): Observable<{ year: number; items: RegisterEntry[] }> {
    let params = new HttpParams();
    if (filter.pendingManualSend) params = params.set('pendingManualSend', 'true');
    if (filter.year) params = params.set('year', String(filter.year));
    if (filter.organisationId) params = params.set('organisationId', filter.organisationId);
    if (filter.registerId) params = params.set('registerId', filter.registerId);
    return this.http.get<{ year: number; items: RegisterEntry[] }>(`${BASE}/register`, { params });
  }

  fileUrl(id: string, fileId: string): string {
    return `${BASE}/${enc(id)}/files/${enc(fileId)}`;
  }

  issuedUrl(id: string): string {
    return `${BASE}/${enc(id)}/issued`;
  }

  /**
   * The copy to read on screen (inline): the issued copy (số, ký hiệu, seal) once there is one, else the PDF
   * as signed, else the current version's main file.
   */
  readingCopy(doc: OutgoingDocument): { url: string; copy: 'issued' | 'signed' | 'version' } | null {
    if (doc.issuedFileAvailable) return { url: `${this.issuedUrl(doc.id)}?disposition=inline`, copy: 'issued' };
    if (doc.signed) return { url: `${BASE}/${enc(doc.id)}/signed?disposition=inline`, copy: 'signed' };
    const main = doc.versions.find((v) => v.number === doc.currentVersion)?.files.find((f) => f.role === 'MAIN');
    return main ? { url: `${this.fileUrl(doc.id, main.id)}?disposition=inline`, copy: 'version' } : null;
  }

  /** PNG of page 1 or the signature page with where the number, date, signature and seal will go. */
  layoutPreviewUrl(id: string, which: 'first' | 'signature', version: number): string {
    return `${BASE}/${enc(id)}/layout-preview/${which}?v=${version}`;
  }

  delegations(): Observable<Delegation[]> {
    return this.http.get<{ items: Delegation[] }>('/api/delegations').pipe(map((res) => res.items));
  }

  delegate(body: DelegationRequest): Observable<Delegation> {
    return this.http.post<Delegation>('/api/delegations', body);
  }

  revokeDelegation(id: string): Observable<void> {
    return this.http.post<unknown>(`/api/delegations/${enc(id)}/revoke`, {}).pipe(map(() => undefined));
  }

  chainTemplates(organisationId?: string): Observable<ChainTemplate[]> {
    let params = new HttpParams();
    if (organisationId) params = params.set('organisationId', organisationId);
    return this.http.get<{ items: ChainTemplate[] }>('/api/admin/approval-chains', { params }).pipe(map((res) => res.items));
  }

  createChainTemplate(body: ChainTemplateBody & { organisationId: string; documentType: string | null }): Observable<ChainTemplate> {
    return this.http.post<ChainTemplate>('/api/admin/approval-chains', body);
  }

  updateChainTemplate(id: string, body: ChainTemplateBody): Observable<ChainTemplate> {
    return this.http.put<ChainTemplate>(`/api/admin/approval-chains/${enc(id)}`, body);
  }

  retireChainTemplate(id: string): Observable<void> {
    return this.http.delete<void>(`/api/admin/approval-chains/${enc(id)}`).pipe(map(() => undefined));
  }
}
