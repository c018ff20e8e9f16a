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
  templateUrl: './archive-page.html',
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
