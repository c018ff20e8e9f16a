import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { CaseFile, CaseFileAction, CaseFileSummary, FiledDocument } from '../case-files.models';
import { TransferBadge } from '../shared/transfer-badge';
import { LegalHoldsPanel } from '../../records/legal-holds-panel';

/**
 * /case-files/:id — a case file: its ND 30 metadata, the documents by DocOrdinal, and the actions the server
 * allows (close with end date and re-assessed retention, reopen, transfer, export, disposal approval).
 */
@Component({
  selector: 'vt-case-file-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe, TransferBadge, LegalHoldsPanel],
  styleUrl: '../shared/case-files.css',
  templateUrl: './case-file-page.html',
})
export class CaseFilePage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly api = inject(CaseFilesApi);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  /** Audit actions arrive as "case_file.close" etc.; unknown ones are shown as they are. */
  protected historyAction(action: string): string {
    const key = `workflow.caseFiles.history.${action.replace(/^case_file\./, '')}` as TranslationKey;
    const text = this.i18n.t(key);
    return text === key ? action : text;
  }

  protected readonly file = signal<CaseFile | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly closing = signal(false);
  protected readonly retentionLevels = [5, 10, 20, 50, 70];
  protected endDate = '';
  protected retention = 'keep';
  protected reason = '';
  protected readonly editing = signal(false);
  protected draft = { title: '', retention: 'permanent', rights: '', description: '' };
  protected readonly moving = signal<string | null>(null);
  protected readonly moveTargets = signal<CaseFileSummary[]>([]);
  protected moveTarget = '';
  /** The usual levels, and the file's own when it is another. */
  protected readonly retentionChoices = computed(() => {
    const own = this.file()?.retentionYears;
    return own && !this.retentionLevels.includes(own) ? [...this.retentionLevels, own].sort((a, b) => a - b) : this.retentionLevels;
  });
  private readonly allowed = computed(() => new Set(this.file()?.allowedActions ?? []));

  ngOnInit(): void {
    this.api.get(this.id()).subscribe({ next: (f) => this.file.set(f), error: (err: unknown) => this.problem.set(toProblem(err)) });
  }

  protected can(action: CaseFileAction): boolean {
    return this.allowed().has(action);
  }

  protected holdScope(h: CaseFile['holds'][number]): string {
    return h.scope === 'ORGANISATION_YEAR'
      ? this.i18n.t('records.holds.ORGANISATION_YEAR', { year: h.year ?? '' })
      : this.i18n.t(`records.holds.${h.scope}`);
  }

  protected statusKey(s: string): TranslationKey {
    return `caseFiles.status.${s}` as TranslationKey;
  }
  protected kindKey(k: string): TranslationKey {
    return `caseFiles.kind.${k}` as TranslationKey;
  }
  protected capacityKey(c: string): TranslationKey {
    return `caseFiles.capacity.${c}` as TranslationKey;
  }

  protected link(d: FiledDocument): string[] | null {
    return d.documentId ? [d.kind === 'INCOMING' ? '/incoming' : '/outgoing', d.documentId] : null;
  }

  private apply(call: ReturnType<CaseFilesApi['get']>): void {
    this.notice.set(null);
    call.subscribe({
      next: (f) => {
        this.file.set(f);
        this.closing.set(false);
        this.editing.set(false);
        this.moving.set(null);
        this.problem.set(null);
        this.notice.set(this.i18n.t('caseFiles.page.done'));
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected act(action: 'reopen' | 'transfer'): void {
    this.apply(this.api.act(this.id(), action));
  }

  protected close(): void {
    const body: { endDate?: string; retentionYears?: number | null } = {};
    if (this.endDate) body.endDate = this.endDate;
    if (this.retention !== 'keep') body.retentionYears = this.retention === 'permanent' ? null : Number(this.retention);
    this.apply(this.api.act(this.id(), 'close', body));
  }

  protected startEdit(f: CaseFile): void {
    this.draft = {
      title: f.title,
      retention: f.retentionYears === null ? 'permanent' : String(f.retentionYears),
      rights: f.rights,
      description: f.description ?? '',
    };
    this.editing.set(true);
  }

  protected save(): void {
    const d = this.draft;
    this.apply(
      this.api.update(this.id(), {
        title: d.title.trim(),
        retentionYears: d.retention === 'permanent' ? null : Number(d.retention),
        rights: d.rights.trim(),
        description: d.description.trim() || null,
      }),
    );
  }

  /** Other open case files of the same organisation: where a document may move. */
  protected startMove(d: FiledDocument): void {
    const f = this.file()!;
    this.moveTarget = '';
    this.moving.set(d.entryId);
    this.api.list({ organisationId: f.organisationId, status: 'OPEN' }).subscribe({
      next: (r) => this.moveTargets.set(r.items.filter((c) => c.id !== f.id)),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected move(d: FiledDocument): void {
    this.apply(this.api.move(this.id(), d.entryId, this.moveTarget));
  }

  protected unfile(d: FiledDocument): void {
    this.apply(this.api.unfile(this.id(), d.entryId));
  }

  protected approveDisposal(): void {
    this.apply(this.api.approveDisposal(this.id(), this.reason.trim()));
  }
}
