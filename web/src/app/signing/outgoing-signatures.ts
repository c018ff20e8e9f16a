import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import type { OutgoingDocument } from '../outgoing/outgoing.models';
import { LayoutWarnings } from '../outgoing/document/layout-warnings';
import { ProblemMessage } from '../shared/problem-message';
import { SignaturePanel } from './signature-panel';
import type { ValidationReport } from './signing.models';
import { signingTexts } from './signing.texts';

/** What the signing capability adds to an outgoing document (api/src/outgoing/validation.ts). */
type WithSigning = OutgoingDocument & {
  signing?: { state: 'QUEUED' | 'DONE' | 'FAILED'; error: string | null } | null;
  sealed?: boolean;
};

const POLL_MS = 1000;

/**
 * The outgoing document's digital signatures: the "Ký số" dialog (passphrase) when the caller may sign, progress
 * while the worker completes the signature or adds the seal (the document is re-read and handed up as
 * `refreshed`), and the validation report of the signed or sealed PDF.
 */
@Component({
  selector: 'vt-outgoing-signatures',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, SignaturePanel, LayoutWarnings],
  templateUrl: './outgoing-signatures.html',
})
export class OutgoingSignatures {
  private readonly http = inject(HttpClient);
  private readonly i18n = inject(TranslationService);
  readonly document = input.required<OutgoingDocument>();
  readonly refreshed = output<OutgoingDocument>();

  protected readonly tx = computed(() => signingTexts[this.i18n.lang()]);
  protected readonly open = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly report = signal<ValidationReport | null>(null);
  protected passphrase = '';

  private readonly doc = computed(() => this.document() as WithSigning);
  protected readonly canSign = computed(() => this.doc().allowedActions.includes('sign'));
  protected readonly hasSignature = computed(() => this.doc().signed);
  protected readonly failed = computed(() =>
    this.doc().signing?.state === 'FAILED' && !this.doc().signed ? (this.doc().signing?.error ?? '?') : null,
  );
  private readonly awaitingSeal = computed(() => {
    const d = this.doc();
    return d.signed && d.issued !== null && d.sealed === false;
  });
  protected readonly busyText = computed(() =>
    this.doc().signing?.state === 'QUEUED' ? this.tx().signing : this.awaitingSeal() ? this.tx().sealing : null,
  );

  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
    // The report follows the signed / sealed PDF; progress is polled while a job runs.
    effect(() => {
      const d = this.doc();
      const key = `${d.id}:${d.signed}:${d.sealed}`;
      if (d.signed && key !== this.reportKey) {
        this.reportKey = key;
        this.http
          .get<ValidationReport>(`/api/outgoing/${encodeURIComponent(d.id)}/signatures`)
          .subscribe({ next: (r) => this.report.set(r), error: () => this.report.set(null) });
      }
      clearTimeout(this.timer);
      if (this.busyText()) this.timer = setTimeout(() => this.poll(), POLL_MS);
    });
  }

  private reportKey = '';

  private poll(): void {
    this.http
      .get<OutgoingDocument>(`/api/outgoing/${encodeURIComponent(this.doc().id)}`)
      .subscribe({ next: (d) => this.refreshed.emit(d) });
  }

  protected close(): void {
    this.open.set(false);
    this.passphrase = '';
    this.problem.set(null);
  }

  protected sign(): void {
    if (!this.passphrase) return;
    this.working.set(true);
    this.problem.set(null);
    this.http.post<OutgoingDocument>(`/api/outgoing/${encodeURIComponent(this.doc().id)}/sign`, { passphrase: this.passphrase }).subscribe({
      next: (d) => {
        this.working.set(false);
        this.close();
        this.refreshed.emit(d);
      },
      error: (err) => {
        this.working.set(false);
        this.passphrase = '';
        this.problem.set(toProblem(err));
      },
    });
  }
}
