import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Me } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { EVENT_SOURCE_FACTORY } from '../notifications/notifications.service';
import { q, text } from '../testing/dom';
import { fakeEventSources } from '../testing/fake-event-source';
import { ME_ADMIN, ME_CLERK } from '../testing/fixtures';
import { Shell } from './shell';
import { verifyHttpAfterEach } from '../testing/http';

describe('Shell', () => {
  let http: HttpTestingController;
  let sources: ReturnType<typeof fakeEventSources>;

  async function render(me: Me) {
    TestBed.inject(AuthService).login('x', 'y').subscribe();
    http.expectOne('/api/auth/login').flush(me);
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => {
    localStorage.clear();
    sources = fakeEventSources();
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: sources.factory },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('shows the app name, the current user and organisation', async () => {
    const { el } = await render(ME_CLERK);
    expect(el.textContent).toContain('vanthu');
    expect(el.textContent).toContain('Quản lý văn bản');
    const user = text(el, '[data-testid="current-user"]');
    expect(user).toContain('Nguyễn Thị Văn');
    expect(user).toContain('Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh');
  });

  it('hides Admin from non-admins and shows it to admins', async () => {
    const clerk = await render(ME_CLERK);
    const labels = Array.from(clerk.el.querySelectorAll('[data-testid="nav"] a')).map((a) => a.textContent!.trim());
    expect(labels).toEqual(['Bảng điều khiển', 'Văn bản đến', 'Văn bản đi', 'Trình duyệt / Phê duyệt', 'Tra cứu', 'Hồ sơ công việc']);

    const admin = await render(ME_ADMIN);
    expect(text(admin.el, '[data-testid="nav-admin"]')).toBe('Quản trị');
  });

  it('switches language from the header; the button names the other language', async () => {
    const { fixture, el } = await render(ME_CLERK);
    const button = q<HTMLButtonElement>(el, '[data-testid="lang-switch"]');
    expect(button.textContent).toContain('English');
    button.click();
    await fixture.whenStable();
    expect(button.textContent).toContain('Tiếng Việt');
    expect(document.documentElement.lang).toBe('en');
    expect(text(el, '[data-testid="nav-incoming"]')).toBe('Incoming');
    expect(text(el, '[data-testid="logout"]')).toBe('Sign out');
  });

  it('logs out and returns to the login page', async () => {
    const navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { fixture, el } = await render(ME_CLERK);
    q<HTMLButtonElement>(el, '[data-testid="logout"]').click();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).me()).toBeNull();
    expect(navigateByUrl).toHaveBeenCalledWith('/login');
    expect(el.querySelector('[data-testid="current-user"]')).toBeNull();
  });

  it('has a notifications bell in the header whose stream closes on logout', async () => {
    vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { fixture, el } = await render(ME_CLERK);
    const bell = q<HTMLButtonElement>(el, '.topbar [data-testid="notifications-bell"]');
    expect(bell.getAttribute('aria-label')).toBe('Thông báo');
    const source = sources.latest();
    source.emit('unread', { count: 5 });
    await fixture.whenStable();
    expect(text(el, '[data-testid="notifications-unread"]')).toBe('5');

    q<HTMLButtonElement>(el, '[data-testid="logout"]').click();
    http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(source.closed).toBe(true);
    expect(el.querySelector('[data-testid="notifications-unread"]')).toBeNull();
  });
});
