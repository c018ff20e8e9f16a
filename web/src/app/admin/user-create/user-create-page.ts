import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type CreateUserRequest, type Problem, ROLE_CODES, type RoleCode } from '../../core/api.models';
import { OrganisationsService } from '../../core/organisations.service';
import { toProblem } from '../../core/problem';
import { TranslationService } from '../../i18n/translation.service';
import { FieldErrors } from '../../shared/field-errors';
import { OrgOptionLabelPipe } from '../../shared/org-option-label.pipe';
import { ProblemMessage } from '../../shared/problem-message';
import { AdminApi } from '../admin-api.service';

type RequiredField = 'username' | 'fullName' | 'position' | 'organisationId' | 'password';

/** Create a user account, optionally with a first role in the user's organisation / unit. */
@Component({
  selector: 'vt-user-create-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ProblemMessage, FieldErrors, OrgOptionLabelPipe],
  templateUrl: './user-create-page.html',
})
export class UserCreatePage implements OnInit {
  protected readonly i18n = inject(TranslationService);
  protected readonly orgs = inject(OrganisationsService);
  private readonly api = inject(AdminApi);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    fullName: ['', Validators.required],
    position: ['', Validators.required],
    organisationId: ['', Validators.required],
    unitId: [''],
    password: ['', Validators.required],
    role: ['' as RoleCode | ''],
  });

  protected readonly roleCodes = ROLE_CODES;
  protected readonly fieldPaths = ['username', 'fullName', 'position', 'organisationId', 'unitId', 'password', 'roles', 'roles.0.role'];
  protected readonly submitted = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly created = signal<string | null>(null);

  private readonly organisationId = toSignal(this.form.controls.organisationId.valueChanges, { initialValue: '' });
  /** Active units of the chosen organisation. */
  protected readonly units = computed(
    () =>
      this.orgs
        .byId()
        .get(this.organisationId())
        ?.units.filter((u) => u.active !== false) ?? [],
  );

  constructor() {
    this.form.controls.organisationId.valueChanges.subscribe(() => this.form.controls.unitId.setValue(''));
  }

  ngOnInit(): void {
    this.orgs.load().subscribe({ error: (err: unknown) => this.problem.set(toProblem(err)) });
  }

  protected missing(name: RequiredField): boolean {
    return this.submitted() && this.form.controls[name].hasError('required');
  }

  protected submit(): void {
    this.submitted.set(true);
    this.created.set(null);
    if (this.form.invalid || this.working()) return;
    const v = this.form.getRawValue();
    const unitId = v.unitId || null;
    const body: CreateUserRequest = {
      username: v.username.trim(),
      fullName: v.fullName.trim(),
      position: v.position.trim(),
      organisationId: v.organisationId,
      unitId,
      password: v.password,
      ...(v.role ? { roles: [{ role: v.role, organisationId: v.organisationId, unitId }] } : {}),
    };
    this.working.set(true);
    this.problem.set(null);
    this.api.createUser(body).subscribe({
      next: (user) => {
        this.working.set(false);
        this.submitted.set(false);
        this.created.set(user.username);
        this.form.reset({ organisationId: v.organisationId });
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }
}
