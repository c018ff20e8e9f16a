import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ME_ADMIN, ME_CLERK, PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { AuthService } from './auth.service';
import { verifyHttpAfterEach } from '../testing/http';

describe('AuthService', () => {
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('loads the signed-in user from GET /api/me', async () => {
    const result = auth.ensureLoaded();
    const req = http.expectOne('/api/me');
    expect(req.request.method).toBe('GET');
    req.flush({ authenticated: true, ...ME_ADMIN });
    await expect(result).resolves.toEqual(ME_ADMIN);
    expect(auth.me()).toEqual(ME_ADMIN);
    expect(auth.loaded()).toBe(true);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.isAdmin()).toBe(true);
    // Already loaded: no second request.
    await expect(auth.ensureLoaded()).resolves.toEqual(ME_ADMIN);
  });

  it('treats { authenticated: false } from /api/me as "signed out"', async () => {
    const result = auth.ensureLoaded();
    http.expectOne('/api/me').flush({ authenticated: false });
    await expect(result).resolves.toBeNull();
    expect(auth.me()).toBeNull();
    expect(auth.loaded()).toBe(true);
    expect(auth.isAuthenticated()).toBe(false);
  });

  it('shares one /api/me request between concurrent callers', async () => {
    const a = auth.ensureLoaded();
    const b = auth.ensureLoaded();
    http.expectOne('/api/me').flush({ authenticated: true, ...ME_CLERK });
    await expect(Promise.all([a, b])).resolves.toEqual([ME_CLERK, ME_CLERK]);
  });

  it('logs in with POST /api/auth/login and keeps the returned user', () => {
    let result: unknown;
    auth.login('vt.nguyen', 'secret').subscribe((me) => (result = me));
    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ username: 'vt.nguyen', password: 'secret' });
    req.flush(ME_CLERK);
    expect(result).toEqual(ME_CLERK);
    expect(auth.me()?.fullName).toBe('Nguyễn Thị Văn');
    expect(auth.isAdmin()).toBe(false);
  });

  it('passes login failures on and stays signed out', () => {
    let error: HttpErrorResponse | undefined;
    auth.login('vt.nguyen', 'x').subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    http.expectOne('/api/auth/login').flush(problem(423, 'auth.locked', 'Tài khoản tạm khoá', 'Account temporarily locked'), {
      status: 423,
      statusText: 'Locked',
      headers: PROBLEM_HEADERS,
    });
    expect(error?.status).toBe(423);
    expect(error?.error.code).toBe('auth.locked');
    expect(auth.me()).toBeNull();
  });

  it('logs out with POST /api/auth/logout and forgets the user', () => {
    auth.login('vt.nguyen', 'secret').subscribe();
    http.expectOne('/api/auth/login').flush(ME_CLERK);
    expect(auth.isAuthenticated()).toBe(true);

    let done = false;
    auth.logout().subscribe({ complete: () => (done = true) });
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(done).toBe(true);
    expect(auth.me()).toBeNull();
  });

  it('forgets the user even when logout fails on the server', () => {
    auth.login('vt.nguyen', 'secret').subscribe();
    http.expectOne('/api/auth/login').flush(ME_CLERK);

    let failed = false;
    auth.logout().subscribe({ error: () => (failed = true) });
    http.expectOne('/api/auth/logout').flush(null, { status: 500, statusText: 'Server Error' });
    expect(failed).toBe(true);
    expect(auth.me()).toBeNull();
  });
});
