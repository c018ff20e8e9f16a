import { ChangeDetectionStrategy, Component, OnInit, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey, type TranslationParams } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import { MANUAL_SEND_METHODS, type ManualSendMethod, type OutgoingDocument, type OutgoingRecipient } from '../outgoing.models';

/** The clerk records how a recipient the system cannot reach was sent the document: post, e-mail or hand, day, note. */
@Component({
  selector: 'vt-manual-send-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors],
  // The inline panel look (.dialog) of the outgoing pages; styles of the page do not reach into this component.
  styleUrl: '../shared/outgoing.css',
  styles: `
    .method-pick {
      border: 0;
      padding: 0;
      margin: 0 0 14px;
      min-width: 0;
    }
    .method-pick legend {
      padding: 0;
      margin-bottom: 6px;
      font-weight: 500;
    }
    .methods {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 20px;
    }
    .methods label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 1rem;
    }
    .methods input {
      width: 18px;
      height: 18px;
      margin: 0;
    }
  `,
  template: `
    <section class="dialog" role="dialog" aria-modal="false" aria-labelledby="ms-title" data-testid="manual-send-dialog">
      <h3 class="section-title" id="ms-title">{{ i18n.t('workflow.manual.dialogTitle') }}: {{ recipient().name }}</h3>
      @if (problem(); as p) {
        <vt-problem-message data-testid="manual-send-error" [problem]="p" [fieldPaths]="['method', 'sentOn', 'note']" />
      }
      <form novalidate (ngSubmit)="save()">
        <fieldset class="method-pick">
          <legend>{{ i18n.t('workflow.manual.method') }}</legend>
          <div class="methods">
            @for (m of methods; track m) {
              <label
                ><input type="radio" name="method" data-testid="manual-method" [attr.data-method]="m" [value]="m" [(ngModel)]="method" />
                {{ wt('workflow.manual.methods.' + m) }}</label
              >
            }
          </div>
          <vt-field-errors path="method" [problem]="problem()" />
        </fieldset>
        <div class="form-row">
          <div class="field">
            <label for="ms-date">{{ i18n.t('workflow.manual.sentOn') }}</label>
            <input id="ms-date" name="sentOn" type="date" data-testid="manual-sent-on" [max]="today" [(ngModel)]="sentOn" />
            <vt-field-errors path="sentOn" [problem]="problem()" [missing]="tried() && !sentOn" />
          </div>
        </div>
        <div class="field">
          <label for="ms-note"
            >{{ i18n.t('workflow.manual.note') }} <span class="muted">({{ i18n.t('common.optional') }})</span></label
          >
          <textarea id="ms-note" name="note" rows="2" data-testid="manual-note" [(ngModel)]="note"></textarea>
          <vt-field-errors path="note" [problem]="problem()" />
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" data-testid="manual-save" [disabled]="working()">
            {{ i18n.t('workflow.manual.save') }}
          </button>
          <button type="button" class="btn" data-testid="manual-cancel" (click)="cancelled.emit()">
            {{ i18n.t('workflow.manual.cancel') }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class ManualSendDialog implements OnInit {
  protected readonly i18n = inject(TranslationService);
  /** A workflow.* label picked by code (an enum value of the API). */
  protected readonly wt = (key: string, params?: TranslationParams) => this.i18n.t(key as TranslationKey, params);
  private readonly api = inject(OutgoingApi);

  readonly document = input.required<OutgoingDocument>();
  readonly recipient = input.required<OutgoingRecipient>();
  readonly done = output<OutgoingDocument>();
  readonly cancelled = output<void>();

  protected readonly methods = MANUAL_SEND_METHODS;
  /** Today in Vietnam (the server refuses a later day), whatever the browser's time zone. */
  protected readonly today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  protected method: ManualSendMethod = 'POST';
  protected sentOn = this.today;
  protected note = '';
  protected readonly tried = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    // Correcting a record starts from what was recorded.
    const m = this.recipient().delivery?.manual;
    if (m) {
      this.method = m.method;
      this.sentOn = m.sentOn;
      this.note = m.note ?? '';
    }
  }

  protected save(): void {
    this.tried.set(true);
    const delivery = this.recipient().delivery;
    if (!delivery || !this.sentOn || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.api
      .recordManualSend(this.document().id, delivery.id, { method: this.method, sentOn: this.sentOn, note: this.note.trim() || undefined })
      .subscribe({
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
