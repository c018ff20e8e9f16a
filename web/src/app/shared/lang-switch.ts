import { ApplicationRef, ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslationService } from '../i18n/translation.service';

/** Button that switches vi ⇄ en; its label names the other language. */
@Component({
  selector: 'vt-lang-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="btn btn-ghost lang-switch"
      data-testid="lang-switch"
      [attr.lang]="i18n.otherLang()"
      [title]="i18n.t('lang.switchTitle')"
      (click)="switch()"
    >
      <span aria-hidden="true">⇄</span> {{ i18n.t('lang.switchTo') }}
    </button>
  `,
})
export class LangSwitch {
  protected readonly i18n = inject(TranslationService);
  private readonly appRef = inject(ApplicationRef);

  protected switch(): void {
    this.i18n.toggle();
    // Re-render the whole page in the new language before the click handler returns, so the
    // page never shows a mix of languages (zoneless change detection would otherwise run a frame later).
    this.appRef.tick();
  }
}
