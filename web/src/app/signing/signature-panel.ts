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
    .badge-green {
      background: #e3f4e8;
      color: #17642f;
    }
  `,
  template: `
    <section class="card" data-testid="signature-panel" [attr.data-verdict]="report()?.verdict ?? null">
      <h2 class="section-title">{{ tx().title }}</h2>
      @if (report(); as r) {
        @if (r.signatureCount === 0) {
          <p class="muted" data-testid="signature-none">{{ tx().none }}</p>
        } @else {
          <p>
            <span
              class="badge"
              data-testid="signature-overall"
              [class.badge-green]="r.verdict === 'valid'"
              [class.badge-red]="r.verdict === 'invalid'"
              [class.badge-amber]="r.verdict === 'indeterminate'"
              >{{ tx().verdict[r.verdict] }}</span
            >
            <span class="muted small"> {{ count(r) }}</span>
          </p>
          <ol class="plain">
            @for (s of r.signatures; track s.index) {
              <li class="sig" data-testid="signature" [attr.data-verdict]="s.verdict">
                <strong data-testid="signature-signer">{{ s.signer?.commonName ?? '—' }}</strong>
                @if (s.signer) {
                  <span class="muted small"> · {{ tx().holder[s.signer.holder] }}</span>
                }
                <span
                  class="badge"
                  data-testid="signature-verdict"
                  [class.badge-green]="s.verdict === 'valid'"
                  [class.badge-red]="s.verdict === 'invalid'"
                  [class.badge-amber]="s.verdict === 'indeterminate'"
                  >{{ tx().verdict[s.verdict] }}</span
                >
                @for (reason of s.reasons; track reason.code) {
                  <p class="small" data-testid="signature-reason">{{ lang() === 'vi' ? reason.vi : reason.en }}</p>
                }
                <dl>
                  <dt>{{ tx().signedAt }}</dt>
                  <dd>
                    {{ s.signingTime.value ? (s.signingTime.value | vtDate) : '—' }}
                    {{ s.signingTime.source === 'timestamp' ? tx().timestamped : s.signingTime.source === 'claimed' ? tx().claimed : '' }}
                  </dd>
                  @if (s.signer) {
                    <dt>{{ tx().issuer }}</dt>
                    <dd>{{ s.signer.issuer }}</dd>
                    <dt>{{ tx().validity }}</dt>
                    <dd>{{ s.signer.notBefore | vtDate }} – {{ s.signer.notAfter | vtDate }}</dd>
                  }
                  <dt>{{ tx().chain }}</dt>
                  <dd>{{ s.chain.trusted ? tx().trusted : tx().untrusted }}</dd>
                  <dt>{{ tx().revocation }}</dt>
                  <dd>
                    {{ tx().revocationStatus[s.revocation.status] }}
                    {{ s.revocation.origin === 'embedded' ? tx().embedded : '' }}
                  </dd>
                  @if (s.level) {
                    <dt>{{ tx().level }}</dt>
                    <dd data-testid="signature-level">PAdES {{ s.level }} — {{ tx().levels[s.level] }}</dd>
                  }
                  @if (s.existenceProvenAt) {
                    <dt>{{ tx().existedAt }}</dt>
                    <dd>{{ s.existenceProvenAt | vtDate }}</dd>
                  }
                  <dt>{{ tx().integrity }}</dt>
                  <dd>{{ s.integrity.digestMatches && s.integrity.signatureVerified ? tx().intact : tx().broken }}</dd>
                  <dt>{{ tx().changedAfter }}</dt>
                  <dd data-testid="signature-changes">{{ changes(s) }}</dd>
                </dl>
              </li>
            }
          </ol>
        }
      } @else {
        <p class="muted" data-testid="signature-pending">{{ pendingText() ?? tx().pending }}</p>
      }
    </section>
  `,
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
}
