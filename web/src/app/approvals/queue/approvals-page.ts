import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { OutgoingApi } from '../../outgoing/outgoing-api.service';
import { type ApprovalQueueItem, isRedUrgency } from '../../outgoing/outgoing.models';
import { OutgoingLabels } from '../../outgoing/shared/outgoing-labels';
import { ProblemMessage } from '../../shared/problem-message';

/** /approvals — "my approvals": outgoing documents whose current step waits for me (or for a leader I stand in for). */
@Component({
  selector: 'vt-approvals-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../../outgoing/shared/outgoing.css',
  template: `
    <div class="page-head">
      <h1 class="page-title">{{ i18n.t('outgoing.approvals.title') }}</h1>
      <div class="actions">
        <a class="btn" routerLink="/approvals/delegations" data-testid="delegations-link">{{
          i18n.t('outgoing.approvals.delegationsLink')
        }}</a>
        <a class="btn" routerLink="/outgoing">{{ i18n.t('outgoing.backToList') }}</a>
      </div>
    </div>
    <p class="muted">{{ i18n.t('outgoing.approvals.intro') }}</p>
    @if (problem(); as p) {
      <vt-problem-message data-testid="approvals-error" [problem]="p" />
    }
    <section class="card card-flush">
      @if (items().length) {
        <table class="table table-stack" data-testid="approvals">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('outgoing.approvals.colSubject') }}</th>
              <th scope="col">{{ i18n.t('outgoing.approvals.colStep') }}</th>
              <th scope="col">{{ i18n.t('outgoing.approvals.colAuthor') }}</th>
              <th scope="col">{{ i18n.t('outgoing.approvals.colSince') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (a of items(); track a.documentId) {
              <tr data-testid="approval-item" [attr.data-document-id]="a.documentId">
                <td [attr.data-label]="i18n.t('outgoing.approvals.colSubject')">
                  <a [routerLink]="['/outgoing', a.documentId]">{{ a.subject }}</a>
                  @if (a.urgency !== 'THUONG') {
                    <span class="badge" [class.badge-red]="isRed(a.urgency)" [class.badge-amber]="!isRed(a.urgency)">{{
                      labels.t('urgency', a.urgency)
                    }}</span>
                  }
                  @if (a.onBehalfOf; as b) {
                    <div class="small" data-testid="approval-on-behalf">
                      {{ i18n.t('outgoing.approvals.onBehalfOf', { name: b.fullName }) }}
                    </div>
                  }
                  @if (a.dutyConflict) {
                    <div class="small muted" data-testid="approval-duty-conflict">
                      {{ i18n.t(a.dutyConflict === 'OWN_DRAFT' ? 'access.separation.ownDraft' : 'access.separation.approvedBefore') }}
                    </div>
                  }
                </td>
                <td [attr.data-label]="i18n.t('outgoing.approvals.colStep')">
                  {{ i18n.t('outgoing.doc.step', { n: a.step.ordinal }) }}: {{ a.step.label }}
                  @if (a.step.isSigner) {
                    <span class="badge">{{ i18n.t('outgoing.doc.signerStep') }}</span>
                  }
                  <div class="muted small">
                    {{ labels.t('mode', a.step.mode) }} · {{ i18n.t('outgoing.doc.versionN', { n: a.version }) }}
                  </div>
                  @if (a.version > 1) {
                    <span class="badge badge-warning" data-testid="approval-revised">{{ i18n.t('workflow.revision.queueBadge') }}</span>
                  }
                </td>
                <td [attr.data-label]="i18n.t('outgoing.approvals.colAuthor')">{{ a.author.fullName }}</td>
                <td [attr.data-label]="i18n.t('outgoing.approvals.colSince')" class="nowrap">{{ a.waitingSince | vtDate }}</td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (loaded()) {
        <p class="empty" data-testid="approvals-empty">{{ i18n.t('outgoing.approvals.empty') }}</p>
      }
    </section>
  `,
})
export class ApprovalsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);
  protected readonly isRed = isRedUrgency;

  protected readonly items = signal<ApprovalQueueItem[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.api.approvals().subscribe({
      next: (items) => {
        this.items.set(items);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
