import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import type { RegisterEntry } from '../outgoing.models';
import { OutgoingLabels } from '../shared/outgoing-labels';
import { ExchangeStatusView } from '../shared/exchange-status';

/** /outgoing/register — sổ văn bản đi: documents issued in a year, with each recipient's delivery status. */
@Component({
  selector: 'vt-outgoing-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe, ExchangeStatusView],
  styleUrl: '../shared/outgoing.css',
  template: `
    <p>
      <a routerLink="/outgoing">← {{ i18n.t('outgoing.backToList') }}</a>
    </p>
    <h1 class="page-title">{{ i18n.t('outgoing.register.title') }}</h1>
    <form class="filters inline" novalidate (ngSubmit)="load()">
      <div class="field">
        <label for="register-year">{{ i18n.t('outgoing.register.year') }}</label>
        <input id="register-year" type="number" name="year" min="1900" max="2999" data-testid="register-year" [(ngModel)]="year" />
      </div>
      <label class="small"
        ><input type="checkbox" name="pending" data-testid="register-pending-only" [(ngModel)]="pendingOnly" (ngModelChange)="load()" />
        {{ i18n.t('workflow.register.pendingOnly') }}</label
      >
      <button type="submit" class="btn" data-testid="register-show">{{ i18n.t('outgoing.register.show') }}</button>
      @for (id of registerIds(); track id) {
        <a
          class="btn"
          data-testid="register-pdf"
          [href]="bookUrl(id, 'pdf')"
          download
          [title]="i18n.t('print.registerHint', { year: shownYear() })"
          >{{ i18n.t('print.registerPdf') }}</a
        >
        <a
          class="btn"
          data-testid="register-xlsx"
          [href]="bookUrl(id, 'xlsx')"
          download
          [title]="i18n.t('print.registerHint', { year: shownYear() })"
          >{{ i18n.t('print.registerXlsx') }}</a
        >
      }
    </form>
    @if (problem(); as p) {
      <vt-problem-message data-testid="register-error" [problem]="p" />
    }
    @if (pendingManual() > 0) {
      <div class="alert alert-warning" role="status" data-testid="register-pending-count">
        {{ i18n.t('workflow.register.pendingCount', { n: pendingManual() }) }}
      </div>
    }
    <section class="card card-flush">
      @if (items().length) {
        <table class="table table-stack" data-testid="outgoing-register">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('outgoing.register.colNumber') }}</th>
              <th scope="col">{{ i18n.t('outgoing.register.colDate') }}</th>
              <th scope="col">{{ i18n.t('outgoing.register.colSubject') }}</th>
              <th scope="col">{{ i18n.t('outgoing.register.colSigner') }}</th>
              <th scope="col">{{ i18n.t('outgoing.register.colRecipients') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (e of items(); track e.documentId) {
              <tr data-testid="register-row" [attr.data-document-id]="e.documentId">
                <td [attr.data-label]="i18n.t('outgoing.register.colNumber')" class="nowrap">
                  <a [routerLink]="['/outgoing', e.documentId]" data-testid="register-number">{{ e.numberAndSymbol }}</a>
                </td>
                <td [attr.data-label]="i18n.t('outgoing.register.colDate')" class="nowrap">{{ e.issueDate | vtDate }}</td>
                <td [attr.data-label]="i18n.t('outgoing.register.colSubject')">
                  {{ e.subject }} <span class="badge">{{ labels.t('status', e.status) }}</span>
                </td>
                <td [attr.data-label]="i18n.t('outgoing.register.colSigner')">
                  {{ e.signerName ?? '—' }}
                  @if (e.paperSignature) {
                    <div class="muted small">{{ i18n.t('outgoing.doc.paperSignature') }}</div>
                  }
                </td>
                <td [attr.data-label]="i18n.t('outgoing.register.colRecipients')">
                  <ul class="comments">
                    @for (r of e.recipients; track $index) {
                      <li data-testid="register-recipient" [attr.data-status]="r.deliveryStatus ?? 'NONE'">
                        {{ r.name }} —
                        @if (r.exchange) {
                          <vt-exchange-status [exchange]="r.exchange" />
                        } @else {
                          <span
                            [class.badge]="r.deliveryStatus === 'AWAITING_MANUAL_SEND'"
                            [class.badge-warning]="r.deliveryStatus === 'AWAITING_MANUAL_SEND'"
                            >{{ labels.t('delivery', r.deliveryStatus ?? 'NONE') }}</span
                          >
                        }
                        @if (r.manual; as m) {
                          <span class="muted small">
                            ({{
                              i18n.t('workflow.manual.sent', {
                                method: wt('workflow.manual.methods.' + m.method),
                                date: (m.sentOn | vtDate),
                              })
                            }})</span
                          >
                        }
                      </li>
                    }
                  </ul>
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (loaded()) {
        <p class="empty" data-testid="register-empty">{{ i18n.t('outgoing.register.empty') }}</p>
      }
    </section>
  `,
})
export class OutgoingRegisterPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);

  protected year = new Date().getFullYear();
  protected pendingOnly = false;
  protected readonly items = signal<RegisterEntry[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly shownYear = signal(this.year);
  /** The registers the shown entries were numbered from: each can be printed for the year. */
  /** Recipients still to be sent outside the system (post, e-mail, hand) among the shown entries. */
  protected readonly pendingManual = computed(() =>
    this.items().reduce((n, e) => n + e.recipients.filter((r) => r.deliveryStatus === 'AWAITING_MANUAL_SEND').length, 0),
  );
  protected readonly registerIds = computed(() => [...new Set(this.items().map((e) => e.registerId))]);

  protected bookUrl(registerId: string, format: 'pdf' | 'xlsx'): string {
    const y = this.shownYear();
    return `/api/registers/${encodeURIComponent(registerId)}/book.${format}?from=${y}-01-01&to=${y}-12-31`;
  }

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.api.register({ year: this.year, pendingManualSend: this.pendingOnly }).subscribe({
      next: (res) => {
        this.shownYear.set(res.year);
        this.items.set(res.items);
        this.loaded.set(true);
        this.problem.set(null);
      },
      error: (err: unknown) => {
        this.items.set([]);
        this.problem.set(toProblem(err));
      },
    });
  }
}
