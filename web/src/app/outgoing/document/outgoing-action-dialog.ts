import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { Observable } from 'rxjs';
import type { OrganisationPerson, Problem } from '../../core/api.models';
import { PeopleService, groupByUnit, personLabel } from '../../core/people.service';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { ACCEPT_ATTACHMENTS, ACCEPT_SOURCE, isPdf } from '../draft/outgoing-draft-page';
import { OutgoingApi } from '../outgoing-api.service';
import { DispatchPlanView } from './dispatch-plan';
import type { OutgoingDocument } from '../outgoing.models';

export type DialogAction =
  'revise' | 'submit' | 'approve' | 'return' | 'forward' | 'reject' | 'issue' | 'issue_paper_signature' | 'dispatch';
export const DIALOG_ACTIONS: readonly DialogAction[] = [
  'revise',
  'submit',
  'approve',
  'return',
  'forward',
  'reject',
  'issue',
  'issue_paper_signature',
  'dispatch',
];

/** One workflow action on an outgoing document: the fields it needs, the call, the server's problem if any. */
@Component({
  selector: 'vt-outgoing-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors, DispatchPlanView],
  // The inline panel look (.dialog) of the outgoing pages; styles of the page do not reach into this component.
  styleUrl: '../shared/outgoing.css',
  styles: `
    .people-pick {
      border: 0;
      padding: 0;
      margin: 0;
      min-width: 0;
    }
    .people-pick legend {
      padding: 0;
      margin-bottom: 4px;
    }
    .people-list {
      max-height: 16rem;
      overflow-y: auto;
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 6px 10px;
      background: #fff;
    }
    .people-unit {
      margin: 6px 0 2px;
      font-weight: 600;
    }
    .people-list label {
      display: block;
      padding: 2px 0;
    }
  `,
  template: `
    <section
      class="dialog"
      role="dialog"
      aria-modal="false"
      data-testid="action-dialog"
      [attr.data-action]="action()"
      [attr.aria-labelledby]="'dlg-title'"
    >
      <h2 class="section-title" id="dlg-title">{{ i18n.t(titleKey()) }}</h2>
      @if (problem(); as p) {
        <vt-problem-message data-testid="dialog-error" [problem]="p" [fieldPaths]="fieldPaths" />
      }
      <form class="form-grid" novalidate (ngSubmit)="confirm()">
        @switch (action()) {
          @case ('revise') {
            <div class="field">
              <label for="dlg-reason">{{ i18n.t('outgoing.dialog.reason') }}</label>
              <input id="dlg-reason" name="reason" data-testid="dialog-reason" [(ngModel)]="reason" />
              <vt-field-errors path="reason" [problem]="problem()" [missing]="tried() && !reason.trim()" />
            </div>
            <div class="field">
              <label for="dlg-subject">{{ i18n.t('outgoing.dialog.subject') }}</label>
              <input id="dlg-subject" name="subject" data-testid="dialog-subject" [(ngModel)]="subject" />
            </div>
            <p class="muted small">{{ i18n.t('outgoing.dialog.keepHint') }}</p>
            <div class="field">
              <label for="dlg-main">{{ i18n.t('outgoing.dialog.main') }}</label>
              <input
                id="dlg-main"
                type="file"
                accept="application/pdf,.pdf"
                data-testid="dialog-main"
                (change)="main.set(fileOf($event))"
              />
              @if (main() && !mainIsPdf()) {
                <p class="field-error">{{ i18n.t('outgoing.draft.mainNotPdf') }}</p>
              }
              <vt-field-errors path="main" [problem]="problem()" />
            </div>
            <div class="field">
              <label for="dlg-source">{{ i18n.t('outgoing.dialog.source') }}</label>
              <input
                id="dlg-source"
                type="file"
                [accept]="acceptSource"
                data-testid="dialog-source"
                (change)="source.set(fileOf($event))"
              />
            </div>
            <div class="field">
              <label for="dlg-attachments">{{ i18n.t('outgoing.dialog.attachments') }}</label>
              <input
                id="dlg-attachments"
                type="file"
                multiple
                [accept]="acceptAttachments"
                data-testid="dialog-attachments"
                (change)="attachments.set(filesOf($event))"
              />
            </div>
          }
          @case ('submit') {
            @if (document().status === 'DRAFT') {
              <fieldset class="field people-pick" data-testid="dialog-extra-reviewers">
                <legend>
                  {{ i18n.t('outgoing.dialog.extraReviewers') }} <span class="muted">({{ i18n.t('common.optional') }})</span>
                </legend>
                <p class="muted small">{{ i18n.t('outgoing.dialog.extraReviewersHint') }}</p>
                @if (people.isLoading()) {
                  <p class="muted small">{{ i18n.t('outgoing.people.loading') }}</p>
                } @else if (reviewerGroups().length) {
                  <div class="people-list">
                    @for (g of reviewerGroups(); track g.unitId) {
                      <div class="people-unit small">{{ g.unitName ?? i18n.t('outgoing.people.noUnit') }}</div>
                      @for (p of g.people; track p.id) {
                        <label class="small">
                          <input
                            type="checkbox"
                            data-testid="dialog-extra-reviewer"
                            [value]="p.id"
                            [checked]="extraReviewers().has(p.id)"
                            (change)="toggleReviewer(p.id, $event)"
                          />
                          {{ label(p) }}
                        </label>
                      }
                    }
                  </div>
                } @else if (people.hasValue()) {
                  <p class="muted small">{{ i18n.t('outgoing.people.empty') }}</p>
                }
                <vt-field-errors path="extraReviewers" [problem]="problem()" />
              </fieldset>
            }
            <div class="field">
              <label for="dlg-note"
                >{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label
              >
              <textarea id="dlg-note" name="note" rows="2" data-testid="dialog-note" [(ngModel)]="note"></textarea>
            </div>
          }
          @case ('forward') {
            <div class="field">
              <label for="dlg-user">{{ i18n.t('outgoing.dialog.user') }}</label>
              <select id="dlg-user" name="user" data-testid="dialog-user" [(ngModel)]="userId">
                <option value="">{{ i18n.t('outgoing.draft.choose') }}</option>
                @for (g of forwardGroups(); track g.unitId) {
                  <optgroup [label]="g.unitName ?? i18n.t('outgoing.people.noUnit')">
                    @for (p of g.people; track p.id) {
                      <option [value]="p.id">{{ label(p) }}</option>
                    }
                  </optgroup>
                }
              </select>
              @if (people.isLoading()) {
                <p class="muted small">{{ i18n.t('outgoing.people.loading') }}</p>
              }
              <vt-field-errors path="userId" [problem]="problem()" [missing]="tried() && !userId" [select]="true" />
            </div>
            <div class="field">
              <label for="dlg-note"
                >{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label
              >
              <textarea id="dlg-note" name="note" rows="2" data-testid="dialog-note" [(ngModel)]="note"></textarea>
            </div>
          }
          @default {}
        }
        @if (action() === 'return' || action() === 'reject') {
          <div class="field">
            <label for="dlg-comment">{{ i18n.t('outgoing.dialog.comment') }}</label>
            <textarea id="dlg-comment" name="comment" rows="3" data-testid="dialog-comment" [(ngModel)]="comment"></textarea>
            <vt-field-errors path="comment" [problem]="problem()" [missing]="tried() && !comment.trim()" />
          </div>
        }
        @if (action() === 'approve' || action() === 'issue' || action() === 'issue_paper_signature') {
          <div class="field">
            <label for="dlg-note"
              >{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label
            >
            <textarea id="dlg-note" name="note" rows="2" data-testid="dialog-note" [(ngModel)]="note"></textarea>
          </div>
        }
        @if (action() === 'issue' || action() === 'issue_paper_signature') {
          <p class="muted small">{{ i18n.t('outgoing.dialog.issueHint') }}</p>
        }
        @if (action() === 'issue_paper_signature') {
          <label class="small"
            ><input type="checkbox" name="paper" data-testid="dialog-paper-confirm" [(ngModel)]="paperConfirmed" />
            {{ i18n.t('outgoing.dialog.paperConfirm') }}</label
          >
        }
        @if (action() === 'dispatch') {
          <p class="muted small">{{ i18n.t('outgoing.dialog.dispatchHint') }}</p>
          <vt-dispatch-plan [documentId]="document().id" />
        }
        <div class="form-actions">
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="dialog-submit"
            [disabled]="working() || (action() === 'issue_paper_signature' && !paperConfirmed)"
          >
            {{ i18n.t('outgoing.dialog.submit') }}
          </button>
          <button type="button" class="btn" data-testid="dialog-cancel" (click)="cancelled.emit()">
            {{ i18n.t('outgoing.dialog.cancel') }}
          </button>
        </div>
      </form>
    </section>
  `,
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
