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
  templateUrl: './case-file-create-page.html',
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
