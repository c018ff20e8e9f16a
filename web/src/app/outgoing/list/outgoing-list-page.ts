import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import { OUTGOING_STATUSES, type OutgoingStatus, type OutgoingSummary } from '../outgoing.models';
import { OutgoingLabels } from '../shared/outgoing-labels';

/** /outgoing — the outgoing documents the caller may see, filtered by status or to their own drafts. */
@Component({
  selector: 'vt-outgoing-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../shared/outgoing.css',
  template: `
    <div class="page-head">
      <h1 class="page-title">{{ i18n.t('outgoing.title') }}</h1>
      <div class="actions">
        <a class="btn btn-primary" routerLink="/outgoing/new" data-testid="outgoing-new">{{ i18n.t('outgoing.newDraft') }}</a>
        <a class="btn" routerLink="/approvals" data-testid="outgoing-approvals-link">{{ i18n.t('outgoing.approvalsLink') }}</a>
        <a class="btn" routerLink="/outgoing/register" data-testid="outgoing-register-link">{{ i18n.t('outgoing.registerLink') }}</a>
      </div>
    </div>
    <p class="muted">{{ i18n.t('outgoing.list.intro') }}</p>
    <form class="filters inline" novalidate (ngSubmit)="load()">
      <div class="field">
        <label for="outgoing-status">{{ i18n.t('outgoing.list.status') }}</label>
        <select id="outgoing-status" name="status" data-testid="outgoing-filter-status" [(ngModel)]="status">
          <option value="">{{ i18n.t('outgoing.list.allStatuses') }}</option>
          @for (s of statuses; track s) {
            <option [value]="s">{{ labels.t('status', s) }}</option>
          }
        </select>
      </div>
      <label class="small"
        ><input type="checkbox" name="mine" data-testid="outgoing-filter-mine" [(ngModel)]="mine" />
        {{ i18n.t('outgoing.list.mine') }}</label
      >
      <button type="submit" class="btn" data-testid="outgoing-filter-submit">{{ i18n.t('outgoing.list.filter') }}</button>
    </form>
    @if (problem(); as p) {
      <vt-problem-message data-testid="outgoing-error" [problem]="p" />
    }
    <section class="card card-flush">
      @if (items().length) {
        <table class="table table-stack" data-testid="outgoing-list">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('outgoing.list.colSubject') }}</th>
              <th scope="col">{{ i18n.t('outgoing.list.colType') }}</th>
              <th scope="col">{{ i18n.t('outgoing.list.colStatus') }}</th>
              <th scope="col">{{ i18n.t('outgoing.list.colNumber') }}</th>
              <th scope="col">{{ i18n.t('outgoing.list.colAuthor') }}</th>
              <th scope="col">{{ i18n.t('outgoing.list.colUpdated') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (d of items(); track d.id) {
              <tr data-testid="outgoing-row" [attr.data-document-id]="d.id" [attr.data-status]="d.status">
                <td [attr.data-label]="i18n.t('outgoing.list.colSubject')">
                  <a [routerLink]="['/outgoing', d.id]">{{ d.subject }}</a>
                </td>
                <td [attr.data-label]="i18n.t('outgoing.list.colType')">{{ d.documentTypeName }}</td>
                <td [attr.data-label]="i18n.t('outgoing.list.colStatus')">
                  <span class="badge">{{ labels.t('status', d.status) }}</span>
                </td>
                <td [attr.data-label]="i18n.t('outgoing.list.colNumber')">{{ d.issued?.numberAndSymbol ?? '—' }}</td>
                <td [attr.data-label]="i18n.t('outgoing.list.colAuthor')">{{ d.author.fullName }}</td>
                <td [attr.data-label]="i18n.t('outgoing.list.colUpdated')" class="nowrap">{{ d.updatedAt | vtDate }}</td>
              </tr>
            }
          </tbody>
        </table>
        <p class="muted small" data-testid="outgoing-total">{{ i18n.t('outgoing.list.total', { count: total() }) }}</p>
      } @else if (loaded()) {
        <p class="empty" data-testid="outgoing-empty">{{ i18n.t('outgoing.list.empty') }}</p>
      }
    </section>
  `,
})
export class OutgoingListPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);

  protected readonly statuses = OUTGOING_STATUSES;
  protected status: OutgoingStatus | '' = '';
  protected mine = false;
  protected readonly items = signal<OutgoingSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.api.list({ status: this.status, mine: this.mine }).subscribe({
      next: (res) => {
        this.items.set(res.items);
        this.total.set(res.total);
        this.loaded.set(true);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
