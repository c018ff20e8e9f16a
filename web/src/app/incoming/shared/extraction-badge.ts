import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import type { Extraction } from '../incoming.models';

/** State of the text-extraction job of a file ("scanned, no text" for NO_TEXT). */
@Component({
  selector: 'vt-extraction-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="badge" [class.badge-on]="cls() === 'on'" [class.badge-off]="cls() === 'off'"
      data-testid="extraction-state" [attr.data-state]="extraction().state" role="status">{{ label() }}</span>
  `,
})
export class ExtractionBadge {
  protected readonly i18n = inject(TranslationService);
  readonly extraction = input.required<Extraction>();

  protected readonly label = computed(() => {
    const e = this.extraction();
    return this.i18n.t(`incoming.extraction.${e.state}`, { pages: e.pageCount ?? '—' });
  });

  protected readonly cls = computed(() => {
    const s = this.extraction().state;
    return s === 'DONE' ? 'on' : s === 'FAILED' ? 'off' : '';
  });
}
