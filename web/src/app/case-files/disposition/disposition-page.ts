import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import type { DispositionReport } from '../case-files.models';

/** /case-files/disposition — transferred files past their retention, the two approvals each needs, PDF/Excel. */
@Component({
  selector: 'vt-disposition-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../shared/case-files.css',
  template: `
    <p>
      <a routerLink="/case-files/archive">← {{ i18n.t('caseFiles.archive.title') }}</a>
    </p>
    <h1 class="page-title">{{ i18n.t('caseFiles.disposition.title') }}</h1>
    <p class="muted">{{ i18n.t('caseFiles.disposition.needs') }}</p>
    <form class="inline" novalidate (ngSubmit)="load()">
      <div class="field">
        <label for="d-asof">{{ i18n.t('caseFiles.disposition.asOf') }}</label>
        <input id="d-asof" name="asOf" type="date" data-testid="disposition-as-of" [(ngModel)]="asOf" />
      </div>
      <button type="submit" class="btn" data-testid="disposition-show">{{ i18n.t('caseFiles.disposition.show') }}</button>
      <a class="btn" data-testid="disposition-pdf" [href]="api.dispositionUrl('pdf', asOf || undefined)" download>{{
        i18n.t('caseFiles.disposition.pdf')
      }}</a>
      <a class="btn" data-testid="disposition-xlsx" [href]="api.dispositionUrl('xlsx', asOf || undefined)" download>{{
        i18n.t('caseFiles.disposition.xlsx')
      }}</a>
    </form>
    @if (problem(); as p) {
      <vt-problem-message data-testid="disposition-error" [problem]="p" />
    }
    @if (report(); as r) {
      <section class="card card-flush">
        @if (r.items.length) {
          <table class="table table-stack" data-testid="disposition-list">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('caseFiles.list.colCode') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.list.colTitle') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.list.colRetention') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.page.reviewDate') }}</th>
                <th scope="col">{{ i18n.t('caseFiles.disposition.approvals') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (c of r.items; track c.id) {
                <tr data-testid="disposition-row" [attr.data-case-file-id]="c.id" [attr.data-approvals]="c.approvals.length">
                  <td class="nowrap">{{ c.code }}</td>
                  <td>
                    <a [routerLink]="['/case-files', c.id]">{{ c.title }}</a>
                  </td>
                  <td>{{ c.maintenance }}</td>
                  <td class="nowrap">{{ c.disposalReviewDate | vtDate }}</td>
                  <td>
                    @for (a of c.approvals; track a.capacity) {
                      <div data-testid="disposition-approval" [attr.data-capacity]="a.capacity">
                        {{ i18n.t(capacityKey(a.capacity)) }}: {{ a.user.fullName }}
                      </div>
                    } @empty {
                      —
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="empty" data-testid="disposition-empty">{{ i18n.t('caseFiles.disposition.empty') }}</p>
        }
      </section>
    }
  `,
})
export class DispositionPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly api = inject(CaseFilesApi);
  protected asOf = '';
  protected readonly report = signal<DispositionReport | null>(null);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected capacityKey(c: string): TranslationKey {
    return `caseFiles.capacity.${c}` as TranslationKey;
  }

  protected load(): void {
    this.api.disposition(this.asOf || undefined).subscribe({
      next: (r) => {
        this.report.set(r);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
