import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslationService } from '../i18n/translation.service';
import { VtDatePipe } from '../incoming/shared/vt-date.pipe';
import type { SignatureDetail, ValidationReport } from './signing.models';
import { signingTexts } from './signing.texts';

/**
 * A signature validation report (POST /api/signatures/validate, an incoming document's `signatures`, an outgoing
 * document's /signatures): the overall verdict and, per signature, signer, time, chain, revocation, integrity and
 * changes made after it, with the reasons in the current language.
 */
@Component({
  selector: 'vt-signature-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VtDatePipe],
  styles: `
    .sig {
      border-top: 1px solid var(--border, #ddd);
      padding: 0.5rem 0;
    }
    .sig dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.15rem 0.75rem;
      margin: 0.25rem 0 0;
      font-size: 0.9em;
    }
    .sig dt {
      color: var(--muted, #666);
    }
    /* On a phone the long labels would leave the values a narrow column: each label above its value. */
    @media (max-width: 480px) {
      .sig dl {
        grid-template-columns: 1fr;
        gap: 0 0;
      }
      .sig dd {
        margin: 0 0 0.35rem;
      }
    }
    .badge-green {
      background: #e3f4e8;
      color: #17642f;
    }
  `,
  templateUrl: './signature-panel.html',
})
export class SignaturePanel {
  private readonly i18n = inject(TranslationService);
  readonly report = input<ValidationReport | null>(null);
  /** Shown instead of the report while there is none yet. */
  readonly pendingText = input<string | null>(null);

  protected readonly lang = this.i18n.lang;
  protected readonly tx = computed(() => signingTexts[this.lang()]);

  protected count(r: ValidationReport): string {
    return this.tx().count.replace('{n}', String(r.signatureCount));
  }

  protected changes(s: SignatureDetail): string {
    if (!s.modifiedAfter.changed) return this.tx().noChange;
    const kinds = this.tx().changeKinds as Record<string, string>;
    return s.modifiedAfter.kinds.map((k) => kinds[k] ?? k).join(', ');
  }

  /** "Chưa bị thu hồi (theo CRL; không hỏi được OCSP)": the status, which kind of source decided, and a fallback. */
  protected revocation(s: SignatureDetail): string {
    const t = this.tx();
    const notes: string[] = [t.revocationSource[s.revocation.revocationSource]];
    if (s.revocation.revocationSource !== 'ocsp' && s.revocation.checks.some((c) => c.source === 'ocsp' && c.outcome === 'failed'))
      notes.push(t.revocationFallback);
    return `${t.revocationStatus[s.revocation.status]} (${notes.join('; ')})`;
  }
}
