import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { DocumentKind, FileTarget } from '../case-files.models';

/**
 * "Lập hồ sơ / File into case file" on an incoming or outgoing document page: opens a picker of the open case
 * files the caller may file into, and files the document at the next position.
 */
@Component({
  selector: 'vt-file-into-case-file',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage],
  styles: `
    .inline {
      display: flex;
      gap: 8px;
      align-items: flex-end;
      flex-wrap: wrap;
      margin-top: 8px;
    }
  `,
  templateUrl: './file-into-case-file.html',
})
export class FileIntoCaseFile {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(CaseFilesApi);

  readonly kind = input.required<DocumentKind>();
  readonly documentId = input.required<string>();

  protected readonly open = signal(false);
  protected readonly loaded = signal(false);
  protected readonly targets = signal<FileTarget[]>([]);
  protected readonly filedIn = signal<string[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly done = signal<string | null>(null);
  protected chosen = '';

  protected start(): void {
    this.open.set(true);
    this.done.set(null);
    this.api.targets(this.kind(), this.documentId()).subscribe({
      next: (r) => {
        this.targets.set(r.items);
        this.filedIn.set(r.filedIn);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected submit(): void {
    const target = this.targets().find((t) => t.id === this.chosen);
    if (!target) return;
    this.api.fileDocument(target.id, this.kind(), this.documentId()).subscribe({
      next: () => {
        this.open.set(false);
        this.problem.set(null);
        this.filedIn.set([target.id]);
        this.done.set(this.i18n.t('caseFiles.fileInto.done', { code: target.code }));
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
