import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { ActiveContentWarning } from '../../shared/active-content-warning';
import { SignaturePanel } from '../../signing/signature-panel';
import { FileIntoCaseFile } from '../../case-files/file-into/file-into-case-file';
import { Router, RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { PdfViewer } from '../../shared/pdf-viewer/pdf-viewer';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import {
  type AllowedAction,
  type Assignment,
  type ForwardedProgress,
  DOCUMENT_ACTIONS,
  type IncomingDocument,
  isRedUrgency,
  numberSymbol,
} from '../incoming.models';
import { IncomingLabels } from '../shared/incoming-labels';
import { VtDatePipe, formatVtDate, todayIso } from '../shared/vt-date.pipe';
import { ActionDialog, type SimpleAction } from './action-dialog';
import { AssignDialog } from './assign-dialog';
import { CommentsPanel } from './comments-panel';
import { HistoryTimeline } from './history-timeline';
import { LinkReply } from './link-reply';
import { CopiesPanel } from '../../copies/copies-panel';
import { DocumentViews } from '../../records/document-views';
import { LegalHoldsPanel } from '../../records/legal-holds-panel';

interface OpenDialog {
  action: AllowedAction['action'];
  assignmentId: string | null;
}

/** A document: metadata, files, số đến, assignments, the actions the server allows beside the document in the PDF viewer, history and comments. */
@Component({
  selector: 'vt-incoming-document-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ProblemMessage,
    VtDatePipe,
    ActionDialog,
    AssignDialog,
    CommentsPanel,
    HistoryTimeline,
    SignaturePanel,
    FileIntoCaseFile,
    PdfViewer,
    LinkReply,
    ActiveContentWarning,
    CopiesPanel,
    DocumentViews,
    LegalHoldsPanel,
  ],
  templateUrl: './incoming-document-page.html',
  styleUrls: ['../shared/incoming.css', './incoming-document-page.css'],
})
export class IncomingDocumentPage {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  protected readonly api = inject(IncomingApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly router = inject(Router);

  /** The progress line of an organisation's record: its status with the số đến it was given. */
  protected progressText(p: ForwardedProgress): string {
    const arrival = p.arrival ? `${p.arrival.number}/${p.arrival.year}` : '';
    return this.i18n.t(`routing.progress.${p.status}` as TranslationKey, { arrival, at: formatVtDate(p.completedAt, 'date') });
  }

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly doc = signal<IncomingDocument | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly dialog = signal<OpenDialog | null>(null);
  protected readonly busy = signal(false);

  protected readonly numberSymbol = numberSymbol;
  /** "Trần Minh Khoa, Phó Chủ tịch" — joined here: in the template a line break before the comma became a space. */
  protected signerLine(d: { signerName: string | null; signerPosition: string | null }): string {
    return [d.signerName, d.signerPosition].filter(Boolean).join(', ');
  }
  protected readonly isRed = isRedUrgency;
  protected readonly today = todayIso();

  protected readonly allowed = computed(() => this.doc()?.allowedActions ?? []);
  protected readonly assignments = computed(() => this.doc()?.assignments ?? []);
  private readonly assignmentIds = computed(() => new Set(this.assignments().map((a) => a.id)));
  /** Buttons of the action bar: document actions, plus assignment actions whose assignment is not listed. */
  protected readonly barActions = computed(() =>
    this.allowed().filter((a) =>
      a.assignmentId
        ? !this.assignmentIds().has(a.assignmentId)
        : (DOCUMENT_ACTIONS as readonly string[]).includes(a.action) && a.action !== 'comment',
    ),
  );
  protected readonly canComment = computed(() => this.allowed().some((a) => a.action === 'comment'));
  /** The main file to read beside the actions: stamped once registered. */
  protected readonly readingCopy = computed(() => {
    const d = this.doc();
    return d ? this.api.readingCopy(d) : null;
  });
  protected readonly dialogAssignment = computed(() => {
    const id = this.dialog()?.assignmentId;
    return id ? (this.assignments().find((a) => a.id === id) ?? null) : null;
  });

  constructor() {
    // Reloads when the route's id changes too: a link to another document (a reply, a replaced one) reuses this page.
    effect(() => {
      this.id();
      untracked(() => {
        this.dialog.set(null);
        this.load();
      });
    });
  }

  /** State of a status package owed to the sender of a document received over the exchange. */
  protected statusState(state: 'PENDING' | 'SENT' | 'FAILED'): string {
    return this.i18n.t(`exchange.incoming.statusState.${state}` as TranslationKey);
  }

  /** An intake notice of the package (docs/domain.md §6.7), in the reader's language. */
  protected exchangeNotice(n: { code: string; attachments: string[] }): string {
    return this.i18n.t(`exchange.incoming.notice.${n.code}` as TranslationKey, { names: n.attachments.join(', ') });
  }

  protected readonly isReply = (a: AllowedAction) => a.action === 'reply';
  protected readonly replyIds = computed(() => (this.doc()?.replies ?? []).map((r) => r.id));

  protected rowActions(a: Assignment): AllowedAction[] {
    return this.allowed().filter((x) => x.assignmentId === a.id);
  }

  protected overdue(a: Assignment): boolean {
    return !!a.dueDate && a.active && a.status !== 'DONE' && a.status !== 'READ' && a.dueDate.slice(0, 10) < this.today;
  }

  protected open(action: AllowedAction): void {
    this.notice.set(null);
    this.dialog.set({ action: action.action, assignmentId: action.assignmentId ?? null });
    // The dialog opens in the panel beside the document, far above a row's button: bring it into view.
    afterNextRender(
      () => this.host.nativeElement.querySelector('vt-assign-dialog, vt-action-dialog')?.scrollIntoView?.({ block: 'nearest' }),
      { injector: this.injector },
    );
  }

  protected simpleAction(d: OpenDialog): SimpleAction | null {
    return d.action === 'assign' || d.action === 'reassign' || d.action === 'register' || d.action === 'comment' || d.action === 'reply'
      ? null
      : d.action;
  }

  protected closeDialog(): void {
    this.dialog.set(null);
  }

  protected actionDone(): void {
    // A discarded upload is gone: back to the list.
    if (this.dialog()?.action === 'discard') {
      void this.router.navigate(['/incoming']);
      return;
    }
    this.dialog.set(null);
    this.notice.set(this.i18n.t('incoming.doc.done'));
    this.load();
  }

  protected load(): void {
    this.busy.set(true);
    this.api.get(this.id()).subscribe({
      next: (doc) => {
        this.doc.set(doc);
        this.problem.set(null);
        this.busy.set(false);
      },
      error: (err: unknown) => {
        this.problem.set(toProblem(err));
        this.busy.set(false);
      },
    });
  }
}
