import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthService } from '../core/auth.service';
import { TranslationService } from '../i18n/translation.service';
import { RoleList } from '../shared/role-list';
import { DashboardStats, dashboardOrganisations } from './dashboard-stats';
import { MySignatureCard, SIGNING_ROLES } from './my-signature-card';

/** Landing page after login: welcome line, the user's roles, their signature image and, for those who may see it, the statistics. */
@Component({
  selector: 'vt-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RoleList, MySignatureCard, DashboardStats],
  template: `
    @if (auth.me(); as me) {
      <section class="card">
        <h1 class="page-title" data-testid="welcome">{{ i18n.t('dashboard.welcome', { name: me.fullName }) }}</h1>
        <p class="muted">
          {{ me.position }}{{ me.position ? ' — ' : '' }}{{ me.unit ? me.unit.name + ', ' : '' }}{{ me.organisation.name }}
        </p>
        <h2 class="section-title">{{ i18n.t('dashboard.yourRoles') }}</h2>
        @if (me.roles.length) {
          <vt-role-list data-testid="my-roles" [grants]="me.roles" />
        } @else {
          <p class="muted">{{ i18n.t('dashboard.noRoles') }}</p>
        }
      </section>
      @if (signs()) {
        <vt-my-signature-card />
      }
      @if (seesStats()) {
        <vt-dashboard-stats />
      }
    }
  `,
})
export class DashboardPage {
  protected readonly i18n = inject(TranslationService);
  protected readonly auth = inject(AuthService);
  /** Leaders, chiefs of office and clerks (their organisation), unit heads (their unit). */
  protected readonly seesStats = computed(() => dashboardOrganisations(this.auth.me()?.roles ?? []).length > 0);
  /** Signers (agency leaders, head of office, unit heads) manage their handwritten signature image here. */
  protected readonly signs = computed(() =>
    (this.auth.me()?.roles ?? []).some((g) => (SIGNING_ROLES as readonly string[]).includes(g.role)),
  );
}
