import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import type { Extraction } from '../incoming.models';

/** State of the text-extraction job of a file ("scanned, no text" for NO_TEXT). */
@Component({
  selector: 'vt-extraction-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      class="badge"
      [class.badge-on]="cls() === 'on'"
      [class.badge-off]="cls() === 'off'"
      data-testid="extraction-state"
      [attr.data-state]="extraction().state"
      [attr.data-ocr]="extraction().ocr?.state ?? null"
      [attr.title]="extraction().ocr?.error ?? extraction().error ?? null"
      role="status"
      >{{ label() }}</span
    >
  `,
})
export class ExtractionBadge {
  protected readonly i18n = inject(TranslationService);
  readonly extraction = input.required<Extraction>();

  protected readonly label = computed(() => {
    const e = this.extraction();
    // A scan sent to OCR: its progress says more than "no text".
    if (e.ocr) return this.i18n.t(`incoming.ocr.${e.ocr.state}`, { pages: e.pageCount ?? '—' });
    return this.i18n.t(`incoming.extraction.${e.state}`, { pages: e.pageCount ?? '—' });
  });

  protected readonly cls = computed(() => {
    const e = this.extraction();
    const s = e.ocr ? e.ocr.state : e.state;
    return s === 'DONE' ? 'on' : s === 'FAILED' || s === 'UNAVAILABLE' ? 'off' : '';
  });
}
