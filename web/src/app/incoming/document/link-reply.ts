import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { OutgoingApi } from '../../outgoing/outgoing-api.service';
import type { OutgoingSummary } from '../../outgoing/outgoing.models';
import { ProblemMessage } from '../../shared/problem-message';

/**
 * "Liên kết văn bản trả lời": an outgoing document of the caller's, already drafted or issued, becomes the
 * reply to this incoming one (an issued one completes the handling at once when the box stays ticked).
 */
@Component({
  selector: 'vt-link-reply',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage],
  template: `
    @if (candidates().length) {
      <form class="link-reply" (ngSubmit)="link()" data-testid="link-reply">
        @if (problem(); as p) {
          <vt-problem-message [problem]="p" />
        }
        <label for="link-reply-select">{{ i18n.t('routing.replies.linkExisting') }}</label>
        <div class="row">
          <select id="link-reply-select" name="outgoingId" data-testid="link-reply-select" [(ngModel)]="outgoingId">
            <option value="">{{ i18n.t('routing.replies.choose') }}</option>
            @for (o of candidates(); track o.id) {
              <option [value]="o.id">{{ o.issued?.numberAndSymbol ?? i18n.t('routing.replies.notIssued') }} — {{ o.subject }}</option>
            }
          </select>
          <button type="submit" class="btn" data-testid="link-reply-submit" [disabled]="!outgoingId || working()">
            {{ i18n.t('routing.replies.link') }}
          </button>
        </div>
        <label class="small check">
          <input type="checkbox" name="completeOnIssue" [(ngModel)]="completeOnIssue" />
          {{ i18n.t('routing.replies.completeOnIssue') }}
        </label>
      </form>
    }
  `,
  styles: `
    .link-reply {
      display: grid;
      gap: 6px;
      margin-top: 12px;
    }
    .row {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .row select {
      flex: 1 1 240px;
      min-width: 0;
    }
    .check {
      display: flex;
      gap: 6px;
      align-items: baseline;
    }
  `,
})
export class LinkReply implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly outgoing = inject(OutgoingApi);

  readonly incomingId = input.required<string>();
  readonly organisationId = input.required<string>();
  /** Replies already linked, left out of the choices. */
  readonly linked = input<readonly string[]>([]);
  readonly done = output<void>();

  private readonly mine = signal<OutgoingSummary[]>([]);
  protected readonly candidates = computed(() =>
    this.mine().filter((o) => o.organisationId === this.organisationId() && !this.linked().includes(o.id) && o.status !== 'REJECTED'),
  );
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected outgoingId = '';
  protected completeOnIssue = true;

  ngOnInit(): void {
    this.outgoing.list({ mine: true, limit: 100 }).subscribe({ next: (r) => this.mine.set(r.items), error: () => this.mine.set([]) });
  }

  protected link(): void {
    if (!this.outgoingId || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.outgoing.linkReply(this.outgoingId, this.incomingId(), this.completeOnIssue).subscribe({
      next: () => {
        this.working.set(false);
        this.outgoingId = '';
        this.done.emit();
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
