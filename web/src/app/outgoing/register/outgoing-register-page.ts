import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
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
    <p><a routerLink="/outgoing">← {{ i18n.t('outgoing.backToList') }}</a></p>
    <h1 class="page-title">{{ i18n.t('outgoing.register.title') }}</h1>
    <form class="filters inline" novalidate (ngSubmit)="load()">
      <div class="field">
        <label for="register-year">{{ i18n.t('outgoing.register.year') }}</label>
        <input id="register-year" type="number" name="year" min="1900" max="2999" data-testid="register-year" [(ngModel)]="year" />
      </div>
      <button type="submit" class="btn" data-testid="register-show">{{ i18n.t('outgoing.register.show') }}</button>
      @for (id of registerIds(); track id) {
        <a class="btn" data-testid="register-pdf" [href]="bookUrl(id, 'pdf')" download [title]="i18n.t('print.registerHint', { year: shownYear() })">{{ i18n.t('print.registerPdf') }}</a>
        <a class="btn" data-testid="register-xlsx" [href]="bookUrl(id, 'xlsx')" download [title]="i18n.t('print.registerHint', { year: shownYear() })">{{ i18n.t('print.registerXlsx') }}</a>
      }
    </form>
    @if (problem(); as p) {
      <vt-problem-message data-testid="register-error" [problem]="p" />
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
                <td [attr.data-label]="i18n.t('outgoing.register.colNumber')" class="nowrap"><a [routerLink]="['/outgoing', e.documentId]" data-testid="register-number">{{ e.numberAndSymbol }}</a></td>
                <td [attr.data-label]="i18n.t('outgoing.register.colDate')" class="nowrap">{{ e.issueDate | vtDate }}</td>
                <td [attr.data-label]="i18n.t('outgoing.register.colSubject')">{{ e.subject }} <span class="badge">{{ labels.t('status', e.status) }}</span></td>
                <td [attr.data-label]="i18n.t('outgoing.register.colSigner')">{{ e.signerName ?? '—' }}@if (e.paperSignature) { <div class="muted small">{{ i18n.t('outgoing.doc.paperSignature') }}</div>}</td>
                <td [attr.data-label]="i18n.t('outgoing.register.colRecipients')">
                  <ul class="comments">
                    @for (r of e.recipients; track $index) {
                      <li data-testid="register-recipient" [attr.data-status]="r.deliveryStatus ?? 'NONE'">{{ r.name }} — @if (r.exchange) {<vt-exchange-status [exchange]="r.exchange" />} @else {{{ labels.t('delivery', r.deliveryStatus ?? 'NONE') }}}</li>
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
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);

  protected year = new Date().getFullYear();
  protected readonly items = signal<RegisterEntry[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly shownYear = signal(this.year);
  /** The registers the shown entries were numbered from: each can be printed for the year. */
  protected readonly registerIds = computed(() => [...new Set(this.items().map((e) => e.registerId))]);

  protected bookUrl(registerId: string, format: 'pdf' | 'xlsx'): string {
    const y = this.shownYear();
    return `/api/registers/${encodeURIComponent(registerId)}/book.${format}?from=${y}-01-01&to=${y}-12-31`;
  }

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.api.register({ year: this.year }).subscribe({
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
