import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { defer, repeat, take, takeWhile } from 'rxjs';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import {
  ALL_CHANNELS,
  CHANNELS,
  type Channel,
  type Extraction,
  type IncomingDocument,
  type ProposedField,
  type Register,
  type RegistrationRequest,
  SECRECIES,
  type Secrecy,
  URGENCIES,
  type Urgency,
} from '../incoming.models';
import { ExtractionBadge } from '../shared/extraction-badge';
import { IncomingLabels } from '../shared/incoming-labels';
import { PdfViewer } from '../../shared/pdf-viewer/pdf-viewer';
import { fromLocalInput, toLocalInput } from '../shared/vt-date.pipe';

/** Poll the text extraction every 2 s while it is pending, for at most 3 minutes. */
export const EXTRACTION_POLL_MS = 2000;
const EXTRACTION_POLL_MAX = 90;

const PROPOSED_FIELDS: readonly ProposedField[] = ['number', 'symbol', 'issueDate', 'issuerName', 'documentType', 'subject'];
/**
 * Below this the form marks a proposed field "độ tin cậy thấp": an issuer matching no known organisation (0.5),
 * a number found off the "Số:" line or a bare date (0.5), a subject whose end was guessed (0.6).
 */
export const LOW_CONFIDENCE = 0.8;

/** Tên loại văn bản hành chính (ND 30/2020 Điều 7), offered as suggestions. */
const DOCUMENT_TYPES = [
  'Công văn',
  'Quyết định',
  'Nghị quyết',
  'Chỉ thị',
  'Quy chế',
  'Quy định',
  'Thông cáo',
  'Thông báo',
  'Hướng dẫn',
  'Chương trình',
  'Kế hoạch',
  'Phương án',
  'Đề án',
  'Dự án',
  'Báo cáo',
  'Biên bản',
  'Tờ trình',
  'Hợp đồng',
  'Công điện',
  'Bản ghi nhớ',
  'Bản thỏa thuận',
  'Giấy ủy quyền',
  'Giấy mời',
  'Giấy giới thiệu',
  'Giấy nghỉ phép',
  'Phiếu gửi',
  'Phiếu chuyển',
  'Phiếu báo',
  'Thư công',
  'Luật',
  'Nghị định',
  'Thông tư',
];

export const DUPLICATE_CODE = 'incoming.probable_duplicate';

export interface DuplicateRef {
  id: string;
  label: string;
}

/** The API lists probable duplicates as `errors: [{ path: 'duplicateOf', message: '<id>: số đến …' }]`. */
export function duplicatesOf(problem: Problem): DuplicateRef[] {
  return (problem.errors ?? [])
    .filter((e) => e.path === 'duplicateOf')
    .map((e) => {
      const at = e.message.indexOf(':');
      return at > 0 ? { id: e.message.slice(0, at).trim(), label: e.message.slice(at + 1).trim() } : { id: '', label: e.message };
    });
}

type RequiredField = 'registerId' | 'issuerName' | 'issueDate' | 'documentType' | 'subject';

/** Đăng ký (vào sổ): registration form beside the PDF of the main file; shows the số đến afterwards. */
@Component({
  selector: 'vt-incoming-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ProblemMessage, FieldErrors, PdfViewer, ExtractionBadge],
  templateUrl: './incoming-register-page.html',
  styleUrl: './incoming-register-page.css',
})
export class IncomingRegisterPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  protected readonly api = inject(IncomingApi);
  private readonly destroyRef = inject(DestroyRef);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly urgencies = URGENCIES;
  protected readonly secrecies = SECRECIES;
  /** Desk channels; a record that came over the system keeps its own ("Liên thông nội bộ"). */
  protected readonly channels = computed<readonly Channel[]>(() => (this.doc()?.channel === 'INTERNAL' ? ALL_CHANNELS : CHANNELS));
  /** The sending system stated the data (internal dispatch, the exchange): the form holds it, the clerk confirms. */
  protected readonly fromSender = computed(() => {
    const d = this.doc();
    return !!d && (d.channel === 'INTERNAL' || d.channel === 'AXIS') && !!(d.issuerName || d.number || d.subject);
  });
  protected readonly documentTypes = DOCUMENT_TYPES;
  protected readonly fieldPaths = [
    'registerId',
    'issuerName',
    'issuerOrganCode',
    'number',
    'symbol',
    'issueDate',
    'documentType',
    'subject',
    'signerName',
    'signerPosition',
    'signerAuthority',
    'urgency',
    'secrecy',
    'pageCount',
    'dueDate',
    'channel',
    'receivedAt',
    'duplicateOf',
  ];

  protected readonly form = inject(NonNullableFormBuilder).group({
    registerId: ['', Validators.required],
    issuerName: ['', Validators.required],
    issuerOrganCode: [''],
    number: [''],
    symbol: [''],
    issueDate: ['', Validators.required],
    documentType: ['', Validators.required],
    subject: ['', Validators.required],
    signerName: [''],
    signerPosition: [''],
    signerAuthority: [''],
    urgency: ['THUONG' as Urgency],
    secrecy: ['KHONG' as Secrecy],
    pageCount: [null as number | null],
    dueDate: [''],
    channel: ['PAPER' as Channel],
    receivedAt: [''],
  });

  protected readonly doc = signal<IncomingDocument | null>(null);
  protected readonly registers = signal<Register[]>([]);
  protected readonly extraction = signal<Extraction | null>(null);
  protected readonly proposalNote = signal<'proposed' | 'nothing' | null>(null);
  /** Fields filled from a reading below LOW_CONFIDENCE, marked for the clerk to check until they edit them. */
  protected readonly unsure = signal<ReadonlySet<ProposedField>>(new Set());
  protected readonly loadProblem = signal<Problem | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly duplicates = signal<DuplicateRef[]>([]);
  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  /** The document once registered (or when it already was). */
  protected readonly registered = signal<IncomingDocument | null>(null);

  protected readonly mainFile = computed(() => this.doc()?.files.find((f) => f.role === 'MAIN') ?? null);
  protected readonly pdfUrl = computed(() => {
    const doc = this.doc();
    return doc ? (this.api.readingCopy(doc)?.url ?? null) : null;
  });
  private readonly secrecy = toSignal(this.form.controls.secrecy.valueChanges, { initialValue: 'KHONG' as Secrecy });
  /** Incoming registers of the receiving organisation, those matching the secrecy first. */
  protected readonly orgRegisters = computed(() => {
    const orgId = this.doc()?.organisationId;
    return this.registers().filter((r) => r.organisationId === orgId);
  });
  protected readonly secret = computed(() => this.secrecy() !== 'KHONG');
  private lastBody: RegistrationRequest | null = null;

  constructor() {
    this.form.controls.secrecy.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.pickRegister());
    // A field the clerk corrects (or that is filled again) no longer carries the reading's doubt.
    for (const f of PROPOSED_FIELDS) {
      this.form.controls[f].valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
        if (this.unsure().has(f)) this.unsure.set(new Set([...this.unsure()].filter((x) => x !== f)));
      });
    }
  }

  ngOnInit(): void {
    this.api.get(this.id()).subscribe({
      next: (doc) => {
        this.doc.set(doc);
        if (doc.status !== 'DRAFT') {
          this.registered.set(doc);
          return;
        }
        this.form.patchValue({ channel: doc.channel, receivedAt: toLocalInput(doc.receivedAt) });
        this.prefill(doc);
        const main = this.mainFile();
        if (main?.pageCount) this.form.controls.pageCount.setValue(main.pageCount);
        if (main) this.pollExtraction(doc.id, main.id);
        this.pickRegister();
      },
      error: (err: unknown) => this.loadProblem.set(toProblem(err)),
    });
    this.api.incomingRegisters().subscribe({
      next: (items) => {
        this.registers.set(items);
        this.pickRegister();
      },
      error: (err: unknown) => this.loadProblem.set(toProblem(err)),
    });
  }

  protected missing(name: RequiredField): boolean {
    return this.submitted() && this.form.controls[name].hasError('required');
  }

  protected registerLabel(r: Register): string {
    return `${r.name} — ${this.labels.t('scope', r.scope)} (${this.i18n.t('incoming.register.nextNumber', { number: r.nextNumber })})`;
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.working()) return;
    this.send(this.buildBody());
  }

  /** "Register anyway": the same body, confirming the probable duplicate. */
  protected confirmDuplicate(): void {
    if (!this.lastBody || this.working()) return;
    this.send({ ...this.lastBody, confirmDuplicate: true });
  }

  private send(body: RegistrationRequest): void {
    const doc = this.doc();
    if (!doc) return;
    this.lastBody = body;
    this.working.set(true);
    this.problem.set(null);
    this.duplicates.set([]);
    this.api.register(doc.id, body).subscribe({
      next: (updated) => {
        this.working.set(false);
        this.doc.set(updated);
        this.registered.set(updated);
      },
      error: (err: unknown) => {
        this.working.set(false);
        const p = toProblem(err);
        this.problem.set(p);
        if (p.status === 409 && p.code === DUPLICATE_CODE) this.duplicates.set(duplicatesOf(p));
      },
    });
  }

  private buildBody(): RegistrationRequest {
    const v = this.form.getRawValue();
    const opt = (s: string) => s.trim() || undefined;
    const body: RegistrationRequest = {
      registerId: v.registerId,
      issuerName: v.issuerName.trim(),
      issuerOrganCode: opt(v.issuerOrganCode),
      number: opt(v.number),
      symbol: opt(v.symbol),
      issueDate: v.issueDate,
      documentType: v.documentType.trim(),
      subject: v.subject.trim(),
      signerName: opt(v.signerName),
      signerPosition: opt(v.signerPosition),
      signerAuthority: opt(v.signerAuthority),
      urgency: v.urgency,
      secrecy: v.secrecy,
      pageCount: v.pageCount && v.pageCount > 0 ? Math.floor(v.pageCount) : undefined,
      dueDate: v.dueDate || undefined,
      channel: v.channel,
      // Sent only when the clerk changed it: otherwise the time of intake stands.
      receivedAt: this.form.controls.receivedAt.dirty ? fromLocalInput(v.receivedAt) : undefined,
      confirmDuplicate: false,
    };
    return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as unknown as RegistrationRequest;
  }

  /**
   * What the record already holds (sent by another organisation on this system or over the exchange, or handed
   * down with a deadline): the form starts from it, so registering needs only a confirmation. The proposal from
   * the text fills only what stays empty, never these.
   */
  private prefill(doc: IncomingDocument): void {
    const text = {
      issuerName: doc.issuerName,
      issuerOrganCode: doc.issuerOrganCode,
      number: doc.number,
      symbol: doc.symbol,
      issueDate: doc.issueDate,
      documentType: doc.documentType,
      subject: doc.subject,
      signerName: doc.signerName,
      signerPosition: doc.signerPosition,
      signerAuthority: doc.signerAuthority ?? null,
      dueDate: doc.dueDate,
    };
    for (const [k, v] of Object.entries(text)) if (v) this.form.controls[k as keyof typeof text].setValue(v);
    this.form.patchValue({ urgency: doc.urgency, secrecy: doc.secrecy });
  }

  /** Keep the chosen register consistent with the secrecy (secret documents number separately). */
  private pickRegister(): void {
    const wanted = this.form.controls.secrecy.value === 'KHONG' ? 'ALL' : 'SECRET';
    const candidates = this.orgRegisters();
    const current = candidates.find((r) => r.id === this.form.controls.registerId.value);
    if (current?.scope === wanted) return;
    const match = candidates.find((r) => r.scope === wanted);
    if (match) this.form.controls.registerId.setValue(match.id);
  }

  /** Fills the fields the clerk has not touched from the text of the main file (OCR or text layer). */
  protected propose(): void {
    const doc = this.doc();
    if (!doc) return;
    this.api.proposal(doc.id).subscribe({
      next: (p) => {
        let filled = 0;
        const unsure = new Set(this.unsure());
        for (const f of PROPOSED_FIELDS) {
          const control = this.form.controls[f];
          const value = p[f];
          if (value && !control.dirty && !control.value) {
            control.setValue(value);
            control.markAsDirty();
            filled++;
            if ((p.confidence?.[f] ?? 1) < LOW_CONFIDENCE) unsure.add(f);
          }
        }
        this.unsure.set(unsure);
        this.proposalNote.set(filled ? 'proposed' : 'nothing');
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  private pollExtraction(docId: string, fileId: string): void {
    defer(() => this.api.extraction(docId, fileId))
      .pipe(
        repeat({ delay: EXTRACTION_POLL_MS }),
        take(EXTRACTION_POLL_MAX),
        // Keep polling while a scan waits for or runs through OCR.
        takeWhile((e) => e.state === 'PENDING' || e.ocr?.state === 'PENDING' || e.ocr?.state === 'RUNNING', true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (e) => {
          this.extraction.set(e);
          const pages = this.form.controls.pageCount;
          if (e.pageCount && !pages.dirty) pages.setValue(e.pageCount);
        },
        error: () => this.extraction.set({ state: 'FAILED', pageCount: null, error: null, extractedAt: null, textLength: null, ocr: null }),
      });
  }
}
