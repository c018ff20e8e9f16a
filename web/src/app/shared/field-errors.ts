import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { Problem } from '../core/api.models';
import { fieldErrors } from '../core/problem';
import { fieldMessage } from '../i18n/field-messages';
import { TranslationService } from '../i18n/translation.service';

/**
 * Messages for one form field: the client-side "required" message when `missing` is set,
 * then the server's `errors[]` entries whose `path` matches.
 */
@Component({
  selector: 'vt-field-errors',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (missing()) {
      <p class="field-error">{{ i18n.t(select() ? 'common.requiredSelect' : 'common.required') }}</p>
    }
    @for (e of errors(); track $index) {
      <p class="field-error" [attr.data-path]="e.path" [attr.title]="e.message">{{ message(e.message) }}</p>
    }
  `,
})
export class FieldErrors {
  protected readonly i18n = inject(TranslationService);
  readonly problem = input<Problem | null>(null);
  readonly path = input.required<string>();
  readonly missing = input(false);
  readonly select = input(false);

  protected readonly errors = computed(() => fieldErrors(this.problem(), this.path()));

  /** The server's English message, in Vietnamese when the UI is. */
  protected message(text: string): string {
    return fieldMessage(text, this.i18n.lang(), (k, p) => this.i18n.t(k, p), this.problem());
  }
}
