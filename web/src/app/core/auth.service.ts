import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, catchError, finalize, firstValueFrom, map, of, shareReplay, tap, throwError } from 'rxjs';
import type { Me, MeAnswer } from './api.models';

/**
 * Holds the signed-in user (`GET /api/me`) and performs login / logout.
 * The session itself is an HTTP-only cookie managed by the server.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly user = signal<Me | null>(null);
  private readonly checked = signal(false);
  private pending: Observable<Me | null> | null = null;

  /** The signed-in user, or null. */
  readonly me = this.user.asReadonly();
  /** True once `/api/me` has answered (a user, or that nobody is signed in) or a login succeeded. */
  readonly loaded = this.checked.asReadonly();
  readonly isAuthenticated = computed(() => this.user() !== null);
  readonly isAdmin = computed(() => this.user()?.isAdmin === true);

  /**
   * Ask the server who is signed in: `{ authenticated: false }` (and any failure) means "nobody".
   * Concurrent callers share one request.
   */
  refresh(): Observable<Me | null> {
    if (!this.pending) {
      this.pending = this.http.get<MeAnswer>('/api/me').pipe(
        map((answer): Me | null => (answer.authenticated ? withoutFlag(answer) : null)),
        catchError(() => of(null)),
        tap((me) => {
          this.user.set(me);
          this.checked.set(true);
        }),
        finalize(() => (this.pending = null)),
        shareReplay(1),
      );
    }
    return this.pending;
  }

  /** Resolve the current user, calling `/api/me` only if it has not answered yet. */
  ensureLoaded(): Promise<Me | null> {
    return this.checked() ? Promise.resolve(this.user()) : firstValueFrom(this.refresh());
  }

  /** `POST /api/auth/login`; errors are rethrown as HttpErrorResponse (problem+json body). */
  login(username: string, password: string): Observable<Me> {
    return this.http.post<Me>('/api/auth/login', { username, password }).pipe(
      tap((me) => {
        this.user.set(me);
        this.checked.set(true);
      }),
    );
  }

  /** `POST /api/auth/password`: the user's own change; the server answers with the user, no longer due to change it. */
  changePassword(currentPassword: string, newPassword: string): Observable<Me> {
    return this.http.post<Me>('/api/auth/password', { currentPassword, newPassword }).pipe(tap((me) => this.user.set(me)));
  }

  /** `POST /api/auth/logout`; the local user is cleared whatever the server answers. */
  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null).pipe(
      map(() => undefined),
      catchError((error: HttpErrorResponse) => (error.status === 401 ? of(undefined) : throwError(() => error))),
      finalize(() => this.clear()),
    );
  }

  /** Forget the cached user (e.g. after a 401 from the API). */
  clear(): void {
    this.user.set(null);
    this.checked.set(true);
  }
}

function withoutFlag({ authenticated: _, ...me }: Me & { authenticated: true }): Me {
  return me;
}
