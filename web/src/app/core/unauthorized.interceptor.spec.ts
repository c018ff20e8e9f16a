import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { ME_CLERK } from '../testing/fixtures';
import { AuthService } from './auth.service';
import { provideApiHttpClient } from './http.providers';
import { verifyHttpAfterEach } from '../testing/http';

describe('API HttpClient (401 interceptor + XSRF)', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideApiHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    auth.login('vt.nguyen', 'secret').subscribe();
    backend.expectOne('/api/auth/login').flush(ME_CLERK);
  });

  afterEach(() => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });
  verifyHttpAfterEach();

  function fail(url: string, status: number): HttpErrorResponse | undefined {
    let error: HttpErrorResponse | undefined;
    http.get(url).subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    backend.expectOne(url).flush({ title: 't', detail: 'd', status, code: 'x' }, { status, statusText: 'x' });
    return error;
  }

  it('clears the user and goes to /login on a 401 from another API call', () => {
    const error = fail('/api/admin/users?q=a', 401);
    expect(error?.status).toBe(401);
    expect(auth.me()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('leaves a 401 from /api/auth/login (a wrong password) to its caller', () => {
    fail('/api/auth/login', 401);
    expect(auth.me()).toEqual(ME_CLERK);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('ignores other error statuses', () => {
    fail('/api/admin/users', 403);
    expect(auth.me()).toEqual(ME_CLERK);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('sends the XSRF-TOKEN cookie as X-XSRF-TOKEN on mutating requests only', () => {
    document.cookie = 'XSRF-TOKEN=tok123; path=/';
    http.post('/api/admin/users/u1/disable', null).subscribe();
    const post = backend.expectOne('/api/admin/users/u1/disable');
    expect(post.request.headers.get('X-XSRF-TOKEN')).toBe('tok123');
    post.flush({});

    http.get('/api/organisations').subscribe();
    const get = backend.expectOne('/api/organisations');
    expect(get.request.headers.has('X-XSRF-TOKEN')).toBe(false);
    get.flush({ items: [] });
  });
});
