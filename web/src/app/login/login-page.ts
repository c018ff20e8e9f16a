import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { safeReturnUrl } from '../core/auth.guards';
import { AuthService } from '../core/auth.service';
import type { Problem } from '../core/api.models';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import { FieldErrors } from '../shared/field-errors';
import { LangSwitch } from '../shared/lang-switch';
import { ProblemMessage } from '../shared/problem-message';

@Component({
  selector: 'vt-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ProblemMessage, FieldErrors, LangSwitch],
  templateUrl: './login-page.html',
  styleUrl: './login-page.css',
})
export class LoginPage {
  protected readonly i18n = inject(TranslationService);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly error = signal<Problem | null>(null);

  protected missing(name: 'username' | 'password'): boolean {
    return this.submitted() && this.form.controls[name].hasError('required');
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.submitting()) return;
    const { username, password } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    this.auth.login(username.trim(), password).subscribe({
      next: () => {
        this.submitting.set(false);
        const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
        void this.router.navigateByUrl(returnUrl);
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        this.error.set(toProblem(err));
        this.form.controls.password.reset();
      },
    });
  }
}
