import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Me } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { q, text, type } from '../testing/dom';
import { ME_CLERK, PROBLEM_HEADERS, problem } from '../testing/fixtures';
import { verifyHttpAfterEach } from '../testing/http';
import { ChangePasswordPage } from './change-password-page';

describe('ChangePasswordPage', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<ChangePasswordPage>;
  let el: HTMLElement;
  let navigateByUrl: ReturnType<typeof vi.spyOn>;

  async function render(me: Me) {
    TestBed.inject(AuthService).login('x', 'y').subscribe();
    http.expectOne('/api/auth/login').flush(me);
    navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(ChangePasswordPage);
    el = fixture.nativeElement;
    await fixture.whenStable();
  }
  async function fill(current: string, next: string, repeat: string) {
    type(el, '[data-testid="password-current"]', current);
    type(el, '[data-testid="password-next"]', next);
    type(el, '[data-testid="password-repeat"]', repeat);
    await fixture.whenStable();
    q<HTMLButtonElement>(el, '[data-testid="password-save"]').click();
    await fixture.whenStable();
  }
  const errors = () => Array.from(el.querySelectorAll('.field-error')).map((e) => e.textContent!.trim());

  beforeEach(() => {
    localStorage.setItem('vanthu.lang', 'vi');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => vi.restoreAllMocks());
  verifyHttpAfterEach();

  it('checks the fields before sending: both passwords given, the new one long enough and typed twice the same', async () => {
    await render(ME_CLERK);
    expect(text(el, 'h1')).toBe('Đổi mật khẩu');
    expect(el.querySelector('[data-testid="password-forced"]')).toBeNull();
    await fill('', '', '');
    expect(errors()).toEqual(['Vui lòng nhập thông tin này.', 'Vui lòng nhập thông tin này.']);
    await fill('cu-mat-khau', 'ngan', 'khac');
    expect(errors()).toEqual(['Mật khẩu mới phải có ít nhất 10 ký tự.', 'Hai lần nhập mật khẩu mới không khớp.']);
    // Nothing was sent (verifyHttpAfterEach fails on any request).
  });

  it('changes the password, says so and empties the form; the user stays on the page', async () => {
    await render(ME_CLERK);
    await fill('cu-mat-khau', 'Moi-mat-khau-2026', 'Moi-mat-khau-2026');
    const req = http.expectOne({ method: 'POST', url: '/api/auth/password' });
    expect(req.request.body).toEqual({ currentPassword: 'cu-mat-khau', newPassword: 'Moi-mat-khau-2026' });
    expect(q<HTMLButtonElement>(el, '[data-testid="password-save"]').disabled).toBe(true);
    req.flush(ME_CLERK);
    await fixture.whenStable();
    expect(text(el, '[data-testid="password-done"]')).toBe('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.');
    expect(q<HTMLInputElement>(el, '[data-testid="password-current"]').value).toBe('');
    expect(q<HTMLInputElement>(el, '[data-testid="password-next"]').value).toBe('');
    expect(errors()).toEqual([]);
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(q<HTMLAnchorElement>(el, '[data-testid="password-back"]').getAttribute('href')).toBe('/');
  });

  it('shows a wrong current password beside its field', async () => {
    await render(ME_CLERK);
    await fill('sai', 'Moi-mat-khau-2026', 'Moi-mat-khau-2026');
    http.expectOne('/api/auth/password').flush(
      problem(400, 'auth.wrong_password', 'Mật khẩu hiện tại không đúng', 'Wrong password', {
        errors: [{ path: 'currentPassword', message: 'Wrong password' }],
      }),
      { status: 400, statusText: 'Bad Request', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();
    expect(text(el, '[data-testid="password-error"]')).toBe('Mật khẩu hiện tại không đúng');
    expect(text(el, '.field-error[data-path="currentPassword"]')).toBe('Mật khẩu không đúng.');
    expect(el.querySelector('[data-testid="password-done"]')).toBeNull();
  });

  it('when the change is forced: explains why, offers logging out instead, and goes on to the app once changed', async () => {
    await render({ ...ME_CLERK, mustChangePassword: true });
    expect(text(el, '[data-testid="password-forced"]')).toBe(
      'Mật khẩu hiện tại do quản trị hệ thống đặt. Hãy đặt mật khẩu mới của riêng bạn để tiếp tục làm việc.',
    );
    expect(el.querySelector('[data-testid="password-back"]')).toBeNull();
    await fill('Tam-7x2Q-9kLm', 'Moi-mat-khau-2026', 'Moi-mat-khau-2026');
    http.expectOne('/api/auth/password').flush(ME_CLERK);
    await fixture.whenStable();
    expect(navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('logs out from the forced change', async () => {
    await render({ ...ME_CLERK, mustChangePassword: true });
    q<HTMLButtonElement>(el, '[data-testid="password-logout"]').click();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null);
    await fixture.whenStable();
    expect(navigateByUrl).toHaveBeenCalledWith('/login');
    expect(TestBed.inject(AuthService).me()).toBeNull();
  });
});
