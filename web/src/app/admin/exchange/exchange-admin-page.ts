import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { forkJoin, type Observable } from 'rxjs';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { type ExchangeDeadLetter, type ExchangeFailedJob, ExchangeAdminApi, type ExchangeTraffic } from './exchange-admin-api.service';

/** /admin/exchange — traffic per organisation, failed exchange jobs (retry or park), and the dead-letter list. */
@Component({
  selector: 'vt-exchange-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './exchange-admin-page.html',
})
export class ExchangeAdminPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(ExchangeAdminApi);

  protected readonly traffic = signal<ExchangeTraffic | null>(null);
  protected readonly failed = signal<ExchangeFailedJob[]>([]);
  protected readonly dead = signal<ExchangeDeadLetter[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly working = signal(false);

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    forkJoin({ traffic: this.api.traffic(), failed: this.api.failedJobs(), dead: this.api.deadLetters() }).subscribe({
      next: ({ traffic, failed, dead }) => {
        this.traffic.set(traffic);
        this.failed.set(failed);
        this.dead.set(dead);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected retry(job: ExchangeFailedJob): void {
    this.act(this.api.retry(job), this.i18n.t('exchange.admin.retried', { id: job.id }));
  }

  protected park(job: ExchangeFailedJob): void {
    this.act(this.api.toDeadLetter(job), this.i18n.t('exchange.admin.parked', { id: job.id }));
  }

  protected retryParked(letter: ExchangeDeadLetter): void {
    this.act(this.api.retryDeadLetter(letter.id), this.i18n.t('exchange.admin.retried', { id: letter.jobId }));
  }

  protected outStatus(status: string): string {
    const key = `exchange.outgoing.status.${status}`;
    const text = this.i18n.t(key as TranslationKey);
    return text === key ? status : text;
  }

  private act(call: Observable<void>, done: string): void {
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    call.subscribe({
      next: () => {
        this.working.set(false);
        this.notice.set(done);
        this.load();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
