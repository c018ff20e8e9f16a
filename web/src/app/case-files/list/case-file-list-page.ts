import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import { CASE_FILE_STATUSES, type CaseFileStatus, type CaseFileSummary } from '../case-files.models';
import { TransferBadge } from '../shared/transfer-badge';

/** /case-files — the catalogue of the caller's organisation, by year, unit and status, with the transfer badge. */
@Component({
  selector: 'vt-case-file-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, TransferBadge],
  styleUrl: '../shared/case-files.css',
  template: `
    <div class="page-head">
      <h1 class="page-title">{{ i18n.t('caseFiles.title') }}</h1>
      <div class="actions">
        <a class="btn btn-primary" routerLink="/case-files/new" data-testid="case-file-new">{{ i18n.t('caseFiles.newFile') }}</a>
        @if (archivistOrLeader()) {
          <a class="btn" routerLink="/case-files/archive" data-testid="case-file-archive-link">{{ i18n.t('caseFiles.archiveLink') }}</a>
          <a class="btn" routerLink="/case-files/disposition" data-testid="case-file-disposition-link">{{
            i18n.t('caseFiles.dispositionLink')
          }}</a>
        }
        @if (holdManager()) {
          <a class="btn" routerLink="/legal-holds" data-testid="legal-holds-link">{{ i18n.t('records.holds.screenTitle') }}</a>
        }
      </div>
    </div>
    <form class="filters inline" novalidate (ngSubmit)="load()">
      <div class="field">
        <label for="cf-year">{{ i18n.t('caseFiles.list.year') }}</label>
        <input id="cf-year" name="year" type="number" data-testid="case-file-filter-year" [(ngModel)]="year" />
      </div>
      <div class="field">
        <label for="cf-unit">{{ i18n.t('caseFiles.list.unit') }}</label>
        <select id="cf-unit" name="unit" data-testid="case-file-filter-unit" [(ngModel)]="unitId">
          <option value="">{{ i18n.t('caseFiles.list.allUnits') }}</option>
          @for (u of units(); track u.id) {
            <option [value]="u.id">{{ u.name }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="cf-status">{{ i18n.t('caseFiles.list.status') }}</label>
        <select id="cf-status" name="status" data-testid="case-file-filter-status" [(ngModel)]="status">
          <option value="">{{ i18n.t('caseFiles.list.allStatuses') }}</option>
          @for (s of statuses; track s) {
            <option [value]="s">{{ i18n.t(statusKey(s)) }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="cf-q">{{ i18n.t('caseFiles.list.q') }}</label>
        <input id="cf-q" name="q" data-testid="case-file-filter-q" [(ngModel)]="q" />
      </div>
      <button type="submit" class="btn" data-testid="case-file-filter-submit">{{ i18n.t('caseFiles.list.filter') }}</button>
    </form>
    <p class="small">
      <a data-testid="case-file-catalogue-pdf" [href]="api.catalogueUrl('pdf', catalogueYear())" download>{{
        i18n.t('caseFiles.list.cataloguePdf', { year: catalogueYear() })
      }}</a>
      ·
      <a data-testid="case-file-catalogue-xlsx" [href]="api.catalogueUrl('xlsx', catalogueYear())" download>{{
        i18n.t('caseFiles.list.catalogueXlsx')
      }}</a>
    </p>
    @if (problem(); as p) {
      <vt-problem-message data-testid="case-file-error" [problem]="p" />
    }
    <section class="card card-flush">
      @if (items().length) {
        <table class="table table-stack" data-testid="case-file-list">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('caseFiles.list.colCode') }}</th>
              <th scope="col">{{ i18n.t('caseFiles.list.colTitle') }}</th>
              <th scope="col">{{ i18n.t('caseFiles.list.colRetention') }}</th>
              <th scope="col">{{ i18n.t('caseFiles.list.colCreator') }}</th>
              <th scope="col">{{ i18n.t('caseFiles.list.colDocs') }}</th>
              <th scope="col">{{ i18n.t('caseFiles.list.colStatus') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of items(); track c.id) {
              <tr data-testid="case-file-row" [attr.data-case-file-id]="c.id" [attr.data-status]="c.status">
                <td class="nowrap" [attr.data-label]="i18n.t('caseFiles.list.colCode')">
                  {{ c.fileCode.fileNotation }} <span class="muted small">({{ c.fileCode.fileCatalog }})</span>
                </td>
                <td [attr.data-label]="i18n.t('caseFiles.list.colTitle')">
                  <a [routerLink]="['/case-files', c.id]">{{ c.title }}</a>
                </td>
                <td [attr.data-label]="i18n.t('caseFiles.list.colRetention')">{{ c.maintenance }}</td>
                <td [attr.data-label]="i18n.t('caseFiles.list.colCreator')">{{ c.creator.fullName }}</td>
                <td [attr.data-label]="i18n.t('caseFiles.list.colDocs')">{{ c.docTotal }}</td>
                <td [attr.data-label]="i18n.t('caseFiles.list.colStatus')">
                  <span class="badge" data-testid="case-file-status">{{ i18n.t(statusKey(c.status)) }}</span>
                  <vt-transfer-badge [file]="c" />
                </td>
              </tr>
            }
          </tbody>
        </table>
        <p class="muted small" data-testid="case-file-total">{{ i18n.t('caseFiles.list.total', { count: items().length }) }}</p>
      } @else if (loaded()) {
        <p class="empty" data-testid="case-file-empty">{{ i18n.t('caseFiles.list.empty') }}</p>
      }
    </section>
  `,
})
export class CaseFileListPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly api = inject(CaseFilesApi);
  private readonly auth = inject(AuthService);

  protected readonly statuses = CASE_FILE_STATUSES;
  protected year: number | null = null;
  /** The catalogue printed: the year filtered on, else the latest year listed, else this year. */
  protected readonly catalogueYear = computed(() => this.shownYear() ?? this.items()[0]?.fileCode.fileCatalog ?? new Date().getFullYear());
  private readonly shownYear = signal<number | null>(null);
  protected unitId = '';
  protected status: CaseFileStatus | '' = '';
  protected q = '';
  protected readonly items = signal<CaseFileSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly seenUnits = signal(new Map<string, string>());
  protected readonly units = computed(() => [...this.seenUnits()].map(([id, name]) => ({ id, name })));
  protected readonly archivistOrLeader = computed(() =>
    (this.auth.me()?.roles ?? []).some((g) => ['LUU_TRU', 'LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'].includes(g.role)),
  );

  /** Archivists and administrators place and lift legal holds (the server decides on which organisations). */
  protected readonly holdManager = computed(() => (this.auth.me()?.roles ?? []).some((g) => ['LUU_TRU', 'QUAN_TRI'].includes(g.role)));

  ngOnInit(): void {
    this.load();
  }

  protected statusKey(s: CaseFileStatus): TranslationKey {
    return `caseFiles.status.${s}`;
  }

  protected load(): void {
    this.api.list({ year: this.year, unitId: this.unitId, status: this.status, q: this.q.trim() }).subscribe({
      next: (res) => {
        this.items.set(res.items);
        this.shownYear.set(this.year ? Number(this.year) : null);
        // Units offered by the filter: those the catalogue names (kept across filtering).
        const units = new Map(this.seenUnits());
        for (const c of res.items) if (c.unitId && c.unitName) units.set(c.unitId, c.unitName);
        this.seenUnits.set(units);
        this.loaded.set(true);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
