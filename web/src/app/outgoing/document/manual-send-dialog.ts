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
  styleUrls: ['../shared/outgoing.css', './manual-send-dialog.css'],
  templateUrl: './manual-send-dialog.html',
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
