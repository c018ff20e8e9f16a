import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Observable } from 'rxjs';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { ACCEPT_ATTACHMENTS, ACCEPT_SOURCE, isPdf } from '../draft/outgoing-draft-page';
import { OutgoingApi } from '../outgoing-api.service';
import type { OutgoingDocument, Person } from '../outgoing.models';

export type DialogAction = 'revise' | 'submit' | 'approve' | 'return' | 'forward' | 'reject' | 'issue' | 'issue_paper_signature' | 'dispatch';
export const DIALOG_ACTIONS: readonly DialogAction[] = ['revise', 'submit', 'approve', 'return', 'forward', 'reject', 'issue', 'issue_paper_signature', 'dispatch'];

/** One workflow action on an outgoing document: the fields it needs, the call, the server's problem if any. */
@Component({
  selector: 'vt-outgoing-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors],
  template: `
    <section class="dialog" role="dialog" aria-modal="false" data-testid="action-dialog" [attr.data-action]="action()" [attr.aria-labelledby]="'dlg-title'">
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
              <input id="dlg-main" type="file" accept="application/pdf,.pdf" data-testid="dialog-main" (change)="main.set(fileOf($event))" />
              @if (main() && !mainIsPdf()) {
                <p class="field-error">{{ i18n.t('outgoing.draft.mainNotPdf') }}</p>
              }
              <vt-field-errors path="main" [problem]="problem()" />
            </div>
            <div class="field">
              <label for="dlg-source">{{ i18n.t('outgoing.dialog.source') }}</label>
              <input id="dlg-source" type="file" [accept]="acceptSource" data-testid="dialog-source" (change)="source.set(fileOf($event))" />
            </div>
            <div class="field">
              <label for="dlg-attachments">{{ i18n.t('outgoing.dialog.attachments') }}</label>
              <input id="dlg-attachments" type="file" multiple [accept]="acceptAttachments" data-testid="dialog-attachments" (change)="attachments.set(filesOf($event))" />
            </div>
          }
          @case ('submit') {
            @if (document().status === 'DRAFT') {
              <div class="field">
                <label for="dlg-extra">{{ i18n.t('outgoing.dialog.extraReviewers') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label>
                <input id="dlg-extra" name="extra" data-testid="dialog-extra-reviewers" [(ngModel)]="extraReviewers" />
                <vt-field-errors path="extraReviewers" [problem]="problem()" />
              </div>
            }
            <div class="field">
              <label for="dlg-note">{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label>
              <textarea id="dlg-note" name="note" rows="2" data-testid="dialog-note" [(ngModel)]="note"></textarea>
            </div>
          }
          @case ('forward') {
            <div class="field">
              <label for="dlg-user">{{ i18n.t('outgoing.dialog.user') }}</label>
              <select id="dlg-user" name="user" data-testid="dialog-user" [(ngModel)]="userChoice">
                <option value="">{{ i18n.t('outgoing.draft.choose') }}</option>
                @for (p of people(); track p.id) {
                  <option [value]="p.id">{{ p.fullName }}</option>
                }
                <option value="other">{{ i18n.t('outgoing.dialog.userOther') }}</option>
              </select>
              @if (userChoice === 'other') {
                <label for="dlg-user-id" class="sr-only">{{ i18n.t('outgoing.dialog.userId') }}</label>
                <input id="dlg-user-id" name="userId" data-testid="dialog-user-id" [placeholder]="i18n.t('outgoing.dialog.userId')" [(ngModel)]="userId" />
              }
              <vt-field-errors path="userId" [problem]="problem()" [missing]="tried() && !forwardTo()" [select]="true" />
            </div>
            <div class="field">
              <label for="dlg-note">{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label>
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
            <label for="dlg-note">{{ i18n.t('outgoing.dialog.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label>
            <textarea id="dlg-note" name="note" rows="2" data-testid="dialog-note" [(ngModel)]="note"></textarea>
          </div>
        }
        @if (action() === 'issue' || action() === 'issue_paper_signature') {
          <p class="muted small">{{ i18n.t('outgoing.dialog.issueHint') }}</p>
        }
        @if (action() === 'issue_paper_signature') {
          <label class="small"><input type="checkbox" name="paper" data-testid="dialog-paper-confirm" [(ngModel)]="paperConfirmed" /> {{ i18n.t('outgoing.dialog.paperConfirm') }}</label>
        }
        @if (action() === 'dispatch') {
          <p class="muted small">{{ i18n.t('outgoing.dialog.dispatchHint') }}</p>
        }
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" data-testid="dialog-submit" [disabled]="working() || (action() === 'issue_paper_signature' && !paperConfirmed)">{{ i18n.t('outgoing.dialog.submit') }}</button>
          <button type="button" class="btn" data-testid="dialog-cancel" (click)="cancelled.emit()">{{ i18n.t('outgoing.dialog.cancel') }}</button>
        </div>
      </form>
    </section>
  `,
})
export class OutgoingActionDialog {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(OutgoingApi);

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
  protected userChoice = '';
  protected userId = '';
  protected extraReviewers = '';
  protected paperConfirmed = false;
  protected readonly main = signal<File | null>(null);
  protected readonly source = signal<File | null>(null);
  protected readonly attachments = signal<File[]>([]);

  protected readonly working = signal(false);
  protected readonly tried = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected readonly titleKey = computed(() => `outgoing.dialog.title.${this.action()}` as TranslationKey);
  protected readonly mainIsPdf = computed(() => !this.main() || isPdf(this.main()!));
  /** People already on the document (author, chain): the only directory the outgoing API offers. */
  protected readonly people = computed<Person[]>(() => {
    const d = this.document();
    const seen = new Map<string, Person>();
    for (const s of d.steps) for (const a of s.assignees) seen.set(a.user.id, a.user);
    seen.set(d.author.id, d.author);
    return [...seen.values()];
  });

  protected fileOf(event: Event): File | null {
    return (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  protected filesOf(event: Event): File[] {
    return Array.from((event.target as HTMLInputElement).files ?? []);
  }

  protected forwardTo(): string {
    return this.userChoice === 'other' ? this.userId.trim() : this.userChoice;
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
        const extra = this.extraReviewers.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
        return this.api.submit(id, { extraReviewers: extra, note });
      }
      case 'approve':
        return this.api.approve(id, { note });
      case 'return':
        return this.comment.trim() ? this.api.returnForRevision(id, this.comment.trim()) : null;
      case 'reject':
        return this.comment.trim() ? this.api.reject(id, this.comment.trim()) : null;
      case 'forward':
        return this.forwardTo() ? this.api.forward(id, { userId: this.forwardTo(), note }) : null;
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
