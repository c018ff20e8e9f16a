import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import { formatVtDate, VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import type { LegalHold as HoldRecord } from './records.models';

/**
 * /legal-holds — phong toả of an organisation, for its archivists and the administrators over it: every hold,
 * in force or lifted (the record stays), placing a hold on a whole year and lifting any hold with a reason.
 * Holds on one case file or document are placed from its own page.
 */
@Component({
  selector: 'vt-legal-holds-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  templateUrl: './legal-holds-page.html',
  styles: `
    .inline-form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
      margin: 0.5rem 0;
    }
    .inline-form .field {
      margin: 0;
    }
    .inline-form .grow {
      flex: 1 1 16rem;
    }
    .year {
      width: 7rem;
    }
    .lifted {
      color: var(--text-muted);
    }
    .held {
      background: var(--red);
      color: #fff;
    }
  `,
})
export class LegalHoldsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  protected readonly organisations = signal<{ id: string; name: string }[] | null>(null);
  protected readonly holds = signal<HoldRecord[] | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly lifting = signal<string | null>(null);
  protected organisationId = '';
  protected year = new Date().getFullYear();
  protected reason = '';
  protected liftReason = '';

  ngOnInit(): void {
    this.http.get<{ items: { id: string; name: string }[] }>('/api/legal-holds/organisations').subscribe({
      next: (r) => {
        this.organisations.set(r.items);
        if (r.items.length) {
          this.organisationId = r.items[0].id;
          this.load();
        }
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected load(): void {
    this.http.get<{ items: HoldRecord[] }>('/api/legal-holds', { params: { organisationId: this.organisationId } }).subscribe({
      next: (r) => {
        this.holds.set(r.items);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected place(): void {
    const body = { scope: 'ORGANISATION_YEAR', organisationId: this.organisationId, year: Number(this.year), reason: this.reason.trim() };
    this.http.post('/api/legal-holds', body).subscribe({
      next: () => {
        this.reason = '';
        this.load();
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected lift(id: string): void {
    this.http.post(`/api/legal-holds/${id}/lift`, { reason: this.liftReason.trim() }).subscribe({
      next: () => {
        this.lifting.set(null);
        this.liftReason = '';
        this.load();
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected scopeLabel(h: HoldRecord): string {
    return h.scope === 'ORGANISATION_YEAR'
      ? this.i18n.t('records.holds.ORGANISATION_YEAR', { year: h.year ?? '' })
      : this.i18n.t(`records.holds.${h.scope}`);
  }

  /** Where a held case file or document is read (and its own hold managed). */
  protected link(h: HoldRecord): string[] | null {
    if (h.caseFileId) return ['/case-files', h.caseFileId];
    if (h.documentKind && h.documentId) return [h.documentKind === 'INCOMING' ? '/incoming' : '/outgoing', h.documentId];
    return null;
  }

  protected lifted(h: HoldRecord): string {
    return this.i18n.t('records.holds.liftedBy', { name: h.liftedByName ?? '', at: formatVtDate(h.liftedAt), reason: h.liftReason ?? '' });
  }
}
