import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { TranslationService } from '../../i18n/translation.service';
import type { HistoryEntry } from '../incoming.models';
import { IncomingLabels } from '../shared/incoming-labels';
import { VtDatePipe, formatVtDate } from '../shared/vt-date.pipe';

const DETAIL_KEYS = ['instruction', 'reason', 'note', 'resultNote', 'body'] as const;

/** Free-text details worth showing from an audit entry's data (reason, note, …, new deadline). */
export function historyDetails(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  const out: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) out.push(value.trim());
  }
  if (typeof record['dueDate'] === 'string') out.push(`→ ${formatVtDate(record['dueDate'])}`);
  return out;
}

@Component({
  selector: 'vt-history-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe],
  styles: `
    ol {
      list-style: none;
      margin: 0;
      padding: 0 0 0 14px;
      border-left: 2px solid var(--border);
    }
    li {
      position: relative;
      padding: 0 0 12px 12px;
    }
    li::before {
      content: '';
      position: absolute;
      left: -21px;
      top: 7px;
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--navy);
    }
    .detail {
      margin: 2px 0 0;
      white-space: pre-line;
    }
  `,
  template: `
    <section class="card" data-testid="history">
      <h2 class="section-title">{{ i18n.t('incoming.doc.history') }}</h2>
      @if (entries().length) {
        <ol>
          @for (h of entries(); track $index) {
            <li data-testid="history-entry" [attr.data-action]="h.action">
              <strong>{{ labels.historyAction(h.action) }}</strong>
              <div class="muted small">
                {{ h.at | vtDate }} · {{ h.actorName ?? i18n.t('common.system') }}
                @if (h.actorRole) {
                  ({{ i18n.role(h.actorRole) }})
                }
              </div>
              @for (d of details(h); track $index) {
                <p class="detail">{{ d }}</p>
              }
            </li>
          }
        </ol>
      } @else {
        <p class="muted">{{ i18n.t('incoming.doc.noHistory') }}</p>
      }
    </section>
  `,
})
export class HistoryTimeline {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  readonly entries = input<readonly HistoryEntry[]>([]);
  protected readonly details = (h: HistoryEntry) => historyDetails(h.data);
}
