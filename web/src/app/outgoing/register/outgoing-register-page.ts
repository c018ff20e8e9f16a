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
  templateUrl: './outgoing-register-page.html',
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
