import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type AdminUser, type Problem, ROLE_CODES, type RoleCode, type RoleGrant } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { OrgOptionLabelPipe } from '../../shared/org-option-label.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { AdminApi } from '../admin-api.service';

/** Granted roles of one user (with revoke) and a form to grant another (role + organisation + optional unit). */
@Component({
  selector: 'vt-role-grants',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, ProblemMessage, FieldErrors, OrgOptionLabelPipe],
  templateUrl: './role-grants.html',
})
export class RoleGrants {
  protected readonly i18n = inject(TranslationService);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(AdminApi);

  readonly user = input.required<AdminUser>();
  /** Emits the user with the updated `roles` after a grant or a revoke. */
  readonly userChange = output<AdminUser>();

  protected readonly roleCodes = ROLE_CODES;
  protected readonly role = signal<RoleCode | ''>('');
  /** Empty means "the user's own organisation". */
  protected readonly organisationId = signal('');
  protected readonly unitId = signal('');
  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly fieldPaths = ['role', 'organisationId', 'unitId'];

  protected readonly effectiveOrgId = computed(() => this.organisationId() || this.user().organisationId);
  protected readonly units = computed(
    () =>
      this.orgs
        .byId()
        .get(this.effectiveOrgId())
        ?.units.filter((u) => u.active !== false) ?? [],
  );

  protected selectOrganisation(id: string): void {
    this.organisationId.set(id);
    this.unitId.set('');
  }

  protected grant(): void {
    this.submitted.set(true);
    const role = this.role();
    if (!role || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    const user = this.user();
    this.api.grantRole(user.id, { role, organisationId: this.effectiveOrgId(), unitId: this.unitId() || null }).subscribe({
      next: (grant) => {
        this.working.set(false);
        this.submitted.set(false);
        this.role.set('');
        this.notice.set(this.i18n.t('admin.grants.granted', { role: this.i18n.role(grant.role) }));
        this.userChange.emit({ ...user, roles: [...user.roles, grant] });
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  protected revoke(grant: RoleGrant): void {
    if (this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    this.notice.set(null);
    const user = this.user();
    this.api.revokeRole(user.id, grant.id).subscribe({
      next: () => {
        this.working.set(false);
        this.notice.set(this.i18n.t('admin.grants.revoked', { role: this.i18n.role(grant.role) }));
        this.userChange.emit({ ...user, roles: user.roles.filter((g) => g.id !== grant.id) });
      },
      error: (err: unknown) => this.fail(err),
    });
  }

  private fail(err: unknown): void {
    this.working.set(false);
    this.problem.set(toProblem(err));
  }
}
