import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { OutgoingApi } from '../outgoing-api.service';
import { OUTGOING_STATUSES, type OutgoingStatus, type OutgoingSummary } from '../outgoing.models';
import { OutgoingLabels } from '../shared/outgoing-labels';

/** /outgoing — the outgoing documents the caller may see, filtered by status or to their own drafts. */
@Component({
  selector: 'vt-outgoing-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, VtDatePipe],
  styleUrl: '../shared/outgoing.css',
  templateUrl: './outgoing-list-page.html',
})
export class OutgoingListPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(OutgoingLabels);
  private readonly api = inject(OutgoingApi);

  protected readonly statuses = OUTGOING_STATUSES;
  protected status: OutgoingStatus | '' = '';
  protected mine = false;
  protected readonly items = signal<OutgoingSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.api.list({ status: this.status, mine: this.mine }).subscribe({
      next: (res) => {
        this.items.set(res.items);
        this.total.set(res.total);
        this.loaded.set(true);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
