import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import type { IncomingComment } from '../incoming.models';
import { VtDatePipe } from '../shared/vt-date.pipe';

/** Comments (ý kiến trao đổi) on a document, with a box when the server allows 'comment'. */
@Component({
  selector: 'vt-comments-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors, VtDatePipe],
  styleUrl: '../shared/incoming.css',
  styles: `
    ul {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
    }
    li {
      padding: 8px 0;
      border-bottom: 1px solid var(--border);
    }
    .body {
      margin: 4px 0 0;
      white-space: pre-line;
    }
  `,
  templateUrl: './comments-panel.html',
})
export class CommentsPanel {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(IncomingApi);

  readonly documentId = input.required<string>();
  readonly comments = input<readonly IncomingComment[]>([]);
  readonly canComment = input(false);
  readonly posted = output<void>();

  protected body = '';
  protected readonly working = signal(false);
  protected readonly submitted = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected post(): void {
    this.submitted.set(true);
    const body = this.body.trim();
    if (!body || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.api.comment(this.documentId(), { body }).subscribe({
      next: () => {
        this.working.set(false);
        this.submitted.set(false);
        this.body = '';
        this.posted.emit();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
