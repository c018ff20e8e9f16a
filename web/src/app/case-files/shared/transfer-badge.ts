import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import type { CaseFileSummary } from '../case-files.models';

/** "Due / overdue for the archive" on a closed file that must be transferred (nothing for the others). */
@Component({
  selector: 'vt-transfer-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe],
  styles: `
    .badge-red {
      background: var(--red);
      color: #fff;
    }
    .badge-amber {
      background: #fff4e0;
      color: #8a4b00;
    }
  `,
  template: `
    @if (file().transfer; as t) {
      <span
        class="badge"
        data-testid="transfer-badge"
        [attr.data-state]="t.state"
        [class.badge-red]="t.state === 'OVERDUE'"
        [class.badge-amber]="t.state === 'DUE' || t.state === 'SOON'"
        >{{ i18n.t(key(t.state)) }} · {{ t.dueDate | vtDate }}</span
      >
    }
  `,
})
export class TransferBadge {
  protected readonly i18n = inject(TranslationService);
  readonly file = input.required<CaseFileSummary>();
  protected key(state: string) {
    return `caseFiles.transferState.${state}` as Parameters<TranslationService['t']>[0];
  }
}
