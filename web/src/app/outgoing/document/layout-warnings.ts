import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import { OutgoingApi } from '../outgoing-api.service';
import type { LayoutReport } from '../outgoing.models';

/**
 * The main PDF's layout as issuance will use it: warnings (no signature block found, authority prefix not
 * matching the signer, no blank for the number or date) for the format check, the signer and the clerk; with
 * `summary`, also where the signature will go when all is well; with `preview`, the pages as they will look.
 */
@Component({
  selector: 'vt-layout-warnings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './layout-warnings.html',
  styles: `
    .layout-preview {
      margin: 0 0 12px;
    }
    .layout-preview .pages {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .layout-preview img {
      width: 100%;
      max-width: 380px;
      border: 1px solid #d5dbe5;
      background: #fff;
    }
    .alert-warning {
      background: #fff8e6;
      border-color: #f0d9a0;
      border-left: 4px solid #c98a00;
      color: #5c4000;
    }
    .alert-warning p.small {
      margin: 6px 0 0;
    }
  `,
})
export class LayoutWarnings {
  protected readonly i18n = inject(TranslationService);
  readonly layout = input.required<LayoutReport>();
  readonly summary = input(false);
  /** With a document: a preview of the pages (page 1 and the signature page; `signatureOnly`: that one). */
  readonly preview = input<{ id: string; currentVersion: number } | null>(null);
  readonly signatureOnly = input(false);
  protected readonly api = inject(OutgoingApi);
  protected readonly previewOf = computed(() => this.preview());
  protected readonly block = computed(() => {
    const b = this.layout().signatureBlock;
    return b && [...b.authority.filter((a) => a !== b.position), b.position, b.name].join(' / ');
  });
}
