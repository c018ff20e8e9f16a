import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { numberSymbol } from '../../incoming/incoming.models';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import type { AnsweredIncoming, OutgoingDocument } from '../outgoing.models';

/**
 * The incoming documents an outgoing one answers (văn bản trả lời), each with the choice whether issuing it
 * completes that handling (default on; the author, a leader or a unit head changes it until it happened).
 */
@Component({
  selector: 'vt-reply-links',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ProblemMessage],
  templateUrl: './reply-links.html',
  styles: `
    .answers {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 8px;
    }
    .check {
      display: flex;
      gap: 6px;
      align-items: baseline;
      margin-top: 4px;
    }
  `,
})
export class ReplyLinks {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(OutgoingApi);

  readonly documentId = input.required<string>();
  readonly answers = input<readonly AnsweredIncoming[]>([]);
  readonly changed = output<OutgoingDocument>();

  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  protected label(a: AnsweredIncoming): string {
    const arrival = a.arrival ? `${a.arrival.number}/${a.arrival.year}` : '';
    return [arrival && `${this.i18n.t('incoming.doc.arrival')} ${arrival}`, numberSymbol(a), a.issuerName, a.subject]
      .filter(Boolean)
      .join(' — ');
  }

  protected toggle(a: AnsweredIncoming, on: boolean): void {
    this.working.set(true);
    this.problem.set(null);
    this.api.setCompleteOnIssue(this.documentId(), a.incomingId, on).subscribe({
      next: (doc) => {
        this.working.set(false);
        this.changed.emit(doc);
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
