import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { CaseFilesApi } from '../case-files-api.service';
import { CASE_FILE_STATUSES, type CaseFileStatus, type CaseFileSummary } from '../case-files.models';
import { TransferBadge } from '../shared/transfer-badge';

/** /case-files — the catalogue of the caller's organisation, by year, unit and status, with the transfer badge. */
@Component({
  selector: 'vt-case-file-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, TransferBadge],
  styleUrl: '../shared/case-files.css',
  templateUrl: './case-file-list-page.html',
})
export class CaseFileListPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly api = inject(CaseFilesApi);
  private readonly auth = inject(AuthService);

  protected readonly statuses = CASE_FILE_STATUSES;
  protected year: number | null = null;
  /** The catalogue printed: the year filtered on, else the latest year listed, else this year. */
  protected readonly catalogueYear = computed(() => this.shownYear() ?? this.items()[0]?.fileCode.fileCatalog ?? new Date().getFullYear());
  private readonly shownYear = signal<number | null>(null);
  protected unitId = '';
  protected status: CaseFileStatus | '' = '';
  protected q = '';
  protected readonly items = signal<CaseFileSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  private readonly seenUnits = signal(new Map<string, string>());
  protected readonly units = computed(() => [...this.seenUnits()].map(([id, name]) => ({ id, name })));
  protected readonly archivistOrLeader = computed(() =>
    (this.auth.me()?.roles ?? []).some((g) => ['LUU_TRU', 'LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'].includes(g.role)),
  );

  /** Archivists and administrators place and lift legal holds (the server decides on which organisations). */
  protected readonly holdManager = computed(() => (this.auth.me()?.roles ?? []).some((g) => ['LUU_TRU', 'QUAN_TRI'].includes(g.role)));

  ngOnInit(): void {
    this.load();
  }

  protected statusKey(s: CaseFileStatus): TranslationKey {
    return `caseFiles.status.${s}`;
  }

  protected load(): void {
    this.api.list({ year: this.year, unitId: this.unitId, status: this.status, q: this.q.trim() }).subscribe({
      next: (res) => {
        this.items.set(res.items);
        this.shownYear.set(this.year ? Number(this.year) : null);
        // Units offered by the filter: those the catalogue names (kept across filtering).
        const units = new Map(this.seenUnits());
        for (const c of res.items) if (c.unitId && c.unitName) units.set(c.unitId, c.unitName);
        this.seenUnits.set(units);
        this.loaded.set(true);
        this.problem.set(null);
      },
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }
}
