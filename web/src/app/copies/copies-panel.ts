import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { ProblemMessage } from '../shared/problem-message';

type CopyForm = 'SAO_Y' | 'SAO_LUC' | 'TRICH_SAO';
interface DocumentCopy {
  id: string;
  form: CopyForm;
  numberAndSymbol: string;
  state: 'AWAITING_SIGNATURE' | 'SIGNING' | 'SIGNED';
  createdAt: string;
  allowedActions: 'sign'[];
}

/** Copies of a document (bản sao) with the "Sao văn bản" form; the server decides who may make and sign them. */
@Component({
  selector: 'vt-copies-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage],
  styles: `
    ul { list-style: none; margin: 0 0 12px; padding: 0; }
    li { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--border); }
    form { display: grid; gap: 8px; max-width: 32rem; }
  `,
  template: `
    <section class="card" data-testid="copies">
      <h2 class="section-title">{{ i18n.t('copies.title') }}</h2>
      @if (notice(); as n) { <p class="notice" role="status">{{ n }}</p> }
      @if (copies().length) {
        <ul>
          @for (c of copies(); track c.id) {
            <li data-testid="copy" [attr.data-copy-id]="c.id">
              <strong>{{ c.numberAndSymbol }}</strong>
              <span>{{ i18n.t(formKey(c.form)) }}</span>
              <span class="badge">{{ i18n.t(stateKey(c.state)) }}</span>
              <a class="btn btn-small" [href]="fileUrl(c.id)" download data-testid="copy-download">{{ i18n.t('copies.download') }}</a>
              <a class="btn btn-small" [href]="fileUrl(c.id) + '?watermark=1'" download [title]="i18n.t('copies.readingCopyTitle')" data-testid="copy-reading">{{ i18n.t('copies.readingCopy') }}</a>
              @if (c.allowedActions.includes('sign')) {
                <button type="button" class="btn btn-small btn-primary" data-testid="copy-sign" (click)="sign(c.id)">{{ i18n.t('copies.sign') }}</button>
              }
            </li>
          }
        </ul>
      } @else {
        <p class="muted">{{ i18n.t('copies.none') }}</p>
      }
      @if (problem(); as p) { <vt-problem-message [problem]="p" /> }
      @if (open()) {
        <form (ngSubmit)="submit()" novalidate data-testid="copy-form">
          <div class="field">
            <label for="copy-form">{{ i18n.t('copies.form') }}</label>
            <select id="copy-form" name="form" data-testid="copy-form-select" [(ngModel)]="form">
              @for (f of forms; track f) { <option [value]="f">{{ i18n.t(formKey(f)) }}</option> }
            </select>
          </div>
          @if (form === 'TRICH_SAO') {
            <div class="field">
              <label for="copy-extract">{{ i18n.t('copies.extract') }}</label>
              <input id="copy-extract" type="file" accept="application/pdf" data-testid="copy-extract" (change)="pick($event)" />
            </div>
          }
          <div class="field">
            <label for="copy-secret">{{ i18n.t('copies.secretAuthorisation') }}</label>
            <input id="copy-secret" name="secret" data-testid="copy-secret" [(ngModel)]="secretAuthorisation" />
          </div>
          <div>
            <button type="submit" class="btn btn-primary" data-testid="copy-submit" [disabled]="working()">{{ i18n.t('copies.submit') }}</button>
            <button type="button" class="btn" (click)="open.set(false)">{{ i18n.t('copies.cancel') }}</button>
          </div>
        </form>
      } @else {
        <button type="button" class="btn" data-testid="copy-make" (click)="open.set(true)">{{ i18n.t('copies.make') }}</button>
      }
    </section>
  `,
})
export class CopiesPanel {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);

  readonly sourceKind = input.required<'INCOMING' | 'OUTGOING'>();
  readonly sourceId = input.required<string>();

  protected readonly forms: CopyForm[] = ['SAO_Y', 'SAO_LUC', 'TRICH_SAO'];
  protected readonly copies = signal<DocumentCopy[]>([]);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly open = signal(false);
  protected readonly working = signal(false);
  protected form: CopyForm = 'SAO_Y';
  protected secretAuthorisation = '';
  private extract: File | null = null;

  constructor() {
    effect(() => {
      this.sourceId();
      untracked(() => this.load());
    });
  }

  protected formKey = (f: CopyForm) => `copies.forms.${f}` as TranslationKey;
  protected stateKey = (s: DocumentCopy['state']) => `copies.states.${s}` as TranslationKey;
  protected fileUrl = (id: string) => `/api/copies/${id}/file`;

  protected pick(event: Event): void {
    this.extract = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected load(): void {
    this.http.get<{ items: DocumentCopy[] }>('/api/copies', { params: { sourceKind: this.sourceKind(), sourceId: this.sourceId() } }).subscribe({
      next: (r) => this.copies.set(r.items),
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

  protected sign(id: string): void {
    this.http.post<DocumentCopy>(`/api/copies/${id}/sign`, {}).subscribe({
      next: () => this.load(),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
