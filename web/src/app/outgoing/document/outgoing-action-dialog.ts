import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { Observable } from 'rxjs';
import { listOf, type OrganisationPerson, type Problem } from '../../core/api.models';
import { PeopleService, groupByUnit, personLabel } from '../../core/people.service';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { ACCEPT_ATTACHMENTS, ACCEPT_SOURCE, isPdf } from '../draft/outgoing-draft-page';
import { OutgoingApi } from '../outgoing-api.service';
import { DispatchPlanView } from './dispatch-plan';
import type { OutgoingAction, OutgoingDocument } from '../outgoing.models';

/** The server's actions this dialog carries out (signing, manual sends and comments have their own forms). */
export type DialogAction = Exclude<OutgoingAction, 'sign' | 'record_manual_send' | 'comment'>;
export const DIALOG_ACTIONS = listOf<DialogAction>()(
  'revise',
  'submit',
  'approve',
  'return',
  'forward',
  'reject',
  'issue',
  'issue_paper_signature',
  'dispatch',
);

/** One workflow action on an outgoing document: the fields it needs, the call, the server's problem if any. */
@Component({
  selector: 'vt-outgoing-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors, DispatchPlanView],
  // The inline panel look (.dialog) of the outgoing pages; styles of the page do not reach into this component.
  styleUrls: ['../shared/outgoing.css', './outgoing-action-dialog.css'],
  templateUrl: './outgoing-action-dialog.html',
})
export class OutgoingActionDialog {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(OutgoingApi);
  private readonly peopleService = inject(PeopleService);

  readonly document = input.required<OutgoingDocument>();
  readonly action = input.required<DialogAction>();
  readonly done = output<OutgoingDocument>();
  readonly cancelled = output<void>();

  protected readonly acceptSource = ACCEPT_SOURCE;
  protected readonly acceptAttachments = ACCEPT_ATTACHMENTS;
  protected readonly fieldPaths = ['reason', 'comment', 'userId', 'main', 'extraReviewers'];

  protected note = '';
  protected comment = '';
  protected reason = '';
  protected subject = '';
  protected userId = '';
  protected readonly extraReviewers = signal<ReadonlySet<string>>(new Set());
  protected paperConfirmed = false;
  protected readonly main = signal<File | null>(null);
  protected readonly source = signal<File | null>(null);
  protected readonly attachments = signal<File[]>([]);

  protected readonly working = signal(false);
  protected readonly tried = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly label = personLabel;

  protected readonly titleKey = computed(() => `outgoing.dialog.title.${this.action()}` as TranslationKey);
  protected readonly mainIsPdf = computed(() => !this.main() || isPdf(this.main()!));
  /** Whether this action picks people: forward (whom to), a first submission (extra reviewers). */
  private readonly picksPeople = computed(
    () => this.action() === 'forward' || (this.action() === 'submit' && this.document().status === 'DRAFT'),
  );
  /** Active people of the document's organisation, loaded only for the actions that pick people. */
  protected readonly people = rxResource<OrganisationPerson[], string | undefined>({
    params: () => (this.picksPeople() ? this.document().organisationId : undefined),
    stream: ({ params }) => this.peopleService.people(params),
  });
  private readonly peopleList = computed(() => (this.people.hasValue() ? this.people.value() : []));
  protected readonly forwardGroups = computed(() => groupByUnit(this.peopleList()));
  /** Extra reviewers: anyone of the organisation but the author. */
  protected readonly reviewerGroups = computed(() => {
    const author = this.document().author.id;
    return groupByUnit(this.peopleList().filter((p) => p.id !== author));
  });

  constructor() {
    // A failed people list shows as the dialog's problem.
    effect(() => {
      const err = this.people.error();
      if (err) this.problem.set(toProblem(err));
    });
  }

  protected fileOf(event: Event): File | null {
    return (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected filesOf(event: Event): File[] {
    return Array.from((event.target as HTMLInputElement).files ?? []);
  }

  protected toggleReviewer(id: string, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.extraReviewers.update((set) => {
      const next = new Set(set);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  private request(): Observable<OutgoingDocument> | null {
    const id = this.document().id;
    const note = this.note.trim() || undefined;
    switch (this.action()) {
      case 'revise': {
        if (!this.reason.trim() || !this.mainIsPdf()) return null;
        const subject = this.subject.trim();
        return this.api.revise(id, {
          reason: this.reason,
          metadata: subject ? { subject } : undefined,
          main: this.main(),
          source: this.source(),
          attachments: this.attachments(),
          dropAttachments: false,
        });
      }
      case 'submit': {
        // Only a first submission adds reviewers; keep the order of the list shown.
        const chosen = this.extraReviewers();
        const extra =
          this.document().status === 'DRAFT'
            ? this.reviewerGroups().flatMap((g) => g.people.filter((p) => chosen.has(p.id)).map((p) => p.id))
            : [];
        return this.api.submit(id, { extraReviewers: extra, note });
      }
      case 'approve':
        return this.api.approve(id, { note });
      case 'return':
        return this.comment.trim() ? this.api.returnForRevision(id, this.comment.trim()) : null;
      case 'reject':
        return this.comment.trim() ? this.api.reject(id, this.comment.trim()) : null;
      case 'forward':
        return this.userId ? this.api.forward(id, { userId: this.userId, note }) : null;
      case 'issue':
        return this.api.issue(id, { note });
      case 'issue_paper_signature':
        return this.paperConfirmed ? this.api.issue(id, { paperSignature: true, note }) : null;
      case 'dispatch':
        return this.api.dispatch(id);
    }
  }

  protected confirm(): void {
    this.tried.set(true);
    if (this.working()) return;
    const call = this.request();
    if (!call) return;
    this.working.set(true);
    this.problem.set(null);
    call.subscribe({
      next: (doc) => {
        this.working.set(false);
        this.done.emit(doc);
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
