import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import type { OutgoingRevision } from '../outgoing.models';
import { OutgoingLabels } from '../shared/outgoing-labels';

/** For the reviewers of a resubmitted draft: what changed since the version returned, file by file, and what it answers. */
@Component({
  selector: 'vt-revision-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe],
  styles: `
    .sha {
      font-family: ui-monospace, monospace;
      font-size: 0.78rem;
      word-break: break-all;
      color: var(--text-muted);
    }
    .change-CHANGED,
    .change-ADDED {
      font-weight: 600;
    }
  `,
  templateUrl: './revision-view.html',
})
export class RevisionView {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  protected readonly labels = inject(OutgoingLabels);
  readonly revision = input.required<OutgoingRevision>();
}
