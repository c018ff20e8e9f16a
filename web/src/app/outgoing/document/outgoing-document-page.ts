import { CopiesPanel } from '../../copies/copies-panel';
import { ReplyLinks } from './reply-links';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { ActiveContentWarning } from '../../shared/active-content-warning';
import { FormsModule } from '@angular/forms';
import { FileIntoCaseFile } from '../../case-files/file-into/file-into-case-file';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { PdfViewer } from '../../shared/pdf-viewer/pdf-viewer';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import { type OutgoingDocument, type OutgoingHistoryEntry, type StepAssignee, isRedUrgency } from '../outgoing.models';
import { ExchangeStatusView } from '../shared/exchange-status';
import { OutgoingLabels } from '../shared/outgoing-labels';
import { OutgoingSignatures } from '../../signing/outgoing-signatures';
import { LayoutWarnings } from './layout-warnings';
import { DIALOG_ACTIONS, type DialogAction, OutgoingActionDialog } from './outgoing-action-dialog';
import { ManualSendDialog } from './manual-send-dialog';
import { RevisionView } from './revision-view';
import { DocumentViews } from '../../records/document-views';
import { LegalHoldsPanel } from '../../records/legal-holds-panel';

const ISSUANCE_ACTIONS: readonly string[] = ['issue', 'issue_paper_signature', 'dispatch'];

/**
 * An outgoing document: metadata, recipients with delivery, the approval timeline, versions with their files
 * and comments, issuance and dispatch for the clerk, and the actions the server allows, beside the document
 * itself in the PDF viewer (the current version while in drafting and review, then the signed, then the issued copy).
 */
@Component({
  selector: 'vt-outgoing-document-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    RouterLink,
    ProblemMessage,
    VtDatePipe,
    OutgoingActionDialog,
    OutgoingSignatures,
    FileIntoCaseFile,
    ExchangeStatusView,
    PdfViewer,
    ReplyLinks,
    LayoutWarnings,
    ActiveContentWarning,
    ManualSendDialog,
    RevisionView,
    CopiesPanel,
    DocumentViews,
    LegalHoldsPanel,
  ],
  templateUrl: './outgoing-document-page.html',
  styleUrl: '../shared/outgoing.css',
})
export class OutgoingDocumentPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  protected readonly labels = inject(OutgoingLabels);
  protected readonly api = inject(OutgoingApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly doc = signal<OutgoingDocument | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly dialog = signal<DialogAction | null>(null);
  /** The recipient whose send outside the system is being recorded. */
  protected readonly recordingFor = signal<string | null>(null);
  protected readonly canRecordManualSend = computed(() => this.allowed().includes('record_manual_send'));
  protected readonly isRed = isRedUrgency;

  protected commentBody = '';
  protected commentVersion = 0;
  protected readonly commentProblem = signal<Problem | null>(null);
  protected readonly commenting = signal(false);

  private readonly allowed = computed(() => this.doc()?.allowedActions ?? []);
  /** Review and drafting actions, in the order the server lists them. */
  protected readonly workflowActions = computed(() =>
    this.allowed().filter((a): a is DialogAction => (DIALOG_ACTIONS as readonly string[]).includes(a) && !ISSUANCE_ACTIONS.includes(a)),
  );
  protected readonly issuanceActions = computed(() => this.allowed().filter((a): a is DialogAction => ISSUANCE_ACTIONS.includes(a)));
  protected readonly canComment = computed(() => this.allowed().includes('comment'));
  protected readonly versionsNewestFirst = computed(() => [...(this.doc()?.versions ?? [])].sort((a, b) => b.number - a.number));
  protected readonly showIssuance = computed(() => {
    const d = this.doc();
    return !!d && (!!d.issued || this.issuanceActions().length > 0 || d.status === 'APPROVED_AWAITING_SIGNATURE');
  });

  protected readonly readingCopy = computed(() => {
    const d = this.doc();
    return d ? this.api.readingCopy(d) : null;
  });

  ngOnInit(): void {
    this.load();
  }

  protected open(action: DialogAction): void {
    this.notice.set(null);
    this.dialog.set(action);
    // The panel beside the document holds warnings and the revision above the form: bring the form into view.
    afterNextRender(() => this.host.nativeElement.querySelector('vt-outgoing-action-dialog')?.scrollIntoView?.({ block: 'nearest' }), {
      injector: this.injector,
    });
  }

  protected actionDone(doc: OutgoingDocument): void {
    this.dialog.set(null);
    this.doc.set(doc);
    this.notice.set(
      doc.issued && doc.status === 'ISSUED'
        ? this.i18n.t('outgoing.doc.issuedAs', { number: doc.issued.numberAndSymbol })
        : this.i18n.t('outgoing.doc.done'),
    );
  }

  protected copyCaption(d: OutgoingDocument, copy: 'issued' | 'signed' | 'version'): string {
    if (copy === 'issued') return this.i18n.t('viewer.copy.issued', { number: d.issued?.numberAndSymbol ?? '' });
    return copy === 'signed' ? this.i18n.t('viewer.copy.signed') : this.i18n.t('viewer.copy.version', { n: d.currentVersion });
  }

  protected manualSent(doc: OutgoingDocument): void {
    this.recordingFor.set(null);
    this.doc.set(doc);
    this.notice.set(this.i18n.t('workflow.manual.saved'));
  }

  /** Who decided: the assignee, or "deputy on behalf of assignee" under ủy quyền. */
  protected decidedBy(a: StepAssignee): string {
    return a.actedBy && a.actedBy.id !== a.user.id
      ? this.i18n.t('outgoing.doc.actedOnBehalf', { actor: a.actedBy.fullName, user: a.user.fullName })
      : a.user.fullName;
  }

  /** The comment or note recorded with a history entry, if any. */
  protected historyText(h: OutgoingHistoryEntry): string {
    const data = (h.data ?? {}) as Record<string, unknown>;
    for (const k of ['comment', 'note', 'reason', 'numberAndSymbol']) if (typeof data[k] === 'string' && data[k]) return data[k] as string;
    return '';
  }

  protected postComment(): void {
    const d = this.doc();
    const body = this.commentBody.trim();
    if (!d || !body || this.commenting()) return;
    this.commenting.set(true);
    this.commentProblem.set(null);
    this.api.comment(d.id, { body, version: this.commentVersion || d.currentVersion }).subscribe({
      next: (doc) => {
        this.commenting.set(false);
        this.commentBody = '';
        this.doc.set(doc);
      },
      error: (err: unknown) => {
        this.commenting.set(false);
        this.commentProblem.set(toProblem(err));
      },
    });
  }

  protected load(): void {
    this.api.get(this.id()).subscribe({
      next: (doc) => {
        this.doc.set(doc);
        this.commentVersion = doc.currentVersion;
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
