import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { TranslationService } from '../i18n/translation.service';
import { q, text } from '../testing/dom';
import { fakeEventSources } from '../testing/fake-event-source';
import { ME_CLERK, notification } from '../testing/fixtures';
import { verifyHttpAfterEach } from '../testing/http';
import { NotificationsBell } from './notifications-bell';
import { type AppNotification, EVENT_SOURCE_FACTORY } from './notifications.service';

describe('NotificationsBell', () => {
  let http: HttpTestingController;
  let sources: ReturnType<typeof fakeEventSources>;

  async function render() {
    TestBed.inject(AuthService).login('x', 'y').subscribe();
    http.expectOne('/api/auth/login').flush(ME_CLERK);
    const fixture = TestBed.createComponent(NotificationsBell);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const stable = () => fixture.whenStable();
    return { fixture, el, stable };
  }

  async function openPanel(el: HTMLElement, stable: () => Promise<unknown>, items: AppNotification[], unread: number) {
    q<HTMLButtonElement>(el, '[data-testid="notifications-bell"]').click();
    http.expectOne((r) => r.url === '/api/notifications').flush({ items, unread });
    await stable();
  }

  const badge = (el: HTMLElement) => el.querySelector('[data-testid="notifications-unread"]');
  const bellLabel = (el: HTMLElement) => q(el, '[data-testid="notifications-bell"]').getAttribute('aria-label');
  const itemTitles = (el: HTMLElement) =>
    Array.from(el.querySelectorAll('[data-testid="notification-item"] .item-title')).map((e) => e.textContent!.trim());

  beforeEach(() => {
    localStorage.clear();
    sources = fakeEventSources();
    TestBed.configureTestingModule({
      imports: [NotificationsBell],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: sources.factory },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    document.body.innerHTML = '';
    TestBed.inject(TranslationService).setLang('vi');
  });

  verifyHttpAfterEach();

  it('hides the badge at 0, shows the live count and caps it at 99+', async () => {
    const { el, stable } = await render();
    expect(badge(el)).toBeNull();
    expect(bellLabel(el)).toBe('Thông báo');

    sources.latest().emit('unread', { count: 3 });
    await stable();
    expect(badge(el)?.textContent?.trim()).toBe('3');
    expect(bellLabel(el)).toBe('Thông báo (3 chưa đọc)');

    sources.latest().emit('unread', { count: 120 });
    await stable();
    expect(badge(el)?.textContent?.trim()).toBe('99+');
    expect(bellLabel(el)).toBe('Thông báo (120 chưa đọc)');

    sources.latest().emit('unread', { count: 0 });
    await stable();
    expect(badge(el)).toBeNull();

    TestBed.inject(TranslationService).setLang('en');
    sources.latest().emit('unread', { count: 2 });
    await stable();
    expect(bellLabel(el)).toBe('Notifications (2 unread)');
  });

  it('opens the panel, loads the list and shows titles in the current language', async () => {
    const { el, stable } = await render();
    expect(el.querySelector('[data-testid="notifications-panel"]')).toBeNull();
    const bell = q<HTMLButtonElement>(el, '[data-testid="notifications-bell"]');
    expect(bell.getAttribute('aria-expanded')).toBe('false');

    await openPanel(
      el,
      stable,
      [
        notification({ id: 'n2', titleVi: 'Văn bản đến số 12', titleEn: 'Incoming document no. 12' }),
        notification({ id: 'n1', titleVi: 'Hồ sơ đã duyệt', titleEn: 'Case file approved', read: true }),
      ],
      1,
    );
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    expect(itemTitles(el)).toEqual(['Văn bản đến số 12', 'Hồ sơ đã duyệt']);
    const items = el.querySelectorAll<HTMLElement>('[data-testid="notification-item"]');
    expect(items[0].classList).toContain('unread');
    expect(items[1].classList).not.toContain('unread');
    expect(items[0].querySelector('time')?.getAttribute('datetime')).toBe('2026-03-02T07:05:00Z');
    expect(items[0].querySelector('time')?.textContent?.trim()).not.toBe('');
    expect(text(el, '[data-testid="notifications-read-all"]')).toBe('Đánh dấu tất cả đã đọc');

    TestBed.inject(TranslationService).setLang('en');
    await stable();
    expect(itemTitles(el)).toEqual(['Incoming document no. 12', 'Case file approved']);
    expect(text(el, '[data-testid="notifications-read-all"]')).toBe('Mark all as read');
  });

  it('shows relative times in the current language', async () => {
    const { el, stable } = await render();
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    await openPanel(el, stable, [notification({ id: 'n1', createdAt: tenMinutesAgo })], 1);
    expect(text(el, '[data-testid="notification-item"] time')).toContain('10 phút');
    TestBed.inject(TranslationService).setLang('en');
    await stable();
    expect(text(el, '[data-testid="notification-item"] time')).toBe('10 minutes ago');
  });

  it('shows an empty state', async () => {
    const { el, stable } = await render();
    await openPanel(el, stable, [], 0);
    expect(el.querySelectorAll('[data-testid="notification-item"]')).toHaveLength(0);
    expect(text(el, '[data-testid="notifications-empty"]')).toBe('Bạn chưa có thông báo nào.');
    expect(q<HTMLButtonElement>(el, '[data-testid="notifications-read-all"]').disabled).toBe(true);
  });

  it('marks an item read on click and follows its link', async () => {
    const navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { el, stable } = await render();
    sources.latest().emit('unread', { count: 2 });
    await openPanel(el, stable, [notification({ id: 'n2', link: '/incoming/n2' }), notification({ id: 'n1' })], 2);

    q<HTMLButtonElement>(el, '[data-notification-id="n2"]').click();
    const req = http.expectOne('/api/notifications/read');
    expect(req.request.body).toEqual({ ids: ['n2'] });
    req.flush({ marked: 1, unread: 1 });
    await stable();
    expect(navigateByUrl).toHaveBeenCalledWith('/incoming/n2');
    expect(badge(el)?.textContent?.trim()).toBe('1');
    expect(el.querySelector('[data-testid="notifications-panel"]')).toBeNull();
  });

  it('keeps the panel open for an item without a link', async () => {
    const navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { el, stable } = await render();
    await openPanel(el, stable, [notification({ id: 'n1', link: null })], 1);
    q<HTMLButtonElement>(el, '[data-notification-id="n1"]').click();
    http.expectOne('/api/notifications/read').flush({ marked: 1, unread: 0 });
    await stable();
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(q(el, '[data-notification-id="n1"]').classList).not.toContain('unread');
    expect(el.querySelector('[data-testid="notifications-panel"]')).not.toBeNull();
    expect(badge(el)).toBeNull();
  });

  it('marks everything read with the "mark all read" button', async () => {
    const { el, stable } = await render();
    sources.latest().emit('unread', { count: 2 });
    await openPanel(el, stable, [notification({ id: 'n2' }), notification({ id: 'n1' })], 2);

    q<HTMLButtonElement>(el, '[data-testid="notifications-read-all"]').click();
    const req = http.expectOne('/api/notifications/read');
    expect(req.request.body).toEqual({ all: true });
    req.flush({ marked: 2, unread: 0 });
    await stable();
    expect(badge(el)).toBeNull();
    expect(el.querySelectorAll('[data-testid="notification-item"].unread')).toHaveLength(0);
  });

  it('puts notifications arriving live at the top and bumps the badge', async () => {
    const { el, stable } = await render();
    sources.latest().emit('unread', { count: 1 });
    await openPanel(el, stable, [notification({ id: 'n1', titleVi: 'Cũ' })], 1);

    sources.latest().emit('notification', notification({ id: 'n2', titleVi: 'Mới' }));
    await stable();
    expect(itemTitles(el)).toEqual(['Mới', 'Cũ']);
    expect(badge(el)?.textContent?.trim()).toBe('2');
  });

  it('closes on Escape (focus back on the bell) and on a click outside', async () => {
    const { el, stable } = await render();
    await openPanel(el, stable, [], 0);

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await stable();
    expect(el.querySelector('[data-testid="notifications-panel"]')).toBeNull();
    expect(document.activeElement).toBe(q(el, '[data-testid="notifications-bell"]'));

    await openPanel(el, stable, [], 0);
    // A click inside the panel keeps it open.
    q(el, '[data-testid="notifications-panel"]').click();
    await stable();
    expect(el.querySelector('[data-testid="notifications-panel"]')).not.toBeNull();

    const outside = document.createElement('button');
    document.body.appendChild(outside);
    outside.click();
    await stable();
    expect(el.querySelector('[data-testid="notifications-panel"]')).toBeNull();
  });
});
