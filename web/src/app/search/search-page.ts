import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import { PAGE_SIZE, SearchApi } from './search-api.service';
import { CRITERIA_KEYS, FACETS, type FacetName, type SearchCriteria, type SearchHit, type SearchResponse } from './search.models';

/** Filters a facet click sets (the facet's value goes back as the API parameter of the same name). */
type FacetFilter = Extract<keyof SearchCriteria, FacetName>;

/**
 * Tra cứu: one box (words with or without diacritics, số/ký hiệu, số đến), a few filters, facet counts
 * that narrow the search when clicked, and results with the matched words marked in the subject and text.
 * `/search?q=…` starts a search (links from elsewhere).
 */
@Component({
  selector: 'vt-search-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './search-page.html',
  styleUrl: './search-page.css',
})
export class SearchPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(SearchApi);
  private readonly route = inject(ActivatedRoute);

  protected readonly facetNames = FACETS;
  /** The form (box, kind, signer, dates, sort). */
  protected form: SearchCriteria = { sort: 'relevance' };
  /** Narrowed by facet clicks; shown as removable chips. */
  protected readonly facetFilters = signal<Partial<Record<FacetFilter, { value: string; label: string }>>>({});
  protected readonly page = signal(1);

  protected readonly result = signal<SearchResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly pageCount = computed(() => Math.max(1, Math.ceil((this.result()?.total ?? 0) / PAGE_SIZE)));
  protected readonly activeFilters = computed(() => Object.entries(this.facetFilters()).map(([name, f]) => ({ name: name as FacetFilter, ...f! })));

  ngOnInit(): void {
    const params = this.route.snapshot.queryParamMap;
    for (const key of CRITERIA_KEYS) {
      const value = params.get(key);
      if (value === null || key === 'page') continue;
      if ((FACETS as string[]).includes(key)) this.facetFilters.update((f) => ({ ...f, [key]: { value, label: value } }));
      else (this.form as Record<string, string>)[key] = value;
    }
    this.run();
  }

  /** New criteria: back to the first page. */
  protected submit(): void {
    this.page.set(1);
    this.run();
  }

  protected pick(facet: FacetName, value: string, label: string): void {
    this.facetFilters.update((f) => ({ ...f, [facet]: { value, label } }));
    this.submit();
  }

  protected unpick(facet: FacetFilter): void {
    this.facetFilters.update(({ [facet]: _gone, ...rest }) => rest);
    this.submit();
  }

  protected clear(): void {
    this.form = { q: this.form.q, sort: this.form.sort };
    this.facetFilters.set({});
    this.submit();
  }

  protected goTo(delta: number): void {
    this.page.update((p) => Math.min(this.pageCount(), Math.max(1, p + delta)));
    this.run();
  }

  protected link(hit: SearchHit): string[] {
    if (hit.kind === 'OUTGOING') return ['/outgoing', hit.id];
    return hit.status === 'DRAFT' ? ['/incoming', hit.id, 'register'] : ['/incoming', hit.id];
  }

  protected facetTitle(name: FacetName): string {
    return this.i18n.t(`search.facets.${name}`);
  }

  /** A facet value in words: kinds, statuses and secrecy codes translated, other values as they are. */
  protected valueLabel(facet: FacetName, value: string, label: string): string {
    const keys: Partial<Record<FacetName, string[]>> = {
      kind: [`search.kinds.${value}`],
      status: [`incoming.status.${value}`, `outgoing.status.${value}`],
      secrecy: [`incoming.secrecy.${value}`],
    };
    for (const key of keys[facet] ?? []) {
      const text = this.i18n.t(key as TranslationKey);
      if (text !== key) return text;
    }
    return label;
  }

  private run(): void {
    const criteria: SearchCriteria = { ...this.form, page: this.page() };
    for (const [name, f] of Object.entries(this.facetFilters())) (criteria as Record<string, string>)[name] = f!.value;
    this.loading.set(true);
    this.problem.set(null);
    this.api.search(criteria).subscribe({
      next: (res) => {
        this.result.set(res);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.result.set(null);
        this.loading.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
