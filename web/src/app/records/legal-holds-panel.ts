import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import { formatVtDate } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import type { LegalHold } from './records.models';

/** What the panel is about: a case file, or a document (incoming or outgoing). */
export type HoldTarget = { caseFileId: string } | { documentKind: 'INCOMING' | 'OUTGOING'; documentId: string };

/**
 * Phong toả on a case-file or document page: the holds in force on it (its own, its organisation's year, and for a
 * document the case files it is in), and for archivists and administrators placing a hold with a reason and
 * lifting one (the server audits both).
 */
@Component({
  selector: 'vt-legal-holds-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage],
  templateUrl: './legal-holds-panel.html',
  styles: `
    .hold-list {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0;
      display: grid;
      gap: 0.5rem;
    }
    .inline-form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: end;
      margin-top: 0.5rem;
    }
    .inline-form label {
      display: grid;
      gap: 0.25rem;
      flex: 1 1 16rem;
    }
  `,
})
export class LegalHoldsPanel {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  readonly target = input.required<HoldTarget>();
  /** The holds changed: the page reloads the case file. */
  readonly changed = output<void>();
  protected readonly holds = signal<LegalHold[] | null>(null);
  protected readonly mayManage = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly placing = signal(false);
  protected readonly lifting = signal<string | null>(null);
  protected reason = '';
  protected liftReason = '';

  protected isDocument(): boolean {
    return 'documentId' in this.target();
  }

  load(): void {
    this.http.get<{ items: LegalHold[]; mayManage: boolean }>('/api/legal-holds', { params: { ...this.target() } }).subscribe({
      next: (r) => {
        this.holds.set(r.items);
        this.mayManage.set(r.mayManage);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected hasOwnHold(): boolean {
    const own = this.isDocument() ? 'DOCUMENT' : 'CASE_FILE';
    return (this.holds() ?? []).some((h) => h.scope === own);
  }

  protected place(): void {
    const scope = this.isDocument() ? 'DOCUMENT' : 'CASE_FILE';
    this.http.post('/api/legal-holds', { scope, ...this.target(), reason: this.reason.trim() }).subscribe({
      next: () => this.done(),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected lift(id: string): void {
    this.http.post(`/api/legal-holds/${id}/lift`, { reason: this.liftReason.trim() }).subscribe({
      next: () => this.done(),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  private done(): void {
    this.placing.set(false);
    this.lifting.set(null);
    this.reason = '';
    this.changed.emit();
    this.load();
  }

  protected scopeLabel(h: LegalHold): string {
    return h.scope === 'ORGANISATION_YEAR'
      ? this.i18n.t('records.holds.ORGANISATION_YEAR', { year: h.year ?? '' })
      : this.i18n.t(`records.holds.${h.scope}`);
  }

  protected date(iso: string): string {
    return formatVtDate(iso);
  }
}
