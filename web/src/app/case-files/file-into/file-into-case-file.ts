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
  template: `
    @if (!open()) {
      <button type="button" class="btn" data-testid="file-into-case-file" (click)="start()">
        {{ i18n.t('caseFiles.fileInto.action') }}
      </button>
    } @else {
      <div class="inline" data-testid="file-into-dialog">
        @if (filedIn().length) {
          <p class="muted small" data-testid="file-into-filed">
            {{ i18n.t('caseFiles.fileInto.filedIn') }} <a [routerLink]="['/case-files', filedIn()[0]]">→</a>
          </p>
        } @else if (targets().length) {
          <div class="field">
            <label for="file-into-select">{{ i18n.t('caseFiles.fileInto.caseFile') }}</label>
            <select id="file-into-select" name="caseFile" data-testid="case-file-select" [(ngModel)]="chosen">
              <option value="">{{ i18n.t('caseFiles.fileInto.choose') }}</option>
              @for (t of targets(); track t.id) {
                <option [value]="t.id">{{ t.code }} — {{ t.title }}</option>
              }
            </select>
          </div>
          <button type="button" class="btn btn-primary" data-testid="file-submit" [disabled]="!chosen" (click)="submit()">
            {{ i18n.t('caseFiles.fileInto.submit') }}
          </button>
        } @else if (loaded()) {
          <p class="muted small" data-testid="file-into-none">{{ i18n.t('caseFiles.fileInto.none') }}</p>
        }
      </div>
    }
    @if (done(); as d) {
      <p class="alert alert-success" role="status" data-testid="file-into-done">{{ d }}</p>
    }
    @if (problem(); as p) {
      <vt-problem-message data-testid="file-into-error" [problem]="p" />
    }
  `,
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
