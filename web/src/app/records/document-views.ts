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
  template: `
    <section class="card" data-testid="document-views">
      <h2 class="section-title">{{ i18n.t('records.views.title') }}</h2>
      @if (items(); as list) {
        @if (list.length) {
          <div class="table-wrap">
            <table class="table" data-testid="views-table">
              <thead>
                <tr>
                  <th>{{ i18n.t('records.views.when') }}</th>
                  <th>{{ i18n.t('records.views.who') }}</th>
                  <th>{{ i18n.t('records.views.what') }}</th>
                  <th>{{ i18n.t('records.views.address') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (v of list; track $index) {
                  <tr data-testid="view-row" [attr.data-what]="v.what">
                    <td>{{ v.at | vtDate }}</td>
                    <td>{{ v.userName }}</td>
                    <td>{{ whatLabel(v.what) }}</td>
                    <td class="muted">{{ v.ip ?? '' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p class="empty">{{ i18n.t('records.views.empty') }}</p>
        }
      } @else if (notAllowed()) {
        <p class="muted" data-testid="views-not-allowed">{{ i18n.t('records.views.notAllowed') }}</p>
      } @else if (problem(); as p) {
        <vt-problem-message [problem]="p" />
      } @else {
        <button type="button" class="btn" data-testid="views-load" (click)="load()">{{ i18n.t('records.views.show') }}</button>
      }
    </section>
  `,
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
