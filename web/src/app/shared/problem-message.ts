import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { Problem } from '../core/api.models';
import { normalisePath } from '../core/problem';
import { fieldMessage } from '../i18n/field-messages';
import { TranslationService } from '../i18n/translation.service';

/**
 * Shows an API problem in the current language: the (Vietnamese) `title` in vi, the (English)
 * `detail` in en. The element's text is just that message (plus unplaced field errors); the code
 * and request id are exposed as `data-code` / `data-request-id` and as a tooltip for support. Field errors whose path is not in `fieldPaths` (i.e. not shown next to a
 * field) are listed underneath so that nothing is lost.
 */
@Component({
  selector: 'vt-problem-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'alert',
    class: 'alert alert-error',
    '[attr.data-code]': 'problem().code',
    '[attr.data-request-id]': 'problem().requestId ?? null',
    '[attr.title]': "problem().requestId ? i18n.t('errors.requestId') + ': ' + problem().requestId : null",
  },
  template: `
    <p class="alert-text">{{ message() }}</p>
    @if (otherErrors().length) {
      <ul class="alert-list">
        @for (e of otherErrors(); track $index) {
          <li [attr.title]="e.path + ': ' + e.message">
            {{ i18n.lang() === 'en' && e.path ? e.path + ': ' : '' }}{{ fieldText(e.message) }}
          </li>
        }
      </ul>
    }
  `,
})
export class ProblemMessage {
  protected readonly i18n = inject(TranslationService);
  readonly problem = input.required<Problem>();
  /** Paths that are displayed next to their fields by the parent form. */
  readonly fieldPaths = input<readonly string[]>([]);

  protected readonly message = computed(() => {
    const p = this.problem();
    return this.i18n.lang() === 'en' ? p.detail || p.title : p.title || p.detail;
  });

  /**
   * Field errors not shown next to a field. In Vietnamese, only for a generic validation problem: a specific
   * problem's title already says in Vietnamese what its (English) field messages say.
   */
  protected readonly otherErrors = computed(() => {
    const shown = new Set(this.fieldPaths().map(normalisePath));
    if (this.i18n.lang() === 'vi' && this.problem().code && this.problem().code !== 'validation') return [];
    return (this.problem().errors ?? []).filter((e) => !shown.has(normalisePath(e.path)));
  });

  protected fieldText(text: string): string {
    return fieldMessage(text, this.i18n.lang(), (k, p) => this.i18n.t(k, p), this.problem());
  }
}
