import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';

/** /case-files/new — open a case file (mở hồ sơ) for the caller's unit: FileCode notation, title, retention. */
@Component({
  selector: 'vt-case-file-create-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, FieldErrors],
  styleUrl: '../shared/case-files.css',
  template: `
    <p>
      <a routerLink="/case-files">← {{ i18n.t('caseFiles.backToList') }}</a>
    </p>
    <h1 class="page-title">{{ i18n.t('caseFiles.form.title') }}</h1>
    <form class="card" novalidate (ngSubmit)="submit()">
      @if (problem(); as p) {
        <vt-problem-message data-testid="case-file-create-error" [problem]="p" [fieldPaths]="fields" />
      }
      <div class="field">
        <label for="cf-year">{{ i18n.t('caseFiles.form.year') }}</label>
        <input id="cf-year" name="year" type="number" required data-testid="case-file-year" [(ngModel)]="year" (change)="loadHeadings()" />
        <vt-field-errors path="year" [problem]="problem()" />
      </div>
      <div class="field">
        <label for="cf-unit">{{ i18n.t('caseFiles.form.unit') }}</label>
        <select id="cf-unit" name="unit" data-testid="case-file-unit" [(ngModel)]="unitId">
          <option value="">{{ i18n.t('caseFiles.form.noUnit') }}</option>
          @for (u of units(); track u.id) {
            <option [value]="u.id">{{ u.name }}</option>
          }
        </select>
        <vt-field-errors path="unitId" [problem]="problem()" />
      </div>
      @if (headings().length) {
        <div class="field">
          <label for="cf-heading">{{ i18n.t('caseFiles.form.heading') }}</label>
          <select id="cf-heading" name="heading" data-testid="case-file-heading" [(ngModel)]="headingId">
            <option value="">{{ i18n.t('caseFiles.form.noHeading') }}</option>
            @for (h of headings(); track h.id) {
              <option [value]="h.id">{{ h.code }} — {{ h.title }}</option>
            }
          </select>
        </div>
      }
      <div class="field">
        <label for="cf-notation">{{ i18n.t('caseFiles.form.notation') }}</label>
        <input id="cf-notation" name="notation" required maxlength="20" data-testid="case-file-notation" [(ngModel)]="notation" />
        <vt-field-errors path="notation" [problem]="problem()" />
      </div>
      <div class="field">
        <label for="cf-title">{{ i18n.t('caseFiles.form.fileTitle') }}</label>
        <input id="cf-title" name="title" required maxlength="500" data-testid="case-file-title-input" [(ngModel)]="title" />
        <vt-field-errors path="title" [problem]="problem()" />
      </div>
      <div class="field">
        <label for="cf-retention">{{ i18n.t('caseFiles.form.retention') }}</label>
        <select id="cf-retention" name="retention" data-testid="case-file-retention-input" [(ngModel)]="retention">
          <option value="permanent">{{ i18n.t('caseFiles.form.permanent') }}</option>
          @for (y of levels; track y) {
            <option [value]="y">{{ i18n.t('workflow.caseFiles.yearsCount', { n: y }) }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="cf-start">{{ i18n.t('caseFiles.form.startDate') }}</label>
        <input id="cf-start" name="startDate" type="date" data-testid="case-file-start-date" [(ngModel)]="startDate" />
      </div>
      <div class="field">
        <label for="cf-rights">{{ i18n.t('caseFiles.form.rights') }}</label>
        <input id="cf-rights" name="rights" maxlength="30" data-testid="case-file-rights" [(ngModel)]="rights" />
      </div>
      <div class="field">
        <label for="cf-desc">{{ i18n.t('caseFiles.form.description') }}</label>
        <input id="cf-desc" name="description" maxlength="500" data-testid="case-file-description" [(ngModel)]="description" />
      </div>
      <button type="submit" class="btn btn-primary" data-testid="case-file-create-submit" [disabled]="busy()">
        {{ i18n.t('caseFiles.form.submit') }}
      </button>
    </form>
  `,
})
export class CaseFileCreatePage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(CaseFilesApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly orgs = inject(OrganisationsService);

  /** Units of the caller's organisation; their own unit is preselected. */
  protected readonly units = computed(() =>
    (this.orgs.byId().get(this.auth.me()?.organisation.id ?? '')?.units ?? []).filter((u) => u.active),
  );
  protected readonly headings = signal<{ id: string; code: string; title: string }[]>([]);
  protected unitId = this.auth.me()?.unit?.id ?? '';
  protected headingId = '';
  protected readonly fields = ['year', 'unitId', 'headingId', 'notation', 'title', 'retentionYears', 'startDate'];
  protected readonly levels = [5, 10, 20, 50, 70];
  protected year = new Date().getFullYear();
  protected notation = '';
  protected title = '';
  protected retention = '10';
  protected startDate = '';
  protected rights = 'Công khai';
  protected description = '';
  protected readonly problem = signal<Problem | null>(null);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    this.orgs.load().subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
    this.loadHeadings();
  }

  /** Headings (đề mục) of the chosen year's catalogue. */
  protected loadHeadings(): void {
    this.headingId = '';
    this.api.catalogue(Number(this.year)).subscribe({ next: (c) => this.headings.set(c.headings), error: () => this.headings.set([]) });
  }

  protected submit(): void {
    this.busy.set(true);
    this.api
      .create({
        year: Number(this.year),
        unitId: this.unitId || null,
        headingId: this.headingId || null,
        notation: this.notation.trim(),
        title: this.title.trim(),
        retentionYears: this.retention === 'permanent' ? null : Number(this.retention),
        rights: this.rights.trim() || undefined,
        startDate: this.startDate || undefined,
        description: this.description.trim() || null,
      })
      .subscribe({
        next: (f) => void this.router.navigate(['/case-files', f.id]),
        error: (err: unknown) => {
          this.busy.set(false);
          this.problem.set(toProblem(err));
        },
      });
  }
}
