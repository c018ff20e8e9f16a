import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Organisation, Problem } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { ProblemMessage } from '../../shared/problem-message';
import { AdminApi } from '../admin-api.service';

/** Separation of duties on the organisation's outgoing documents: shown, and turned off or on with a reason (audited). */
@Component({
  selector: 'vt-separation-of-duties',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage],
  styles: `
    :host {
      display: block;
      margin-top: 24px;
      padding-top: 16px;
      border-top: 1px solid var(--border);
    }
  `,
  template: `
    <section class="separation" data-testid="separation-of-duties">
      <h3 class="section-title">{{ i18n.t('access.separation.title') }}</h3>
      <p data-testid="separation-state" [class.muted]="organisation().separationOfDuties">
        {{ i18n.t(organisation().separationOfDuties ? 'access.separation.on' : 'access.separation.off') }}
      </p>
      @if (problem(); as p) {
        <vt-problem-message [problem]="p" [fieldPaths]="['reason']" />
      }
      <div class="field">
        <label for="separation-reason">{{ i18n.t('access.separation.reason') }}</label>
        <textarea id="separation-reason" rows="2" data-testid="separation-reason" [(ngModel)]="reason" maxlength="1000"></textarea>
      </div>
      <button
        type="button"
        class="btn"
        data-testid="separation-toggle"
        [disabled]="working() || reason.trim().length < 10"
        (click)="toggle()"
      >
        {{ i18n.t(organisation().separationOfDuties ? 'access.separation.turnOff' : 'access.separation.turnOn') }}
      </button>
    </section>
  `,
})
export class SeparationOfDuties {
  protected readonly i18n = inject(TranslationService);
  private readonly api = inject(AdminApi);
  private readonly orgs = inject(OrganisationsService);

  readonly organisation = input.required<Organisation>();
  protected reason = '';
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);

  constructor() {
    // Another organisation picked: a fresh form.
    effect(() => {
      this.organisation(); // read, so the effect runs again when it changes
      this.reason = '';
      this.problem.set(null);
    });
  }

  protected toggle(): void {
    const org = this.organisation();
    this.working.set(true);
    this.problem.set(null);
    this.api.setSeparationOfDuties(org.id, { enforced: !org.separationOfDuties, reason: this.reason.trim() }).subscribe({
      next: (r) => {
        this.working.set(false);
        this.reason = '';
        this.orgs.setSeparationOfDuties(r.organisationId, r.separationOfDuties);
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
