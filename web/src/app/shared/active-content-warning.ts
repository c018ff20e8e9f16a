import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';

export type ActiveContentKind = 'javascript' | 'launch' | 'open_action' | 'additional_actions' | 'other_action';

/** The warning for a PDF that arrived with scripts or launch actions (issue 16 §6): what it had, what was done. */
@Component({
  selector: 'vt-active-content-warning',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // A block of its own under the file's line (file lists are wrapping flex rows).
  styles: [':host { display: block; flex-basis: 100%; } p { margin: 0; }'],
  template: `<p class="alert alert-error" role="note" data-testid="active-content">{{ text() }}</p>`,
})
export class ActiveContentWarning {
  private readonly i18n = inject(TranslationService);
  readonly kinds = input.required<readonly ActiveContentKind[]>();
  readonly context = input.required<'incoming' | 'outgoing' | 'result'>();
  protected readonly text = computed(() =>
    this.i18n.t(`activeContent.${this.context()}`, {
      kinds: this.kinds()
        .map((k) => this.i18n.t(`activeContent.kind.${k}` as TranslationKey))
        .join(', '),
    }),
  );
}
