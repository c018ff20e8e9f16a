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
  template: `
    <form novalidate data-testid="user-edit" (ngSubmit)="save()">
      <h3 class="section-title">{{ i18n.t('workflow.users.editTitle', { name: user().fullName }) }}</h3>
      @if (problem(); as p) {
        <vt-problem-message data-testid="user-edit-error" [problem]="p" [fieldPaths]="fieldPaths" />
      }
      <div class="form-row">
        <div class="field">
          <label [for]="'ue-name-' + user().id">{{ i18n.t('workflow.users.fullName') }}</label>
          <input [id]="'ue-name-' + user().id" name="fullName" data-testid="user-edit-fullname" [(ngModel)]="fullName" />
          <vt-field-errors path="fullName" [problem]="problem()" [missing]="tried() && !fullName.trim()" />
        </div>
        <div class="field">
          <label [for]="'ue-position-' + user().id">{{ i18n.t('workflow.users.position') }}</label>
          <input [id]="'ue-position-' + user().id" name="position" data-testid="user-edit-position" [(ngModel)]="position" />
          <vt-field-errors path="position" [problem]="problem()" [missing]="tried() && !position.trim()" />
        </div>
        <div class="field">
          <label [for]="'ue-unit-' + user().id">{{ i18n.t('workflow.users.unit') }}</label>
          <select [id]="'ue-unit-' + user().id" name="unitId" data-testid="user-edit-unit" [(ngModel)]="unitId">
            <option value="">{{ i18n.t('workflow.users.noUnit') }}</option>
            @for (u of units(); track u.id) {
              <option [value]="u.id">{{ u.name }}</option>
            }
          </select>
          <vt-field-errors path="unitId" [problem]="problem()" />
        </div>
      </div>
      <div class="form-row">
        <div class="field">
          <label [for]="'ue-email-' + user().id">{{ i18n.t('workflow.users.email') }}</label>
          <input
            [id]="'ue-email-' + user().id"
            name="email"
            type="email"
            autocomplete="off"
            data-testid="user-edit-email"
            [(ngModel)]="email"
          />
          <vt-field-errors path="email" [problem]="problem()" />
        </div>
        <div class="field">
          <label [for]="'ue-phone-' + user().id">{{ i18n.t('workflow.users.phone') }}</label>
          <input
            [id]="'ue-phone-' + user().id"
            name="phone"
            type="tel"
            autocomplete="off"
            data-testid="user-edit-phone"
            [(ngModel)]="phone"
          />
          <vt-field-errors path="phone" [problem]="problem()" />
        </div>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" data-testid="user-edit-save" [disabled]="working()">
          {{ i18n.t('workflow.users.save') }}
        </button>
        <button type="button" class="btn" data-testid="user-edit-cancel" (click)="closed.emit()">
          {{ i18n.t('workflow.users.cancel') }}
        </button>
        <button
          type="button"
          class="btn btn-danger-outline"
          data-testid="user-reset-password"
          [disabled]="working()"
          (click)="resetPassword()"
        >
          {{ i18n.t('workflow.users.reset') }}
        </button>
      </div>
      @if (temporary(); as pw) {
        <div class="alert alert-warning" role="status" data-testid="user-temporary-password">
          <p class="alert-text">
            {{ i18n.t('workflow.users.resetDone', { name: user().fullName }) }} <code data-testid="temporary-password">{{ pw }}</code>
          </p>
          <p class="small">{{ i18n.t('workflow.users.resetHint') }}</p>
        </div>
      }
    </form>
  `,
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
