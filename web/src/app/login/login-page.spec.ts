import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, Router, convertToParamMap, provideRouter } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { TranslationService } from '../i18n/translation.service';
import { q, text, type } from '../testing/dom';
import { ME_CLERK, PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { LoginPage } from './login-page';
import { verifyHttpAfterEach } from '../testing/http';

describe('LoginPage', () => {
  let http: HttpTestingController;
  let navigateByUrl: ReturnType<typeof vi.spyOn>;

  async function render(returnUrl?: string) {
    if (returnUrl) {
      TestBed.overrideProvider(ActivatedRoute, {
        useValue: { snapshot: { queryParamMap: convertToParamMap({ returnUrl }) } },
      });
    }
    http = TestBed.inject(HttpTestingController);
    navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  async function submit(fixture: { whenStable(): Promise<unknown> }, el: HTMLElement, username: string, password: string) {
    type(el, '#username', username);
    type(el, '#password', password);
    q<HTMLButtonElement>(el, '[data-testid="login-submit"]').click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  verifyHttpAfterEach();

  it('renders the form in Vietnamese with the language switch', async () => {
    const { el } = await render();
    expect(q(el, 'label[for="username"]').textContent).toContain('Tên đăng nhập');
    expect(q(el, 'label[for="password"]').textContent).toContain('Mật khẩu');
    expect(text(el, '[data-testid="login-submit"]')).toBe('Đăng nhập');
    expect(text(el, '[data-testid="lang-switch"]')).toContain('English');
    expect(el.querySelector('[data-testid="login-error"]')).toBeNull();
  });

  it('shows the problem title in Vietnamese and its detail in English', async () => {
    const { fixture, el } = await render();
    await submit(fixture, el, ' vt.nguyen ', 'wrong');

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'vt.nguyen', password: 'wrong' });
    req.flush(problem(401, 'auth.invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng', 'Invalid username or password'), {
      status: 401,
      statusText: 'Unauthorized',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();

    const error = () => text(el, '[data-testid="login-error"]');
    expect(error()).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(q(el, '[data-testid="login-error"]').dataset['code']).toBe('auth.invalid_credentials');
    expect(q(el, '[data-testid="login-error"]').dataset['requestId']).toBe('req-1');
    expect(q<HTMLInputElement>(el, '#password').value).toBe('');
    expect(navigateByUrl).not.toHaveBeenCalled();

    q<HTMLButtonElement>(el, '[data-testid="lang-switch"]').click();
    await fixture.whenStable();
    expect(error()).toBe('Invalid username or password');
    expect(text(el, '[data-testid="login-submit"]')).toBe('Sign in');
  });

  it('shows the lockout message (423 auth.locked) in the current language', async () => {
    const { fixture, el } = await render();
    TestBed.inject(TranslationService).setLang('en');
    await submit(fixture, el, 'vt.nguyen', 'x');
    http
      .expectOne('/api/auth/login')
      .flush(problem(423, 'auth.locked', 'Tài khoản tạm thời bị khoá', 'Account temporarily locked, try again in 15 minutes'), {
        status: 423,
        statusText: 'Locked',
        headers: PROBLEM_HEADERS,
      });
    await fixture.whenStable();
    expect(text(el, '[data-testid="login-error"]')).toContain('Account temporarily locked, try again in 15 minutes');
  });

  it('does not call the API while a field is empty', async () => {
    const { fixture, el } = await render();
    await submit(fixture, el, 'vt.nguyen', '');
    http.expectNone('/api/auth/login');
    expect(el.querySelectorAll('.field-error')).toHaveLength(1);
    expect(q(el, '#password').getAttribute('aria-invalid')).toBe('true');
  });

  it('signs in and goes to the requested page', async () => {
    const { fixture, el } = await render('/admin');
    await submit(fixture, el, 'vt.nguyen', 'secret');
    http.expectOne('/api/auth/login').flush(ME_CLERK);
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).me()).toEqual(ME_CLERK);
    expect(navigateByUrl).toHaveBeenCalledWith('/admin');
  });

  it('never follows a returnUrl to another site', async () => {
    const { fixture, el } = await render('//evil.example/phish');
    await submit(fixture, el, 'vt.nguyen', 'secret');
    http.expectOne('/api/auth/login').flush(ME_CLERK);
    await fixture.whenStable();
    expect(navigateByUrl).toHaveBeenCalledWith('/');
  });
});
