import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { AuthService } from '../core/auth.service';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import { PAGE_SIZE, SearchApi } from './search-api.service';
import {
  CRITERIA_KEYS,
  DEFAULT_COLUMNS,
  FACETS,
  RESULT_COLUMNS,
  type FacetName,
  type ResultColumn,
  type SavedSearch,
  type SearchCriteria,
  type SearchHit,
  type SearchResponse,
} from './search.models';

/** The columns last chosen on this browser, until a saved search brings its own. */
const COLUMNS_KEY = 'vt.search.columns';
function rememberedColumns(): ResultColumn[] {
  try {
    const stored = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown;
    const valid = Array.isArray(stored) ? RESULT_COLUMNS.filter((c) => stored.includes(c)) : [];
    return valid.length ? valid : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

/** Filters a facet click sets (the facet's value goes back as the API parameter of the same name). */
type FacetFilter = Extract<keyof SearchCriteria, FacetName>;

/**
 * Tra cứu: one box (words with or without diacritics, số/ký hiệu, số đến), a few filters, facet counts
 * that narrow the search when clicked, and results with the matched words marked in the subject and text.
 * `/search?q=…` starts a search (links from elsewhere). The user chooses the result columns, saves the
 * search (criteria and columns) under a name to run it again, and exports the result list to PDF or DOCX.
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
  private readonly auth = inject(AuthService);

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
  protected readonly activeFilters = computed(() =>
    Object.entries(this.facetFilters()).map(([name, f]) => ({ name: name as FacetFilter, ...f! })),
  );

  protected readonly allColumns = RESULT_COLUMNS;
  protected readonly columns = signal<ResultColumn[]>(rememberedColumns());
  /** The criteria of the search shown (what saving and exporting take). */
  private readonly shown = signal<SearchCriteria>({ sort: 'relevance' });
  protected readonly exportPdf = computed(() => this.api.exportUrl('pdf', this.shown(), this.columns()));
  protected readonly exportDocx = computed(() => this.api.exportUrl('docx', this.shown(), this.columns()));

  protected readonly saved = signal<SavedSearch[]>([]);
  protected readonly selectedId = signal<string>('');
  protected readonly selected = computed(() => this.saved().find((s) => s.id === this.selectedId()) ?? null);
  protected savedName = '';
  protected readonly savedProblem = signal<Problem | null>(null);
  protected readonly savedNotice = signal<string>('');
  /** Heads of an organisation read the log of searches on secret material. */
  protected readonly isHead = computed(() => this.auth.me()?.roles.some((r) => r.role === 'LANH_DAO_CO_QUAN') ?? false);

  ngOnInit(): void {
    const params = this.route.snapshot.queryParamMap;
    for (const key of CRITERIA_KEYS) {
      const value = params.get(key);
      if (value === null || key === 'page') continue;
      if ((FACETS as string[]).includes(key)) this.facetFilters.update((f) => ({ ...f, [key]: { value, label: value } }));
      else (this.form as Record<string, string>)[key] = value;
    }
    this.run();
    this.loadSaved();
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

  protected columnLabel(column: ResultColumn): string {
    return this.i18n.t(`search.columns.${column}`);
  }

  protected hasColumn(column: ResultColumn): boolean {
    return this.columns().includes(column);
  }

  /** A column on or off, kept in display order; at least one stays. */
  protected toggleColumn(column: ResultColumn, on: boolean): void {
    const next = RESULT_COLUMNS.filter((c) => (c === column ? on : this.columns().includes(c)));
    if (!next.length) return;
    this.columns.set(next);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
  }

  /** A saved search picked: its criteria and columns replace the page's, and it runs. */
  protected apply(id: string): void {
    this.selectedId.set(id);
    this.savedNotice.set('');
    this.savedProblem.set(null);
    const s = this.selected();
    if (!s) return;
    this.savedName = s.name;
    const facets: Partial<Record<FacetFilter, { value: string; label: string }>> = {};
    const form: SearchCriteria = { sort: 'relevance' };
    for (const [key, value] of Object.entries(s.criteria)) {
      if ((FACETS as string[]).includes(key)) facets[key as FacetFilter] = { value: String(value), label: String(value) };
      else (form as Record<string, unknown>)[key] = String(value);
    }
    this.form = form;
    this.facetFilters.set(facets);
    this.columns.set(RESULT_COLUMNS.filter((c) => s.columns.includes(c)));
    this.submit();
  }

  /** Saves the search shown as a new saved search under the name typed. */
  protected saveNew(): void {
    this.write(this.api.save(this.savedName.trim(), this.shown(), this.columns()), 'search.saved.savedNew');
  }

  /** The selected saved search takes the name typed, the criteria shown and the columns. */
  protected updateSelected(): void {
    const s = this.selected();
    if (s) this.write(this.api.update(s.id, this.savedName.trim(), this.shown(), this.columns()), 'search.saved.updated');
  }

  protected removeSelected(): void {
    const s = this.selected();
    if (!s) return;
    this.api.remove(s.id).subscribe({
      next: () => {
        this.saved.update((list) => list.filter((x) => x.id !== s.id));
        this.selectedId.set('');
        this.savedName = '';
        this.savedNotice.set(this.i18n.t('search.saved.removed', { name: s.name }));
      },
      error: (err: unknown) => this.savedProblem.set(toProblem(err)),
    });
  }

  private write(call: ReturnType<SearchApi['save']>, notice: TranslationKey): void {
    this.savedProblem.set(null);
    this.savedNotice.set('');
    call.subscribe({
      next: (s) => {
        this.saved.update((list) => [...list.filter((x) => x.id !== s.id), s].sort((a, b) => a.name.localeCompare(b.name, 'vi')));
        this.selectedId.set(s.id);
        this.savedNotice.set(this.i18n.t(notice, { name: s.name }));
      },
      error: (err: unknown) => this.savedProblem.set(toProblem(err)),
    });
  }

  private loadSaved(): void {
    this.api.listSaved().subscribe({
      next: (res) => this.saved.set(res.items),
      error: (err: unknown) => this.savedProblem.set(toProblem(err)),
    });
  }

  private run(): void {
    const criteria: SearchCriteria = { ...this.form, page: this.page() };
    for (const [name, f] of Object.entries(this.facetFilters())) (criteria as Record<string, string>)[name] = f!.value;
    this.shown.set(criteria);
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
