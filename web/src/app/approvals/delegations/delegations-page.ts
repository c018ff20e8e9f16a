import { ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { OrganisationPerson, Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { PeopleService, groupByUnit, personLabel } from '../../core/people.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe, todayIso } from '../../incoming/shared/vt-date.pipe';
import { OutgoingApi } from '../../outgoing/outgoing-api.service';
import type { Delegation } from '../../outgoing/outgoing.models';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';

/** /approvals/delegations — ủy quyền: delegations I gave and received; give one to a deputy for a date range, revoke one. */
@Component({
  selector: 'vt-delegations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, FieldErrors, VtDatePipe],
  styleUrl: '../../outgoing/shared/outgoing.css',
  template: `
    <p>
      <a routerLink="/approvals">← {{ i18n.t('outgoing.approvals.title') }}</a>
    </p>
    <h1 class="page-title">{{ i18n.t('outgoing.delegations.title') }}</h1>
    <p class="muted">{{ i18n.t('outgoing.delegations.intro') }}</p>
    @if (notice(); as n) {
      <div class="alert alert-success" role="status" data-testid="delegation-notice">{{ n }}</div>
    }
    @if (problem(); as p) {
      <vt-problem-message data-testid="delegation-error" [problem]="p" [fieldPaths]="fieldPaths" />
    }
    <section class="card card-flush">
      @if (items().length) {
        <table class="table table-stack" data-testid="delegations">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('outgoing.delegations.colDelegator') }}</th>
              <th scope="col">{{ i18n.t('outgoing.delegations.colDeputy') }}</th>
              <th scope="col">{{ i18n.t('outgoing.delegations.colPeriod') }}</th>
              <th scope="col">{{ i18n.t('outgoing.delegations.colState') }}</th>
              <th scope="col">
                <span class="sr-only">{{ i18n.t('common.actions') }}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            @for (d of items(); track d.id) {
              <tr data-testid="delegation-row" [attr.data-delegation-id]="d.id">
                <td [attr.data-label]="i18n.t('outgoing.delegations.colDelegator')">{{ d.delegator.fullName }}</td>
                <td [attr.data-label]="i18n.t('outgoing.delegations.colDeputy')">
                  {{ d.deputy.fullName }}
                  @if (d.canSign) {
                    <div class="muted small">{{ i18n.t('outgoing.delegations.canSign') }}</div>
                  }
                </td>
                <td [attr.data-label]="i18n.t('outgoing.delegations.colPeriod')" class="nowrap">
                  {{ d.fromDate | vtDate }} – {{ d.toDate | vtDate }}
                </td>
                <td [attr.data-label]="i18n.t('outgoing.delegations.colState')" data-testid="delegation-state">
                  {{
                    d.revoked
                      ? i18n.t('outgoing.delegations.revokedState')
                      : d.activeToday
                        ? i18n.t('outgoing.delegations.active')
                        : i18n.t('outgoing.delegations.inactive')
                  }}
                </td>
                <td class="cell-actions">
                  @if (!d.revoked && d.delegator.id === myId()) {
                    <button type="button" class="btn btn-small btn-danger-outline" data-testid="delegation-revoke" (click)="revoke(d)">
                      {{ i18n.t('outgoing.delegations.revoke') }}
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (loaded()) {
        <p class="empty" data-testid="delegations-empty">{{ i18n.t('outgoing.delegations.empty') }}</p>
      }
    </section>
    <section class="card form-card">
      <form class="form-grid" novalidate (ngSubmit)="create()">
        <div class="field">
          <label for="delegation-deputy">{{ i18n.t('outgoing.delegations.deputy') }}</label>
          <select id="delegation-deputy" name="deputyId" data-testid="delegation-deputy" [(ngModel)]="deputyId">
            <option value="">{{ i18n.t('outgoing.draft.choose') }}</option>
            @for (g of deputyGroups(); track g.unitId) {
              <optgroup [label]="g.unitName ?? i18n.t('outgoing.people.noUnit')">
                @for (p of g.people; track p.id) {
                  <option [value]="p.id">{{ label(p) }}</option>
                }
              </optgroup>
            }
          </select>
          @if (people.isLoading()) {
            <p class="muted small">{{ i18n.t('outgoing.people.loading') }}</p>
          } @else {
            <p class="muted small">{{ i18n.t('outgoing.delegations.deputyHint') }}</p>
          }
          <vt-field-errors path="deputyId" [problem]="problem()" [missing]="tried() && !deputyId" [select]="true" />
        </div>
        <div class="form-row">
          <div class="field">
            <label for="delegation-from">{{ i18n.t('outgoing.delegations.from') }}</label>
            <input id="delegation-from" type="date" name="fromDate" data-testid="delegation-from" [(ngModel)]="fromDate" />
            <vt-field-errors path="fromDate" [problem]="problem()" [missing]="tried() && !fromDate" />
          </div>
          <div class="field">
            <label for="delegation-to">{{ i18n.t('outgoing.delegations.to') }}</label>
            <input id="delegation-to" type="date" name="toDate" data-testid="delegation-to" [min]="fromDate" [(ngModel)]="toDate" />
            <vt-field-errors path="toDate" [problem]="problem()" [missing]="tried() && !toDate" />
          </div>
        </div>
        <label class="small"
          ><input type="checkbox" name="canSign" data-testid="delegation-can-sign" [(ngModel)]="canSign" />
          {{ i18n.t('outgoing.delegations.canSign') }}</label
        >
        <div class="field">
          <label for="delegation-note"
            >{{ i18n.t('outgoing.delegations.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label
          >
          <input id="delegation-note" name="note" data-testid="delegation-note" [(ngModel)]="note" />
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" data-testid="delegation-submit" [disabled]="working()">
            {{ i18n.t('outgoing.delegations.submit') }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class DelegationsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(OutgoingApi);
  private readonly auth = inject(AuthService);
  private readonly peopleService = inject(PeopleService);

  protected readonly fieldPaths = ['deputyId', 'fromDate', 'toDate'];
  protected readonly items = signal<Delegation[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly working = signal(false);
  protected readonly tried = signal(false);
  protected readonly myId = () => this.auth.me()?.id ?? '';
  protected readonly label = personLabel;
  /** Possible deputies: the active people of my organisation. */
  protected readonly people = rxResource<OrganisationPerson[], string | undefined>({
    params: () => this.auth.me()?.organisation.id,
    stream: ({ params }) => this.peopleService.people(params),
  });
  protected readonly deputyGroups = computed(() => {
    const me = this.myId();
    return groupByUnit((this.people.hasValue() ? this.people.value() : []).filter((p) => p.id !== me));
  });

  constructor() {
    effect(() => {
      const err = this.people.error();
      if (err) this.problem.set(toProblem(err));
    });
  }

  protected deputyId = '';
  protected fromDate = todayIso();
  protected toDate = '';
  protected canSign = true;
  protected note = '';

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.api.delegations().subscribe({
      next: (items) => {
        this.items.set(items);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected create(): void {
    this.tried.set(true);
    if (!this.deputyId || !this.fromDate || !this.toDate || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    this.api
      .delegate({
        deputyId: this.deputyId,
        fromDate: this.fromDate,
        toDate: this.toDate,
        canSign: this.canSign,
        note: this.note.trim() || undefined,
      })
      .subscribe({
        next: (d) => {
          this.working.set(false);
          this.tried.set(false);
          this.deputyId = this.note = '';
          this.items.update((list) => [d, ...list]);
          this.notice.set(this.i18n.t('outgoing.delegations.created'));
        },
        error: (err: unknown) => {
          this.working.set(false);
          this.problem.set(toProblem(err));
        },
      });
  }

  protected revoke(d: Delegation): void {
    this.problem.set(null);
    this.api.revokeDelegation(d.id).subscribe({
      next: () => {
        this.items.update((list) => list.map((x) => (x.id === d.id ? { ...x, revoked: true, activeToday: false } : x)));
        this.notice.set(this.i18n.t('outgoing.delegations.revoked'));
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
