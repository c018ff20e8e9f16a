import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import {
  INCOMING_STATUSES,
  type IncomingDocumentSummary,
  type IncomingStatus,
  type Register,
  isRedUrgency,
  numberSymbol,
} from '../incoming.models';
import { reportOrganisations } from '../report/report-access';
import { IncomingLabels } from '../shared/incoming-labels';
import { VtDatePipe } from '../shared/vt-date.pipe';

export const PAGE_SIZE = 50;

/** Incoming documents: status tabs, text / year / register filters, paged table. */
@Component({
  selector: 'vt-incoming-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './incoming-list-page.html',
  styleUrl: '../shared/incoming.css',
})
export class IncomingListPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  private readonly api = inject(IncomingApi);
  private readonly auth = inject(AuthService);
  /** Leaders (and chief of office) see the link to the per-unit handling report. */
  protected readonly isLeader = computed(() => reportOrganisations(this.auth.me()?.roles ?? []).length > 0);

  protected readonly statuses = INCOMING_STATUSES;
  protected readonly numberSymbol = numberSymbol;
  protected readonly isRed = isRedUrgency;

  protected readonly status = signal<IncomingStatus | null>(null);
  protected q = '';
  protected year = '';
  protected registerId = '';
  protected readonly offset = signal(0);

  protected readonly items = signal<IncomingDocumentSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly registers = signal<Register[]>([]);

  protected readonly years = computed(() => {
    const current = new Date().getFullYear();
    const all = new Set<number>([current, current - 1, current - 2, current - 3, current - 4]);
    for (const r of this.registers()) all.add(r.year);
    return [...all].sort((a, b) => b - a);
  });
  protected readonly pageNo = computed(() => Math.floor(this.offset() / PAGE_SIZE) + 1);
  protected readonly pageCount = computed(() => Math.max(1, Math.ceil(this.total() / PAGE_SIZE)));

  protected bookYear(): number {
    return this.year ? Number(this.year) : new Date().getFullYear();
  }

  /** The printed register (sổ đăng ký văn bản đến) of the chosen register and year, or the first register. */
  protected bookUrl(format: 'pdf' | 'xlsx'): string | null {
    const id = this.registerId || this.registers()[0]?.id;
    const y = this.bookYear();
    return id ? `/api/registers/${encodeURIComponent(id)}/book.${format}?from=${y}-01-01&to=${y}-12-31` : null;
  }

  ngOnInit(): void {
    this.api.incomingRegisters().subscribe({
      next: (items) => this.registers.set(items),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
    this.load();
  }

  protected selectStatus(status: IncomingStatus | null): void {
    this.status.set(status);
    this.search();
  }

  /** New criteria: back to the first page. */
  protected search(): void {
    this.offset.set(0);
    this.load();
  }

  protected page(delta: number): void {
    this.offset.update((o) => Math.max(0, o + delta * PAGE_SIZE));
    this.load();
  }

  private load(): void {
    this.loading.set(true);
    this.problem.set(null);
    this.api
      .list({
        status: this.status(),
        q: this.q,
        year: this.year ? Number(this.year) : null,
        registerId: this.registerId || null,
        limit: PAGE_SIZE,
        offset: this.offset(),
      })
      .subscribe({
        next: (res) => {
          this.items.set(res.items);
          this.total.set(res.total);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.items.set([]);
          this.total.set(0);
          this.loading.set(false);
          this.problem.set(toProblem(err));
        },
      });
  }
}
