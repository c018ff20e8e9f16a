import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import type { Problem } from '../../core/api.models';
import { toProblem } from '../../core/problem';
import { TranslationService, type TranslationKey } from '../../i18n/translation.service';
import { VtDatePipe } from '../../incoming/shared/vt-date.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { type IntegrityCheck, IntegrityApi, type IntegrityReport } from './integrity-api.service';

/** "12,5 MB": sizes of the checked store, in the interface language's number format. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** /admin/integrity — the periodic re-hash of the stored files: the latest result, its missing or altered files, the earlier runs. */
@Component({
  selector: 'vt-integrity-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ProblemMessage, VtDatePipe],
  templateUrl: './integrity-page.html',
  styleUrl: './integrity-page.css',
})
export class IntegrityPage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(IntegrityApi);

  protected readonly report = signal<IntegrityReport | null>(null);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly latest = computed(() => this.report()?.runs[0] ?? null);

  ngOnInit(): void {
    this.api.report().subscribe({
      next: (r) => this.report.set(r),
      error: (err: unknown) => this.problem.set(toProblem(err)),
    });
  }

  protected size(bytes: number): string {
    return formatBytes(bytes, this.i18n.lang() === 'vi' ? 'vi-VN' : 'en-GB');
  }

  protected duration(run: IntegrityCheck): string {
    const seconds = Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
    return this.i18n.t('integrity.seconds', { n: seconds });
  }

  /** "Phát hiện 2 tệp bị thay đổi trong 120 tệp…": only the kinds of problem found, not "0 tệp bị mất". */
  protected problems(run: IntegrityCheck): string {
    const parts = [
      run.missing ? this.i18n.t('integrity.missingPart', { n: run.missing }) : null,
      run.mismatched ? this.i18n.t('integrity.alteredPart', { n: run.mismatched }) : null,
    ].filter((p): p is string => p !== null);
    return this.i18n.t('integrity.problems', { what: parts.join(this.i18n.t('integrity.and')), blobs: run.blobsChecked });
  }

  /** The tables a file is used by, named for people; an unknown one (a newer capability) as it is. */
  protected usedByAll(tables: readonly string[]): string {
    return tables.map((t) => this.usedBy(t)).join(', ');
  }

  private usedBy(table: string): string {
    const key = `integrity.tables.${table}` as TranslationKey;
    const text = this.i18n.t(key);
    return text === key ? table : text;
  }
}
