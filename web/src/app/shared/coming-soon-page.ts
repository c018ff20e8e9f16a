import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { Routes } from '@angular/router';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';

/**
 * Placeholder for capabilities that are not built yet. The module name comes from the route
 * data (`titleKey`), bound to the input by `withComponentInputBinding()`.
 */
@Component({
  selector: 'vt-coming-soon-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card coming-soon">
      <h1 class="page-title">{{ i18n.t(titleKey()) }}</h1>
      <p class="muted">{{ i18n.t('comingSoon.line') }}</p>
    </section>
  `,
})
export class ComingSoonPage {
  protected readonly i18n = inject(TranslationService);
  readonly titleKey = input<TranslationKey>('nav.dashboard');
}

/** Routes of a feature that is still a placeholder. */
export function comingSoonRoutes(titleKey: TranslationKey): Routes {
  return [{ path: '', component: ComingSoonPage, data: { titleKey } }];
}
