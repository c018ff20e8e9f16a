import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import type { ExchangeDelivery } from '../outgoing.models';

/** A recipient's progress over the exchange axis: status, refusal reason or last send error, and (optionally) the history. */
@Component({
  selector: 'vt-exchange-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe],
  styles: `
    .danger {
      background: var(--red);
      color: #fff;
    }
    ol {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
    }
  `,
  templateUrl: './exchange-status.html',
})
export class ExchangeStatusView {
  protected readonly i18n = inject(TranslationService);
  readonly exchange = input.required<ExchangeDelivery>();
  readonly withHistory = input(false);

  protected label(status: string): string {
    return this.i18n.t(`exchange.outgoing.status.${status}` as TranslationKey);
  }

  /**
   * "Đang xử lý (05): Đang giải quyết" — joined here, not in the template, where a line break before the colon
   * (as Prettier writes it) becomes a space: "(05) : …".
   */
  protected historyText(h: ExchangeDelivery['history'][number]): string {
    const code = h.statusCode ? ` (${h.statusCode})` : '';
    return `${this.label(h.status)}${code}${h.description ? `: ${h.description}` : ''}`;
  }
}
