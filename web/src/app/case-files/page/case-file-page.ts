import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { CaseFile, CaseFileSummary, FiledDocument } from '../case-files.models';
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
  template: `
    <p>
      <a routerLink="/case-files">← {{ i18n.t('caseFiles.backToList') }}</a>
    </p>
    @if (problem(); as p) {
      <vt-problem-message data-testid="case-file-error" [problem]="p" />
    }
    @if (notice(); as n) {
      <div class="alert alert-success" role="status" data-testid="case-file-notice">{{ n }}</div>
    }
    @if (file(); as f) {
      <section class="card">
        <div class="page-head">
          <p class="muted small" data-testid="case-file-code">{{ f.code }}</p>
          <div>
            <span class="badge" data-testid="case-file-status" [attr.data-status]="f.status">{{ i18n.t(statusKey(f.status)) }}</span>
            <vt-transfer-badge [file]="f" />
          </div>
        </div>
        <h1 class="page-title" data-testid="case-file-title">{{ f.title }}</h1>
        @if (f.holds.length) {
          <div class="alert alert-error" role="status" data-testid="case-file-held">
            <strong>{{ i18n.t('records.holds.heldTitle') }}</strong> {{ i18n.t('records.holds.heldExplain') }}
            <ul class="held-reasons">
              @for (h of f.holds; track h.id) {
                <li data-testid="case-file-hold" [attr.data-scope]="h.scope">
                  {{ holdScope(h) }}: {{ h.reason }} —
                  {{ i18n.t('records.holds.placedBy', { name: h.placedByName, at: (h.placedAt | vtDate) }) }}
                </li>
              }
            </ul>
          </div>
        } @else if (f.status === 'TRANSFERRED' && !can('edit')) {
          <p class="muted" data-testid="case-file-read-only">{{ i18n.t('caseFiles.page.readOnly') }}</p>
        }
        <dl class="meta">
          <dt>{{ i18n.t('caseFiles.page.unit') }}</dt>
          <dd>{{ f.unitName ?? '—' }}</dd>
          <dt>{{ i18n.t('caseFiles.page.retention') }}</dt>
          <dd data-testid="case-file-retention">{{ f.maintenance }}</dd>
          <dt>{{ i18n.t('caseFiles.page.rights') }}</dt>
          <dd>{{ f.rights }}</dd>
          <dt>{{ i18n.t('caseFiles.page.language') }}</dt>
          <dd>{{ f.language }}</dd>
          <dt>{{ i18n.t('caseFiles.page.creator') }}</dt>
          <dd>{{ f.creator.fullName }}</dd>
          <dt>{{ i18n.t('caseFiles.page.dates') }}</dt>
          <dd data-testid="case-file-dates">{{ f.startDate | vtDate }} – {{ f.endDate | vtDate }}</dd>
          <dt>{{ i18n.t('caseFiles.page.totals') }}</dt>
          <dd data-testid="case-file-totals">{{ f.docTotal }} / {{ f.pageTotal }}</dd>
          @if (f.transfer; as t) {
            <dt>{{ i18n.t('caseFiles.page.transferDue') }}</dt>
            <dd>{{ t.dueDate | vtDate }}</dd>
          }
          @if (f.disposalReviewDate) {
            <dt>{{ i18n.t('caseFiles.page.reviewDate') }}</dt>
            <dd data-testid="case-file-review-date">{{ f.disposalReviewDate | vtDate }}</dd>
          }
          @if (f.description) {
            <dt>{{ i18n.t('caseFiles.page.description') }}</dt>
            <dd>{{ f.description }}</dd>
          }
          @if (f.imported) {
            <dt></dt>
            <dd data-testid="case-file-imported">{{ i18n.t('caseFiles.page.imported') }}</dd>
          }
        </dl>
        <div class="actions" data-testid="case-file-actions">
          @if (can('close')) {
            <button type="button" class="btn btn-primary" data-testid="case-file-close" (click)="closing.set(true)">
              {{ i18n.t('caseFiles.page.close') }}
            </button>
          }
          @if (can('reopen')) {
            <button type="button" class="btn" data-testid="case-file-reopen" (click)="act('reopen')">
              {{ i18n.t('caseFiles.page.reopen') }}
            </button>
          }
          @if (can('transfer')) {
            <button type="button" class="btn btn-primary" data-testid="case-file-transfer" (click)="act('transfer')">
              {{ i18n.t('caseFiles.page.transfer') }}
            </button>
          }
          @if (can('edit')) {
            <button type="button" class="btn" data-testid="case-file-edit" (click)="startEdit(f)">
              {{ i18n.t('caseFiles.page.edit') }}
            </button>
          }
          @if (can('export')) {
            <a class="btn" data-testid="case-file-export" [href]="api.exportUrl(f.id)" download>{{ i18n.t('caseFiles.page.export') }}</a>
          }
        </div>
        @if (editing()) {
          <form class="dialog" data-testid="edit-dialog" novalidate (ngSubmit)="save()">
            <div class="field">
              <label for="cf-edit-title">{{ i18n.t('caseFiles.form.fileTitle') }}</label>
              <input id="cf-edit-title" name="title" maxlength="500" data-testid="edit-title" [(ngModel)]="draft.title" />
            </div>
            <div class="field">
              <label for="cf-edit-retention">{{ i18n.t('caseFiles.form.retention') }}</label>
              <select id="cf-edit-retention" name="retention" data-testid="edit-retention" [(ngModel)]="draft.retention">
                <option value="permanent">{{ i18n.t('caseFiles.form.permanent') }}</option>
                @for (y of retentionChoices(); track y) {
                  <option [value]="y">{{ i18n.t('workflow.caseFiles.yearsCount', { n: y }) }}</option>
                }
              </select>
            </div>
            <div class="field">
              <label for="cf-edit-rights">{{ i18n.t('caseFiles.form.rights') }}</label>
              <input id="cf-edit-rights" name="rights" maxlength="30" data-testid="edit-rights" [(ngModel)]="draft.rights" />
            </div>
            <div class="field">
              <label for="cf-edit-desc">{{ i18n.t('caseFiles.form.description') }}</label>
              <input id="cf-edit-desc" name="description" maxlength="500" data-testid="edit-description" [(ngModel)]="draft.description" />
            </div>
            <button type="submit" class="btn btn-primary" data-testid="edit-submit">{{ i18n.t('caseFiles.page.save') }}</button>
            <button type="button" class="btn" (click)="editing.set(false)">{{ i18n.t('caseFiles.page.cancel') }}</button>
          </form>
        }
        @if (closing()) {
          <form class="dialog inline" data-testid="close-dialog" novalidate (ngSubmit)="close()">
            <div class="field">
              <label for="cf-end">{{ i18n.t('caseFiles.page.endDate') }}</label>
              <input id="cf-end" name="endDate" type="date" data-testid="close-end-date" [(ngModel)]="endDate" />
            </div>
            <div class="field">
              <label for="cf-retention">{{ i18n.t('caseFiles.page.retention') }}</label>
              <select id="cf-retention" name="retention" data-testid="close-retention" [(ngModel)]="retention">
                <option value="keep">{{ i18n.t('caseFiles.page.keepRetention') }} ({{ f.maintenance }})</option>
                <option value="permanent">{{ i18n.t('caseFiles.form.permanent') }}</option>
                @for (y of retentionLevels; track y) {
                  <option [value]="y">{{ i18n.t('workflow.caseFiles.yearsCount', { n: y }) }}</option>
                }
              </select>
            </div>
            <button type="submit" class="btn btn-primary" data-testid="close-submit">{{ i18n.t('caseFiles.page.confirmClose') }}</button>
            <button type="button" class="btn" (click)="closing.set(false)">{{ i18n.t('caseFiles.page.cancel') }}</button>
          </form>
        }
      </section>

      <section class="card card-flush">
        <h2 class="section-title">{{ i18n.t('caseFiles.page.documents') }}</h2>
        @if (f.documents.length) {
          <table class="table table-stack" data-testid="case-file-documents">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('caseFiles.page.colOrdinal') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.colKind') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.colNumber') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.colDate') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.colSubject') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.colPages') }}</th>
                <th scope="col">
                  <span class="sr-only">{{ i18n.t('common.actions') }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (d of f.documents; track d.entryId) {
                <tr data-testid="case-file-document" [attr.data-ordinal]="d.ordinal" [attr.data-kind]="d.kind">
                  <td data-testid="document-ordinal">{{ d.ordinal }}</td>
                  <td>{{ i18n.t(kindKey(d.kind)) }}</td>
                  <td class="nowrap">{{ d.numberAndSymbol ?? '—' }}</td>
                  <td class="nowrap">{{ d.issuedDate | vtDate }}</td>
                  <td>
                    @if (!d.visible) {
                      <span class="muted">{{ i18n.t('caseFiles.page.restricted') }}</span>
                    } @else if (link(d); as l) {
                      <a [routerLink]="l">{{ d.subject }}</a>
                    } @else {
                      {{ d.subject }}
                      @for (file of d.files; track $index) {
                        <br /><a class="small" data-testid="document-file" [href]="api.importedFileUrl(f.id, d.entryId, $index)" download>{{
                          file.name
                        }}</a>
                      }
                    }
                  </td>
                  <td>{{ d.pageAmount ?? '—' }}</td>
                  <td>
                    @if (can('unfile')) {
                      <button type="button" class="btn btn-small" data-testid="document-unfile" (click)="unfile(d)">
                        {{ i18n.t('caseFiles.page.unfile') }}
                      </button>
                    }
                    @if (can('move')) {
                      @if (moving() === d.entryId) {
                        <select data-testid="move-target" [attr.aria-label]="i18n.t('caseFiles.page.moveTo')" [(ngModel)]="moveTarget">
                          @for (t of moveTargets(); track t.id) {
                            <option [value]="t.id">{{ t.fileCode.fileNotation }} — {{ t.title }}</option>
                          }
                        </select>
                        <button type="button" class="btn btn-small" data-testid="move-submit" [disabled]="!moveTarget" (click)="move(d)">
                          {{ i18n.t('caseFiles.page.moveSubmit') }}
                        </button>
                      } @else {
                        <button type="button" class="btn btn-small" data-testid="document-move" (click)="startMove(d)">
                          {{ i18n.t('caseFiles.page.move') }}
                        </button>
                      }
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="empty" data-testid="case-file-no-documents">{{ i18n.t('caseFiles.page.noDocuments') }}</p>
        }
      </section>

      @if (f.status === 'TRANSFERRED' || f.status === 'DISPOSED') {
        <section class="card" data-testid="disposal">
          <h2 class="section-title">{{ i18n.t('caseFiles.page.disposal') }}</h2>
          @for (a of f.disposal.approvals; track a.capacity) {
            <p data-testid="disposal-approval" [attr.data-capacity]="a.capacity">
              {{ i18n.t(capacityKey(a.capacity)) }}: {{ a.user.fullName }} ({{ a.approvedAt | vtDate }}) — {{ a.reason }}
            </p>
          } @empty {
            <p class="muted">{{ i18n.t('caseFiles.page.noApprovals') }}</p>
          }
          @if (can('approve_disposal')) {
            <form class="inline" novalidate (ngSubmit)="approveDisposal()">
              <div class="field">
                <label for="cf-reason">{{ i18n.t('caseFiles.page.disposalReason') }}</label>
                <input id="cf-reason" name="reason" data-testid="disposal-reason" [(ngModel)]="reason" />
              </div>
              <button type="submit" class="btn btn-danger-outline" data-testid="disposal-approve" [disabled]="!reason.trim()">
                {{ i18n.t('caseFiles.page.approveDisposal') }}
              </button>
            </form>
          }
        </section>
      }

      <section class="card">
        <h2 class="section-title">{{ i18n.t('caseFiles.page.history') }}</h2>
        <ul class="history" data-testid="case-file-history">
          @for (h of f.history; track $index) {
            <li data-testid="history-entry" [attr.data-action]="h.action">
              {{ h.at | vtDate }} — {{ h.actorName ?? '' }} — {{ historyAction(h.action) }}
            </li>
          }
        </ul>
      </section>
      <vt-legal-holds-panel [target]="{ caseFileId: f.id }" (changed)="ngOnInit()" />
    }
  `,
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

  protected can(action: string): boolean {
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
