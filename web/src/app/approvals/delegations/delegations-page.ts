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
  templateUrl: './delegations-page.html',
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
