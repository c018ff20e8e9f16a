import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { formatVtDate, VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import type { PermissionAlert } from './records.models';

/** /permission-alerts — permission changes awaiting the confirmer (the organisation's head or its configured confirmer). */
@Component({
  selector: 'vt-permission-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, VtDatePipe],
  template: `
    <h1 class="page-title">{{ i18n.t('records.alerts.title') }}</h1>
    <p class="muted">{{ i18n.t('records.alerts.intro') }}</p>
    <label class="checkbox">
      <input type="checkbox" data-testid="alerts-all" [ngModel]="all()" (ngModelChange)="all.set($event); load()" />
      {{ i18n.t('records.alerts.showAll') }}
    </label>
    @if (problem(); as p) {
      <vt-problem-message [problem]="p" />
    }
    @if (items(); as list) {
      @if (list.length) {
        <div class="table-wrap card">
          <table class="table" data-testid="alerts-table">
            <thead>
              <tr>
                <th>{{ i18n.t('records.alerts.when') }}</th>
                <th>{{ i18n.t('records.alerts.change') }}</th>
                <th>{{ i18n.t('records.alerts.subject') }}</th>
                <th>{{ i18n.t('records.alerts.by') }}</th>
                <th>{{ i18n.t('records.alerts.status') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (a of list; track a.id) {
                <tr data-testid="alert-row" [attr.data-kind]="a.kind">
                  <td>{{ a.changedAt | vtDate }}</td>
                  <td>{{ change(a) }}</td>
                  <td>{{ a.subjectName }}</td>
                  <td>{{ a.changedByName }}</td>
                  <td>
                    @if (a.confirmedAt) {
                      <span data-testid="alert-confirmed">{{
                        i18n.t('records.alerts.confirmedBy', { name: a.confirmedByName ?? '', at: date(a.confirmedAt) })
                      }}</span>
                      @if (a.confirmNote) {
                        <div class="muted small">{{ a.confirmNote }}</div>
                      }
                    } @else {
                      <form class="confirm-form" (ngSubmit)="confirm(a.id)">
                        <input
                          [name]="'note-' + a.id"
                          data-testid="alert-note"
                          [attr.aria-label]="i18n.t('records.alerts.note')"
                          [placeholder]="i18n.t('records.alerts.note')"
                          [(ngModel)]="notes[a.id]"
                        />
                        <button type="submit" class="btn btn-primary" data-testid="alert-confirm">
                          {{ i18n.t('records.alerts.confirm') }}
                        </button>
                      </form>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else {
        <p class="empty" data-testid="alerts-empty">{{ i18n.t('records.alerts.empty') }}</p>
      }
    } @else if (!problem()) {
      <p class="muted">{{ i18n.t('common.loading') }}</p>
    }
  `,
  styles: `
    .confirm-form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .confirm-form input {
      flex: 1 1 10rem;
      min-width: 0;
    }
    .checkbox {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin: 0.5rem 0 1rem;
    }
    /* Phones: each change as a block, so the confirm form is not scrolled out of sight. */
    @media (max-width: 640px) {
      .table,
      .table tbody,
      .table tr,
      .table td {
        display: block;
      }
      .table thead {
        display: none;
      }
      .table tr {
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--border, #d9dee7);
      }
      .table td {
        padding: 0.15rem 0.75rem;
        border: 0;
      }
    }
  `,
})
export class PermissionAlertsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  protected readonly items = signal<PermissionAlert[] | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly all = signal(false);
  protected notes: Record<string, string> = {};

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.http.get<{ items: PermissionAlert[] }>(`/api/admin/permission-alerts${this.all() ? '?all=true' : ''}`).subscribe({
      next: (r) => this.items.set(r.items),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected confirm(id: string): void {
    const note = this.notes[id]?.trim();
    this.http.post(`/api/admin/permission-alerts/${id}/confirm`, note ? { note } : {}).subscribe({
      next: () => {
        this.problem.set(null);
        this.load();
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected change(a: PermissionAlert): string {
    const role = typeof a.data['role'] === 'string' ? this.i18n.role(a.data['role'] as never) : '';
    return this.i18n.t(`records.alerts.${a.kind}` as TranslationKey, {
      role,
      from: formatVtDate(String(a.data['fromDate'] ?? '')),
      to: formatVtDate(String(a.data['toDate'] ?? '')),
    });
  }

  protected date(iso: string): string {
    return formatVtDate(iso);
  }
}
