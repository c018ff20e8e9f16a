import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { AdminUser, Problem, UserUpdateRequest } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { ProblemMessage } from '../../shared/problem-message';
import { AdminApi } from '../admin-api.service';

/** Edit a user's name, position, unit, e-mail and phone; reset the password to a temporary one (shown once). */
@Component({
  selector: 'vt-user-edit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, FieldErrors, ProblemMessage],
  templateUrl: './user-edit.html',
})
export class UserEdit implements OnInit {
  protected readonly i18n = inject(TranslationService);
  private readonly orgs = inject(OrganisationsService);
  private readonly api = inject(AdminApi);

  readonly user = input.required<AdminUser>();
  /** Saved: the panel closes. */
  readonly saved = output<AdminUser>();
  /** Password reset: the panel stays open, showing the temporary password. */
  readonly passwordReset = output<AdminUser>();
  readonly closed = output<void>();

  protected readonly fieldPaths = ['fullName', 'position', 'unitId', 'email', 'phone'];
  protected fullName = '';
  protected position = '';
  protected unitId = '';
  protected email = '';
  protected phone = '';
  protected readonly tried = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly temporary = signal<string | null>(null);
  protected readonly units = computed(
    () =>
      this.orgs
        .byId()
        .get(this.user().organisationId)
        ?.units.filter((u) => u.active || u.id === this.user().unitId) ?? [],
  );

  ngOnInit(): void {
    const u = this.user();
    this.fullName = u.fullName;
    this.position = u.position;
    this.unitId = u.unitId ?? '';
    this.email = u.email ?? '';
    this.phone = u.phone ?? '';
  }

  protected save(): void {
    this.tried.set(true);
    if (!this.fullName.trim() || !this.position.trim() || this.working()) return;
    const body: UserUpdateRequest = {
      fullName: this.fullName.trim(),
      position: this.position.trim(),
      unitId: this.unitId || null,
      email: this.email.trim() || null,
      phone: this.phone.trim() || null,
    };
    this.working.set(true);
    this.problem.set(null);
    this.api.updateUser(this.user().id, body).subscribe({
      next: (updated) => {
        this.working.set(false);
        this.saved.emit(updated);
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected resetPassword(): void {
    if (this.working() || !window.confirm(this.i18n.t('workflow.users.resetConfirm', { name: this.user().fullName }))) return;
    this.working.set(true);
    this.problem.set(null);
    this.api.resetPassword(this.user().id).subscribe({
      next: (res) => {
        this.working.set(false);
        this.temporary.set(res.temporaryPassword);
        this.passwordReset.emit({ ...this.user(), mustChangePassword: true });
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
