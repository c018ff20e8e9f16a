import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { OutgoingApi } from '../../outgoing/outgoing-api.service';
import { type ApprovalQueueItem, isRedUrgency } from '../../outgoing/outgoing.models';
import { OutgoingLabels } from '../../outgoing/shared/outgoing-labels';
import { ProblemMessage } from '../../shared/problem-message';

/** /approvals — "my approvals": outgoing documents whose current step waits for me (or for a leader I stand in for). */
@Component({
  selector: 'vt-approvals-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../../outgoing/shared/outgoing.css',
  templateUrl: './approvals-page.html',
})
export class ApprovalsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);
  protected readonly isRed = isRedUrgency;

  protected readonly items = signal<ApprovalQueueItem[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.api.approvals().subscribe({
      next: (items) => {
        this.items.set(items);
        this.loaded.set(true);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
