import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService, type TranslationKey } from '../i18n/translation.service';
import { formatVtDate, VtDatePipe } from '../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../shared/problem-message';
import type { PermissionAlert } from './records.models';

/** /permission-alerts — permission changes awaiting the confirmer (the organisation's head or its configured confirmer). */
@Component({
  selector: 'vt-permission-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, VtDatePipe],
  templateUrl: './permission-alerts-page.html',
  styleUrl: './permission-alerts-page.css',
})
export class PermissionAlertsPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly http = inject(HttpClient);
  protected readonly items = signal<PermissionAlert[] | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly all = signal(false);
  protected notes: Record<string, string> = {};

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.http.get<{ items: PermissionAlert[] }>(`/api/admin/permission-alerts${this.all() ? '?all=true' : ''}`).subscribe({
      next: (r) => this.items.set(r.items),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected confirm(id: string): void {
    const note = this.notes[id]?.trim();
    this.http.post(`/api/admin/permission-alerts/${id}/confirm`, note ? { note } : {}).subscribe({
      next: () => {
        this.problem.set(null);
        this.load();
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected change(a: PermissionAlert): string {
    const role = typeof a.data['role'] === 'string' ? this.i18n.role(a.data['role'] as never) : '';
    return this.i18n.t(`records.alerts.${a.kind}` as TranslationKey, {
      role,
      from: formatVtDate(String(a.data['fromDate'] ?? '')),
      to: formatVtDate(String(a.data['toDate'] ?? '')),
    });
  }

  protected date(iso: string): string {
    return formatVtDate(iso);
  }
}
