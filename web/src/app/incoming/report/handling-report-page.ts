import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ApiResponse, Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { VtDatePipe } from '../shared/vt-date.pipe';
import { reportOrganisations } from './report-access';

/** `GET /api/reports/handling`: per-unit counts of the documents received in the period and how their handling went. */
export type HandlingReport = ApiResponse<'/api/reports/handling'>;

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Per-unit handling of incoming documents (received, on time, late, overdue) for leaders, with PDF / Excel. */
@Component({
  selector: 'vt-handling-report-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './handling-report-page.html',
  styleUrl: '../shared/incoming.css',
})
export class HandlingReportPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  protected readonly organisations = computed(() => reportOrganisations(this.auth.me()?.roles ?? []));
  protected organisationId = '';
  protected to = today();
  protected from = `${this.to.slice(0, 4)}-01-01`;

  protected readonly report = signal<HandlingReport | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.organisationId = this.organisations()[0]?.id ?? '';
    if (this.organisationId) this.load();
  }

  private params(): HttpParams {
    return new HttpParams({ fromObject: { organisationId: this.organisationId, from: this.from, to: this.to } });
  }

  /** The same report as a file (PDF or Excel), for the current criteria. */
  protected fileUrl(format: 'pdf' | 'xlsx'): string {
    return `/api/reports/handling.${format}?${this.params().toString()}`;
  }

  protected load(): void {
    if (!this.organisationId || !this.from || !this.to) return;
    this.loading.set(true);
    this.problem.set(null);
    this.http.get<HandlingReport>('/api/reports/handling', { params: this.params() }).subscribe({
      next: (r) => {
        this.report.set(r);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.report.set(null);
        this.loading.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
