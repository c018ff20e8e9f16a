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
  template: `
    @let x = exchange();
    <span
      class="badge"
      data-testid="exchange-status"
      [attr.data-status]="x.status"
      [class.danger]="x.status === 'REFUSED' || x.status === 'FAILED'"
      >{{ label(x.status) }}</span
    >
    @if (x.status === 'REFUSED' && x.reason) {
      <div class="small" data-testid="exchange-reason">{{ i18n.t('exchange.outgoing.reason', { reason: x.reason }) }}</div>
    } @else if (x.lastError && (x.status === 'QUEUED' || x.status === 'FAILED')) {
      <div class="small muted" data-testid="exchange-error">{{ i18n.t('exchange.outgoing.lastError', { error: x.lastError }) }}</div>
    }
    @if (withHistory() && x.history.length) {
      <details class="small">
        <summary>{{ i18n.t('exchange.outgoing.history') }}</summary>
        <ol data-testid="exchange-history">
          @for (h of x.history; track $index) {
            <li [attr.data-code]="h.statusCode">
              {{ h.at | vtDate }} — {{ label(h.status) }}
              @if (h.statusCode) {
                ({{ h.statusCode }})
              }
              @if (h.description) {
                : {{ h.description }}
              }
              @if (!h.applied) {
                <span class="muted">{{ i18n.t('exchange.outgoing.notApplied') }}</span>
              }
            </li>
          }
        </ol>
      </details>
    }
  `,
})
export class ExchangeStatusView {
  protected readonly i18n = inject(TranslationService);
  readonly exchange = input.required<ExchangeDelivery>();
  readonly withHistory = input(false);

  protected label(status: string): string {
    return this.i18n.t(`exchange.outgoing.status.${status}` as TranslationKey);
  }
}
