import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Problem } from '../../core/api.models';
import { AuthService } from '../../core/auth.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { IncomingApi } from '../incoming-api.service';
import { CHANNELS, type Channel } from '../incoming.models';
import { IncomingLabels } from '../shared/incoming-labels';
import { fromLocalInput } from '../shared/vt-date.pipe';

const ACCEPT_ATTACHMENTS = '.pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/** The main document: a PDF, or a scan as an image (the server wraps it into a PDF and OCRs it). */
const ACCEPT_MAIN = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff';
const MAIN_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'];
const MAIN_EXTENSIONS = /\.(pdf|png|jpe?g|tiff?)$/i;

function isAcceptedMain(file: File): boolean {
  return MAIN_TYPES.includes(file.type) || MAIN_EXTENSIONS.test(file.name);
}

/** Tiếp nhận: upload the main document (PDF or scan) and attachments as a draft, then go on to registration. */
@Component({
  selector: 'vt-incoming-upload-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, FieldErrors],
  templateUrl: './incoming-upload-page.html',
})
export class IncomingUploadPage {
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(IncomingLabels);
  private readonly api = inject(IncomingApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  protected readonly channels = CHANNELS;
  protected readonly acceptMain = ACCEPT_MAIN;
  protected readonly acceptAttachments = ACCEPT_ATTACHMENTS;
  protected readonly fieldPaths = ['main', 'attachments', 'channel', 'receivedAt', 'organisationId'];

  protected readonly main = signal<File | null>(null);
  protected readonly attachments = signal<File[]>([]);
  protected channel: Channel = 'PAPER';
  protected receivedAt = '';
  protected organisationId = '';

  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  protected readonly percent = signal(0);
  protected readonly problem = signal<Problem | null>(null);

  /** Organisations where the caller is a clerk: a choice is offered only when there are several. */
  protected readonly clerkOrganisations = computed(() => {
    const seen = new Map<string, string>();
    for (const g of this.auth.me()?.roles ?? []) if (g.role === 'VAN_THU') seen.set(g.organisationId, g.organisationName);
    return [...seen].map(([id, name]) => ({ id, name }));
  });

  protected readonly mainError = computed(() => {
    const file = this.main();
    if (!file) return this.submitted() ? this.i18n.t('incoming.upload.mainRequired') : null;
    return isAcceptedMain(file) ? null : this.i18n.t('incoming.upload.mainNotAccepted');
  });

  protected pickMain(event: Event): void {
    this.main.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected pickAttachments(event: Event): void {
    this.attachments.set(Array.from((event.target as HTMLInputElement).files ?? []));
  }

  protected submit(): void {
    this.submitted.set(true);
    const main = this.main();
    if (!main || this.mainError() || this.working()) return;
    this.working.set(true);
    this.percent.set(0);
    this.problem.set(null);
    this.api
      .upload({
        main,
        attachments: this.attachments(),
        channel: this.channel,
        receivedAt: fromLocalInput(this.receivedAt),
        organisationId: this.clerkOrganisations().length > 1 ? this.organisationId || this.clerkOrganisations()[0].id : undefined,
      })
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) {
            this.percent.set(Math.round((100 * event.loaded) / event.total));
          } else if (event.type === HttpEventType.Response && event.body) {
            this.working.set(false);
            void this.router.navigate(['/incoming', event.body.id, 'register']);
          }
        },
        error: (err: unknown) => {
          this.working.set(false);
          this.problem.set(toProblem(err));
        },
      });
  }
}
