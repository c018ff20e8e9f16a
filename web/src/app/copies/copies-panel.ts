import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { OrganisationsService } from '../core/organisations.service';
import { ExchangeStatusView } from '../outgoing/shared/exchange-status';
import { ProblemMessage } from '../shared/problem-message';
import type { CopyForm, CopyList, CopyRoute, DocumentCopy } from './copies.models';

/** Copies of a document (bản sao) with the "Sao văn bản" form and, once signed, their dispatch; the server decides who may make, sign and send them. */
@Component({
  selector: 'vt-copies-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, ExchangeStatusView],
  styleUrl: './copies-panel.css',
  templateUrl: './copies-panel.html',
})
export class CopiesPanel {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  private readonly orgs = inject(OrganisationsService);

  readonly sourceKind = input.required<'INCOMING' | 'OUTGOING'>();
  readonly sourceId = input.required<string>();
  /** The server's answer: the caller may make a copy of this document now (its clerks, once it is issued or registered). */
  protected readonly mayMake = signal(false);

  protected readonly forms: CopyForm[] = ['SAO_Y', 'SAO_LUC', 'TRICH_SAO'];
  protected readonly copies = signal<DocumentCopy[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly open = signal(false);
  protected readonly working = signal(false);
  /** The copy whose dispatch form is open, and the organisations chosen as its recipients. */
  protected readonly dispatching = signal<string | null>(null);
  protected readonly chosen = signal<string[]>([]);
  protected readonly organisations = computed(() => this.orgs.organisations().filter((o) => !o.validTo));
  protected recipientOrganisation = '';
  protected form: CopyForm = 'SAO_Y';
  protected secretAuthorisation = '';
  private extract: File | null = null;

  constructor() {
    effect(() => {
      this.sourceId();
      untracked(() => this.load());
    });
  }

  protected routeKey = (r: CopyRoute) => `copies.routes.${r}` as TranslationKey;
  protected nameOf = (id: string) => this.orgs.byId().get(id)?.name ?? id;
  protected formKey = (f: CopyForm) => `copies.forms.${f}` as TranslationKey;
  protected stateKey = (s: DocumentCopy['state']) => `copies.states.${s}` as TranslationKey;
  protected fileUrl = (id: string) => `/api/copies/${id}/file`;

  protected pick(event: Event): void {
    this.extract = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected load(): void {
    this.http
      .get<CopyList>('/api/copies', {
        params: { sourceKind: this.sourceKind(), sourceId: this.sourceId() },
      })
      .subscribe({
        next: (r) => {
          this.copies.set(r.items);
          this.mayMake.set(r.mayCopy);
        },
        error: (err: unknown) => this.problem.set(toProblem(err)),
      });
  }

  protected submit(): void {
    const body = new FormData();
    body.set('sourceKind', this.sourceKind());
    body.set('sourceId', this.sourceId());
    body.set('form', this.form);
    if (this.secretAuthorisation.trim()) body.set('secretAuthorisation', this.secretAuthorisation.trim());
    if (this.form === 'TRICH_SAO' && this.extract) body.set('main', this.extract);
    this.working.set(true);
    this.http.post<DocumentCopy>('/api/copies', body).subscribe({
      next: (c) => {
        this.working.set(false);
        this.open.set(false);
        this.problem.set(null);
        this.notice.set(this.i18n.t('copies.made', { number: c.numberAndSymbol }));
        this.load();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected startDispatch(id: string): void {
    this.orgs.load().subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
    this.chosen.set([]);
    this.dispatching.set(id);
  }

  protected addRecipient(): void {
    const id = this.recipientOrganisation;
    if (id && !this.chosen().includes(id)) this.chosen.update((list) => [...list, id]);
    this.recipientOrganisation = '';
  }

  protected removeRecipient(id: string): void {
    this.chosen.update((list) => list.filter((o) => o !== id));
  }

  protected dispatch(id: string): void {
    this.working.set(true);
    const recipients = this.chosen().map((organisationId) => ({ kind: 'ORGANISATION' as const, organisationId }));
    this.http.post<DocumentCopy>(`/api/copies/${id}/dispatch`, { recipients }).subscribe({
      next: (c) => {
        this.working.set(false);
        this.dispatching.set(null);
        this.problem.set(null);
        this.notice.set(this.i18n.t('copies.dispatched', { number: c.numberAndSymbol }));
        this.load();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected sign(id: string): void {
    this.http.post<DocumentCopy>(`/api/copies/${id}/sign`, {}).subscribe({
      next: () => this.load(),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
