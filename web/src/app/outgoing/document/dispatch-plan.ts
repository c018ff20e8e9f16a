import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { OutgoingApi } from '../outgoing-api.service';

/**
 * In the dispatch dialog: how each recipient will be reached, and a warning for those the system cannot reach
 * electronically (exchange off, no organ code), which the clerk sends by post, e-mail or hand afterwards.
 */
@Component({
  selector: 'vt-dispatch-plan',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (plan.hasValue()) {
      @if (manual().length) {
        <div class="alert alert-warning" role="status" data-testid="dispatch-manual-warning">
          <p class="alert-text">{{ i18n.t('workflow.dispatch.manualWarning', { n: manual().length }) }}</p>
        </div>
      }
      <p class="small">
        <strong>{{ i18n.t('workflow.dispatch.planTitle') }}</strong>
      </p>
      <ul class="small" data-testid="dispatch-plan">
        @for (r of plan.value().items; track r.recipientId) {
          <li data-testid="dispatch-plan-item" [attr.data-channel]="r.channel">
            {{ r.name }} — <strong>{{ wt('workflow.dispatch.channel.' + r.channel) }}</strong>
            @if (r.reason) {
              <span class="muted">&nbsp;({{ wt('workflow.dispatch.reason.' + r.reason) }})</span>
            }
          </li>
        }
      </ul>
    }
  `,
})
export class DispatchPlanView {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  private readonly api = inject(OutgoingApi);

  readonly documentId = input.required<string>();
  protected readonly plan = rxResource({ params: () => this.documentId(), stream: ({ params }) => this.api.dispatchPlan(params) });
  protected readonly manual = computed(() => (this.plan.hasValue() ? this.plan.value().items.filter((r) => r.channel === 'MANUAL') : []));
}
