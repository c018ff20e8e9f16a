import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import type { LayoutReport } from '../outgoing.models';

/**
 * The main PDF's layout as issuance will use it: warnings (no signature block found, authority prefix not
 * matching the signer, no blank for the number or date) for the format check, the signer and the clerk; with
 * `summary`, also where the signature will go when all is well.
 */
@Component({
  selector: 'vt-layout-warnings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (layout().warnings.length) {
      <div class="alert alert-warning" role="status" data-testid="layout-warnings">
        <p class="alert-text">{{ i18n.t('layout.title') }}</p>
        <ul class="alert-list">
          @for (w of layout().warnings; track w.code) {
            <li [attr.data-code]="w.code">{{ i18n.lang() === 'vi' ? w.vi : w.en }}</li>
          }
        </ul>
        @if (block(); as b) {
          <p class="small">{{ i18n.t('layout.block') }}: <strong>{{ b }}</strong>
            @if (layout().expectedAuthority; as e) { · {{ i18n.t('layout.expected') }}: <strong>{{ e }}</strong> }
          </p>
        }
      </div>
    } @else if (summary()) {
      <p class="muted small" data-testid="layout-summary">
        @if (layout().signatureBlock; as b) {
          {{ i18n.t('layout.found', { position: b.position, name: b.name, page: b.page + 1 }) }}
        } @else {
          {{ i18n.t('layout.notFound') }}
        }
      </p>
    }
  `,
  styles: `
    .alert-warning { background: #fff8e6; border-color: #f0d9a0; border-left: 4px solid #c98a00; color: #5c4000; }
    .alert-warning p.small { margin: 6px 0 0; }
  `,
})
export class LayoutWarnings {
  protected readonly i18n = inject(TranslationService);
  readonly layout = input.required<LayoutReport>();
  readonly summary = input(false);
  protected readonly block = computed(() => {
    const b = this.layout().signatureBlock;
    return b && [...b.authority.filter((a) => a !== b.position), b.position, b.name].join(' / ');
  });
}
