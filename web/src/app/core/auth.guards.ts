import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

export const CHANGE_PASSWORD_URL = '/account/password';

/**
 * Signed-in users only; others go to /login (remembering where they wanted to go). A user whose password an
 * administrator set goes to the change-password screen first (the API refuses everything else until then).
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const me = await inject(AuthService).ensureLoaded();
  if (me?.mustChangePassword && state.url !== CHANGE_PASSWORD_URL) return router.createUrlTree([CHANGE_PASSWORD_URL]);
  if (me) return true;
  return router.createUrlTree(['/login'], state.url && state.url !== '/' ? { queryParams: { returnUrl: state.url } } : {});
};

/** Administrators only; others go to the dashboard. */
export const adminGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(AuthService).ensureLoaded();
  if (me?.isAdmin) return true;
  return router.createUrlTree(me ? ['/'] : ['/login']);
};

/** The login page is for signed-out users; signed-in users go to the dashboard. */
export const guestGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(AuthService).ensureLoaded();
  return me ? router.createUrlTree(['/']) : true;
};

/** Only same-app paths are accepted as a post-login destination (no `//host` or `http:`). */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
