import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';

/** Calls whose 401 is an expected answer, not an expired session. */
const EXEMPT_PATHS = ['/api/auth/login'];

/**
 * On a 401 from any API call except `/api/auth/login` (wrong password) the session has expired:
 * forget the cached user and go to the login page. The error is still passed on to the caller.
 */
export const unauthorizedInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !isExempt(req.url)) {
        auth.clear();
        const current = router.url;
        const onLogin = current.startsWith('/login');
        void router.navigate(['/login'], onLogin || current === '/' ? {} : { queryParams: { returnUrl: current } });
      }
      return throwError(() => error);
    }),
  );
};

function isExempt(url: string): boolean {
  const path = url
    .replace(/^https?:\/\/[^/]+/, '')
    .split(/[?#]/)[0]
    .replace(/\/+$/, '');
  return EXEMPT_PATHS.includes(path);
}
