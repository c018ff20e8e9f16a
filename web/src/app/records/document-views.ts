import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import type { DocumentView } from './records.models';

/**
 * Lịch sử xem of a document page: who opened it or downloaded its files, when and from where. Loaded on
 * request (each open of the page is itself a recorded view; the list is for clerks and leaders only).
 */
@Component({
  selector: 'vt-document-views',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe, ProblemMessage],
  templateUrl: './document-views.html',
})
export class DocumentViews {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  readonly kind = input.required<'incoming' | 'outgoing'>();
  readonly documentId = input.required<string>();
  protected readonly items = signal<DocumentView[] | null>(null);
  protected readonly notAllowed = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  load(): void {
    this.http.get<{ items: DocumentView[] }>(`/api/${this.kind()}/${this.documentId()}/views`).subscribe({
      next: (r) => this.items.set(r.items),
      error: (err: unknown) => {
        const p = toProblem(err);
        if (p.status === 403) this.notAllowed.set(true);
        else this.problem.set(p);
      },
    });
  }

  protected whatLabel(what: string): string {
    return this.i18n.t(`records.views.${what}` as TranslationKey);
  }
}
