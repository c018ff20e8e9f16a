import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { CaseFileSummary } from '../case-files.models';
import { TransferBadge } from '../shared/transfer-badge';

/** /case-files/archive — for archivists: files due for transfer (incoming transfers), the archive's holdings, package import. */
@Component({
  selector: 'vt-archive-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe, TransferBadge],
  styleUrl: '../shared/case-files.css',
  template: `
    <p>
      <a routerLink="/case-files">← {{ i18n.t('caseFiles.backToList') }}</a> ·
      <a routerLink="/case-files/disposition">{{ i18n.t('caseFiles.dispositionLink') }}</a>
    </p>
    <h1 class="page-title">{{ i18n.t('caseFiles.archive.title') }}</h1>
    @if (problem(); as p) {
      <vt-problem-message data-testid="archive-error" [problem]="p" />
    }
    @if (notice(); as n) {
      <div class="alert alert-success" role="status" data-testid="archive-notice">{{ n }}</div>
    }
    <section class="card">
      <h2 class="section-title">{{ i18n.t('caseFiles.archive.incoming') }}</h2>
      <ul class="history">
        @for (c of due(); track c.id) {
          <li data-testid="archive-due" [attr.data-case-file-id]="c.id">
            <a [routerLink]="['/case-files', c.id]">{{ c.code }} — {{ c.title }}</a> <vt-transfer-badge [file]="c" />
          </li>
        } @empty {
          <li class="muted" data-testid="archive-due-empty">{{ i18n.t('caseFiles.archive.noIncoming') }}</li>
        }
      </ul>
    </section>
    <section class="card">
      <h2 class="section-title">{{ i18n.t('caseFiles.archive.holdings') }}</h2>
      <ul class="history">
        @for (c of holdings(); track c.id) {
          <li data-testid="archive-holding" [attr.data-case-file-id]="c.id" [attr.data-status]="c.status">
            <a [routerLink]="['/case-files', c.id]">{{ c.code }} — {{ c.title }}</a>
            <span class="badge">{{ i18n.t(statusKey(c.status)) }}</span>
            <span class="muted small">{{ c.maintenance }} · {{ c.transferredAt | vtDate }}</span>
          </li>
        } @empty {
          <li class="muted" data-testid="archive-empty">{{ i18n.t('caseFiles.archive.noHoldings') }}</li>
        }
      </ul>
    </section>
    <section class="card">
      <h2 class="section-title">{{ i18n.t('caseFiles.archive.headings') }}</h2>
      <form class="inline" novalidate (ngSubmit)="addHeading()">
        <div class="field">
          <label for="h-year">{{ i18n.t('caseFiles.archive.headingYear') }}</label>
          <input id="h-year" name="year" type="number" data-testid="heading-year" [(ngModel)]="heading.year" />
        </div>
        <div class="field">
          <label for="h-code">{{ i18n.t('caseFiles.archive.headingCode') }}</label>
          <input id="h-code" name="code" maxlength="20" data-testid="heading-code" [(ngModel)]="heading.code" />
        </div>
        <div class="field">
          <label for="h-title">{{ i18n.t('caseFiles.archive.headingTitle') }}</label>
          <input id="h-title" name="title" maxlength="300" data-testid="heading-title" [(ngModel)]="heading.title" />
        </div>
        <button type="submit" class="btn" data-testid="heading-submit" [disabled]="!heading.code.trim() || !heading.title.trim()">
          {{ i18n.t('caseFiles.archive.headingAdd') }}
        </button>
      </form>
    </section>
    <section class="card">
      <h2 class="section-title">{{ i18n.t('caseFiles.archive.import') }}</h2>
      <div class="inline">
        <input type="file" accept=".zip,application/zip" data-testid="archive-import-file" (change)="pick($event)" />
        <button type="button" class="btn btn-primary" data-testid="archive-import-submit" [disabled]="!pkg()" (click)="importPackage()">
          {{ i18n.t('caseFiles.archive.importSubmit') }}
        </button>
      </div>
    </section>
  `,
})
export class ArchivePage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(CaseFilesApi);
  protected readonly due = signal<CaseFileSummary[]>([]);
  protected readonly holdings = signal<CaseFileSummary[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly pkg = signal<File | null>(null);
  protected heading = { year: new Date().getFullYear(), code: '', title: '' };

  ngOnInit(): void {
    this.load();
  }

  protected statusKey(s: string): TranslationKey {
    return `caseFiles.status.${s}` as TranslationKey;
  }

  private load(): void {
    const fail = (err: unknown) => this.problem.set(toProblem(err));
    this.api.transfersDue().subscribe({ next: (r) => this.due.set(r.items), error: fail });
    this.api.archive().subscribe({ next: (r) => this.holdings.set(r.items), error: fail });
  }

  protected addHeading(): void {
    this.api.addHeading({ year: Number(this.heading.year), code: this.heading.code.trim(), title: this.heading.title.trim() }).subscribe({
      next: (h) => {
        this.problem.set(null);
        this.notice.set(this.i18n.t('caseFiles.archive.headingAdded', { code: h.code }));
        this.heading = { ...this.heading, code: '', title: '' };
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected pick(event: Event): void {
    this.pkg.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected importPackage(): void {
    const file = this.pkg();
    if (!file) return;
    this.api.importPackage(file).subscribe({
      next: (f) => {
        this.problem.set(null);
        this.notice.set(this.i18n.t('caseFiles.archive.imported', { code: f.code }));
        this.load();
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
