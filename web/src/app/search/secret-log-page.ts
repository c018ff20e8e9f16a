import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { VtDatePipe, formatVtDate } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import { SearchApi } from './search-api.service';
import type { SecretSearchEntry } from './search.models';

const FILTER_LABELS: Partial<Record<string, TranslationKey>> = {
  kind: 'search.facets.kind',
  type: 'search.facets.type',
  issuer: 'search.facets.issuer',
  year: 'search.facets.year',
  status: 'search.facets.status',
  secrecy: 'search.facets.secrecy',
  signer: 'search.signer',
  dateFrom: 'search.dateFrom',
  dateTo: 'search.dateTo',
};
const VALUE_LABELS: Partial<Record<string, (v: string) => TranslationKey>> = {
  kind: (v) => `search.kinds.${v}` as TranslationKey,
  secrecy: (v) => `incoming.secrecy.${v}` as TranslationKey,
};

/**
 * /search/secret-log — nhật ký tra cứu tài liệu mật: searches and exports that touched secret material, for the
 * heads of the searchers' organisations (the API answers 403 to anyone else, shown as the problem).
 */
@Component({
  selector: 'vt-secret-log-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './secret-log-page.html',
  styleUrl: './search-page.css',
})
export class SecretLogPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(SearchApi);

  protected from = '';
  protected to = '';
  protected readonly items = signal<SecretSearchEntry[] | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.problem.set(null);
    this.api.secretLog({ from: this.from || undefined, to: this.to || undefined }).subscribe({
      next: (res) => this.items.set(res.items),
      error: (err: unknown) => {
        this.items.set(null);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected actionLabel(e: SecretSearchEntry): string {
    return this.i18n.t(`search.secretLog.actions.${e.action}`);
  }

  /** The filters in words: "Độ mật: Mật; Văn bản đến / đi: Văn bản đến". */
  protected filtersText(e: SecretSearchEntry): string {
    return Object.entries(e.filters)
      .map(([key, value]) => {
        const label = FILTER_LABELS[key];
        const valueKey = VALUE_LABELS[key]?.(String(value));
        const shown = valueKey
          ? this.i18n.t(valueKey)
          : key === 'dateFrom' || key === 'dateTo'
            ? formatVtDate(String(value))
            : String(value);
        return `${label ? this.i18n.t(label) : key}: ${shown}`;
      })
      .join('; ');
  }
}
