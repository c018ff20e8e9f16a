import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import { QUEUE_TABS, type QueueItem, type QueueTab, isRedUrgency, numberSymbol } from '../incoming.models';
import { IncomingLabels } from '../shared/incoming-labels';
import { VtDatePipe } from '../shared/vt-date.pipe';

/** Overdue first (the server sorts too; a stable sort keeps its order otherwise). */
export function overdueFirst(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

/** Lower case without Vietnamese diacritics, so "ngan sach" finds "ngân sách". */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** Items whose subject, issuer or number/symbol contain every word of the filter. */
export function filterQueue(items: readonly QueueItem[], filter: string): QueueItem[] {
  const words = foldVietnamese(filter).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  return items.filter((i) => {
    const text = foldVietnamese([i.subject, i.issuerName, i.number, i.symbol, i.arrivalNumber].filter((x) => x !== null).join(' '));
    return words.every((w) => text.includes(w));
  });
}

/** "Việc của tôi": documents waiting for the caller, by tab, with counts. */
@Component({
  selector: 'vt-incoming-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './incoming-queue-page.html',
  styleUrl: '../shared/incoming.css',
})
export class IncomingQueuePage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  private readonly api = inject(IncomingApi);

  protected readonly tabs = QUEUE_TABS;
  protected readonly numberSymbol = numberSymbol;
  protected readonly isRed = isRedUrgency;

  protected readonly tab = signal<QueueTab>('todo');
  protected readonly items = signal<QueueItem[]>([]);
  protected readonly counts = signal<Record<QueueTab, number> | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly filter = signal('');
  protected readonly shown = computed(() => filterQueue(this.items(), this.filter()));

  ngOnInit(): void {
    this.load();
  }

  protected select(tab: QueueTab): void {
    if (tab === this.tab() && !this.problem()) return;
    this.tab.set(tab);
    this.load();
  }

  protected tabLabel(tab: QueueTab): string {
    return this.i18n.t(`incoming.queue.${tab}`);
  }

  private load(): void {
    const tab = this.tab();
    this.loading.set(true);
    this.problem.set(null);
    this.api.queue(tab).subscribe({
      next: (res) => {
        if (tab !== this.tab()) return;
        this.items.set(overdueFirst(res.items));
        this.counts.set(res.counts);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.items.set([]);
        this.loading.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
