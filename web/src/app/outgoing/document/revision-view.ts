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
  template: `
    <section class="card" data-testid="revision" [attr.data-from]="revision().fromVersion" [attr.data-to]="revision().toVersion">
      <h2 class="section-title">{{ i18n.t('workflow.revision.title', { from: revision().fromVersion }) }}</h2>
      <p class="muted small">{{ i18n.t('workflow.revision.intro', { to: revision().toVersion }) }}</p>
      <table class="table table-stack" data-testid="revision-files">
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('workflow.revision.colFile') }}</th>
            <th scope="col">{{ i18n.t('workflow.revision.colChange') }}</th>
            <th scope="col">{{ i18n.t('workflow.revision.colBefore') }}</th>
            <th scope="col">{{ i18n.t('workflow.revision.colAfter') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (f of revision().files; track $index) {
            <tr data-testid="revision-file" [attr.data-role]="f.role" [attr.data-change]="f.change">
              <td [attr.data-label]="i18n.t('workflow.revision.colFile')">{{ labels.t('fileRole', f.role) }}</td>
              <td [attr.data-label]="i18n.t('workflow.revision.colChange')" [class]="'change-' + f.change">
                {{ wt('workflow.revision.change.' + f.change) }}
              </td>
              <td [attr.data-label]="i18n.t('workflow.revision.colBefore')">
                @if (f.before; as b) {
                  {{ b.originalName }}
                  <div class="sha" [attr.title]="b.sha256">SHA-256 {{ b.sha256.slice(0, 16) }}…</div>
                } @else {
                  —
                }
              </td>
              <td [attr.data-label]="i18n.t('workflow.revision.colAfter')">
                @if (f.after; as a) {
                  {{ a.originalName }}
                  <div class="sha" [attr.title]="a.sha256">SHA-256 {{ a.sha256.slice(0, 16) }}…</div>
                } @else {
                  —
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (revision().reasons.length) {
        <h3 class="small">{{ i18n.t('workflow.revision.reasons') }}</h3>
        <ul class="comments" data-testid="revision-reasons">
          @for (r of revision().reasons; track r.version) {
            <li>
              <span class="muted small">{{ i18n.t('workflow.revision.version', { n: r.version }) }}</span>
              <div class="pre">{{ r.reason }}</div>
            </li>
          }
        </ul>
      }
      <h3 class="small">{{ i18n.t('workflow.revision.comments') }}</h3>
      <ul class="comments" data-testid="revision-comments">
        @for (c of revision().commentsAnswered; track $index) {
          <li data-testid="revision-comment">
            <strong>{{ c.author.fullName }}</strong>&nbsp;<span class="muted small"
              >{{ i18n.t('workflow.revision.version', { n: c.version }) }} · {{ c.createdAt | vtDate }}</span
            >
            <div class="pre">{{ c.body }}</div>
          </li>
        } @empty {
          <li class="muted small">{{ i18n.t('workflow.revision.noComments') }}</li>
        }
      </ul>
    </section>
  `,
})
export class RevisionView {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  protected readonly labels = inject(OutgoingLabels);
  readonly revision = input.required<OutgoingRevision>();
}
