import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Me } from '../core/api.models';
import { AuthService } from '../core/auth.service';
import { fakeEventSources } from '../testing/fake-event-source';
import { ME_ADMIN, ME_CLERK, notification } from '../testing/fixtures';
import { verifyHttpAfterEach } from '../testing/http';
import { EVENT_SOURCE_FACTORY, NOTIFICATIONS_STREAM_URL, NotificationsService } from './notifications.service';

describe('NotificationsService', () => {
  let http: HttpTestingController;
  let auth: AuthService;
  let sources: ReturnType<typeof fakeEventSources>;
  let service: NotificationsService;

  beforeEach(() => {
    sources = fakeEventSources();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: EVENT_SOURCE_FACTORY, useValue: sources.factory }],
    });
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    service = TestBed.inject(NotificationsService);
  });

  verifyHttpAfterEach();

  function signIn(me: Me = ME_CLERK) {
    auth.login('x', 'y').subscribe();
    http.expectOne('/api/auth/login').flush(me);
    TestBed.tick();
  }

  function signOut() {
    auth.logout().subscribe();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    TestBed.tick();
  }

  function load(items = [notification({ id: 'n2' }), notification({ id: 'n1', read: true })], unread = 1) {
    service.load();
    const req = http.expectOne((r) => r.url === '/api/notifications');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.get('unreadOnly')).toBe('false');
    expect(Number(req.request.params.get('limit'))).toBeGreaterThan(0);
    req.flush({ items, unread });
  }

  it('opens no stream while nobody is signed in', () => {
    TestBed.tick();
    expect(sources.created).toHaveLength(0);
    expect(service.unread()).toBe(0);
  });

  it('opens the stream on sign-in and takes the unread count from the "unread" event', () => {
    signIn();
    expect(sources.created).toHaveLength(1);
    expect(sources.latest().url).toBe(NOTIFICATIONS_STREAM_URL);

    sources.latest().emit('unread', { count: 4 });
    expect(service.unread()).toBe(4);
    expect(service.connected()).toBe(true);

    // Sent again after the browser reconnects: the server's count wins.
    sources.latest().emit('unread', { count: 2 });
    expect(service.unread()).toBe(2);
    // Malformed data is ignored.
    sources.latest().emit('unread', 'not json');
    expect(service.unread()).toBe(2);
  });

  it('puts live notifications at the top and bumps the count once per notification', () => {
    signIn();
    sources.latest().emit('unread', { count: 1 });
    load();
    expect(service.items().map((n) => n.id)).toEqual(['n2', 'n1']);

    sources.latest().emit('notification', notification({ id: 'n3', titleVi: 'Văn bản mới' }));
    expect(service.items().map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
    expect(service.items()[0].titleVi).toBe('Văn bản mới');
    expect(service.unread()).toBe(2);

    // The same notification twice (e.g. after a reconnect) is not counted again.
    sources.latest().emit('notification', notification({ id: 'n3' }));
    expect(service.items()).toHaveLength(3);
    expect(service.unread()).toBe(2);
  });

  it('loads the list only when asked', () => {
    signIn();
    http.expectNone((r) => r.url === '/api/notifications');
    expect(service.loaded()).toBe(false);
    load([notification({ id: 'a' })], 7);
    expect(service.loaded()).toBe(true);
    expect(service.items().map((n) => n.id)).toEqual(['a']);
    expect(service.unread()).toBe(7);
  });

  it('marks one notification read and takes the count from the answer', () => {
    signIn();
    sources.latest().emit('unread', { count: 3 });
    load([notification({ id: 'n2' }), notification({ id: 'n1' })], 3);

    service.markRead('n2');
    expect(service.items().find((n) => n.id === 'n2')?.read).toBe(true);
    expect(service.unread()).toBe(2); // shown at once
    const req = http.expectOne('/api/notifications/read');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ ids: ['n2'] });
    req.flush({ marked: 1, unread: 1 }); // another one was read elsewhere meanwhile
    expect(service.unread()).toBe(1);
    expect(service.items().find((n) => n.id === 'n1')?.read).toBe(false);

    // Already read: no request.
    service.markRead('n2');
    http.expectNone('/api/notifications/read');
  });

  it('marks all notifications read', () => {
    signIn();
    sources.latest().emit('unread', { count: 5 });
    load([notification({ id: 'n2' }), notification({ id: 'n1' })], 5);

    service.markAllRead();
    expect(service.items().every((n) => n.read)).toBe(true);
    const req = http.expectOne('/api/notifications/read');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ all: true });
    req.flush({ marked: 5, unread: 0 });
    expect(service.unread()).toBe(0);
  });

  it('closes the stream on logout and forgets the previous user', () => {
    signIn();
    const source = sources.latest();
    source.emit('unread', { count: 3 });
    load();

    signOut();
    expect(source.closed).toBe(true);
    expect(service.unread()).toBe(0);
    expect(service.items()).toEqual([]);
    expect(service.loaded()).toBe(false);
    expect(service.connected()).toBe(false);

    // Events from the closed stream no longer count.
    source.emit('unread', { count: 9 });
    expect(service.unread()).toBe(0);

    // Signing in again opens a new stream.
    signIn(ME_ADMIN);
    expect(sources.created).toHaveLength(2);
    expect(sources.latest().closed).toBe(false);
  });

  it('ignores a list that arrives after logout', () => {
    signIn();
    service.load();
    const req = http.expectOne((r) => r.url === '/api/notifications');
    signOut();
    req.flush({ items: [notification({ id: 'late' })], unread: 1 });
    expect(service.items()).toEqual([]);
    expect(service.unread()).toBe(0);
  });

  it('retries with a new stream when the browser gives up on the old one', () => {
    vi.useFakeTimers();
    try {
      signIn();
      const first = sources.latest();
      first.readyState = 2;
      first.onerror?.(new Event('error'));
      expect(first.closed).toBe(true);
      expect(sources.created).toHaveLength(1);
      vi.advanceTimersByTime(5_000);
      expect(sources.created).toHaveLength(2);
      sources.latest().emit('unread', { count: 1 });
      expect(service.unread()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
