import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Problem } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { toProblem } from '../core/problem';
import { TranslationService } from '../i18n/translation.service';
import { FieldErrors } from '../shared/field-errors';
import { LangSwitch } from '../shared/lang-switch';
import { ProblemMessage } from '../shared/problem-message';

/**
 * /account/password — a user's own password change, and the forced one after an administrator set the
 * password (new account, reset): until then the API refuses everything else and the guard sends every route here.
 */
@Component({
  selector: 'vt-change-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, ProblemMessage, FieldErrors, LangSwitch],
  templateUrl: './change-password-page.html',
  styleUrl: '../login/login-page.css',
})
export class ChangePasswordPage {
  protected readonly i18n = inject(TranslationService);
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected current = '';
  protected next = '';
  protected repeat = '';
  protected readonly tried = signal(false);
  protected readonly working = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly done = signal(false);

  protected tooShort(): boolean {
    return this.next.length > 0 && this.next.length < 10;
  }

  protected mismatch(): boolean {
    return this.repeat.length > 0 && this.repeat !== this.next;
  }

  protected submit(): void {
    this.tried.set(true);
    if (!this.current || !this.next || this.tooShort() || this.repeat !== this.next || this.working()) return;
    this.working.set(true);
    this.problem.set(null);
    const forced = this.auth.me()?.mustChangePassword === true;
    this.auth.changePassword(this.current, this.next).subscribe({
      next: () => {
        this.working.set(false);
        this.current = this.next = this.repeat = '';
        this.tried.set(false);
        this.done.set(true);
        if (forced) void this.router.navigateByUrl('/');
      },
      error: (err: unknown) => {
        this.working.set(false);
        this.problem.set(toProblem(err));
      },
    });
  }

  protected logout(): void {
    this.auth.logout().subscribe({ complete: () => void this.router.navigateByUrl('/login') });
  }
}
