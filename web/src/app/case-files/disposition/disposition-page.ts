import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { DispositionReport } from '../case-files.models';

/** /case-files/disposition — transferred files past their retention, the two approvals each needs, PDF/Excel. */
@Component({
  selector: 'vt-disposition-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../shared/case-files.css',
  templateUrl: './disposition-page.html',
})
export class DispositionPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly api = inject(CaseFilesApi);
  protected asOf = '';
  protected readonly report = signal<DispositionReport | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected capacityKey(c: string): TranslationKey {
    return `caseFiles.capacity.${c}` as TranslationKey;
  }

  protected load(): void {
    this.api.disposition(this.asOf || undefined).subscribe({
      next: (r) => {
        this.report.set(r);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
