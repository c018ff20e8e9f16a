import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import type { ApiResponse, Schema } from '../core/api.models';
import { AuthService } from '../core/auth.service';

/** One in-app notification as returned by `/api/notifications` and pushed by the stream. */
export type AppNotification = Schema<'Notification'>;
/** `GET /api/notifications`: the newest notifications and how many are unread. */
export type NotificationList = ApiResponse<'/api/notifications'>;
/** `POST /api/notifications/read`. */
export type MarkReadResult = ApiResponse<'/api/notifications/read', 'post'>;

/** The part of the browser's `EventSource` the service uses (so tests can pass a fake). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((event: Event) => void) | null;
  readonly readyState: number;
}

/** `EventSource.CLOSED` (the browser gave up reconnecting, e.g. after a non-SSE answer). */
const CLOSED = 2;

export type EventSourceFactory = (url: string) => EventSourceLike;

/** Creates the server-sent-events connection; replace it in tests to drive fake events. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url) => (typeof EventSource === 'function' ? (new EventSource(url) as unknown as EventSourceLike) : new NoEventSource()),
});

/** Stand-in where the platform has no `EventSource` (server rendering, old test DOMs): never fires. */
class NoEventSource implements EventSourceLike {
  onerror: ((event: Event) => void) | null = null;
  readyState = CLOSED;
  addEventListener(): void {
    // No events ever.
  }
  close(): void {
    this.readyState = CLOSED;
  }
}

export const NOTIFICATIONS_STREAM_URL = '/api/notifications/stream';
/** How many notifications the panel shows (and keeps while new ones arrive live). */
export const NOTIFICATIONS_LIMIT = 20;

const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/**
 * In-app notifications of the signed-in user.
 *
 * While somebody is signed in (`AuthService.me()` non-null) a server-sent-events stream keeps
 * `unread` current and puts new notifications at the top of `items`; it is closed on logout.
 * The list itself is loaded lazily (`load()`, when the panel opens).
 */
@Injectable({ providedIn: 'root' })
export class NotificationsService {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);

  private readonly unreadCount = signal(0);
  private readonly list = signal<AppNotification[]>([]);
  private readonly loadedFlag = signal(false);
  private readonly loadingFlag = signal(false);
  private readonly failed = signal(false);

  /** Number of unread notifications. */
  readonly unread = this.unreadCount.asReadonly();
  /** Most recent notifications, newest first. */
  readonly items = this.list.asReadonly();
  /** True once the list has been loaded for the current user. */
  readonly loaded = this.loadedFlag.asReadonly();
  readonly loading = this.loadingFlag.asReadonly();
  /** True when the last `load()` failed. */
  readonly loadFailed = this.failed.asReadonly();
  private readonly streamOpen = signal(false);
  /** True once the live stream has answered (its `unread` event) and until it fails or closes. */
  readonly connected = this.streamOpen.asReadonly();

  private source: EventSourceLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  /** Bumped on every sign-in / sign-out so late HTTP answers for another session are ignored. */
  private generation = 0;

  private readonly userId = computed(() => this.auth.me()?.id ?? null);

  constructor() {
    effect(() => {
      const id = this.userId();
      untracked(() => (id ? this.start() : this.stop()));
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** `GET /api/notifications` (recent, read and unread); also refreshes the unread count. */
  load(): void {
    if (!this.auth.me()) return;
    const generation = this.generation;
    this.loadingFlag.set(true);
    this.failed.set(false);
    const params = new HttpParams().set('unreadOnly', 'false').set('limit', NOTIFICATIONS_LIMIT);
    this.http.get<NotificationList>('/api/notifications', { params }).subscribe({
      next: (result) => {
        if (generation !== this.generation) return;
        this.list.set(result.items);
        this.unreadCount.set(result.unread);
        this.loadedFlag.set(true);
        this.loadingFlag.set(false);
      },
      error: () => {
        if (generation !== this.generation) return;
        this.failed.set(true);
        this.loadingFlag.set(false);
      },
    });
  }

  /** Mark one notification read (no request if it already is). */
  markRead(id: string): void {
    const item = this.list().find((n) => n.id === id);
    if (item?.read) return;
    if (item) {
      // Show it at once; the server's answer then sets the exact count.
      this.list.update((items) => items.map((n) => (n.id === id ? { ...n, read: true } : n)));
      this.unreadCount.update((count) => Math.max(0, count - 1));
    }
    this.post({ ids: [id] });
  }

  /** Mark all my notifications read. */
  markAllRead(): void {
    this.list.update((items) => (items.some((n) => !n.read) ? items.map((n) => (n.read ? n : { ...n, read: true })) : items));
    this.unreadCount.set(0);
    this.post({ all: true });
  }

  private post(body: { ids: string[] } | { all: true }): void {
    const generation = this.generation;
    this.http.post<MarkReadResult>('/api/notifications/read', body).subscribe({
      next: (result) => {
        if (generation === this.generation) this.unreadCount.set(result.unread);
      },
      // Nothing to undo: the next load() or stream reconnect brings the server's state back.
      error: () => undefined,
    });
  }

  private start(): void {
    this.stop();
    this.open();
  }

  private open(): void {
    this.clearRetry();
    const source = this.createSource(NOTIFICATIONS_STREAM_URL);
    this.source = source;
    source.addEventListener('unread', (event) => {
      if (this.source !== source) return;
      const data = parse<{ count?: unknown }>(event.data);
      if (typeof data?.count !== 'number') return;
      this.streamOpen.set(true);
      this.retryDelay = RETRY_MIN_MS;
      // Sent first and again after every reconnect (notifications may have been missed meanwhile).
      this.unreadCount.set(data.count);
    });
    source.addEventListener('notification', (event) => {
      if (this.source !== source) return;
      const item = parse<AppNotification>(event.data);
      if (!item || typeof item.id !== 'string') return;
      this.receive(item);
    });
    source.onerror = () => {
      if (this.source !== source) return;
      this.streamOpen.set(false);
      // The browser reconnects by itself unless it gave up (CLOSED); then retry with a back-off.
      if (source.readyState === CLOSED) {
        source.close();
        this.source = null;
        this.scheduleRetry();
      }
    };
  }

  private receive(item: AppNotification): void {
    const known = this.list().some((n) => n.id === item.id);
    if (known) return;
    this.list.update((items) => [item, ...items].slice(0, NOTIFICATIONS_LIMIT));
    if (!item.read) this.unreadCount.update((count) => count + 1);
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.auth.me() && !this.source) this.open();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Close the stream and forget everything of the previous user. */
  private stop(): void {
    this.generation++;
    this.clearRetry();
    this.retryDelay = RETRY_MIN_MS;
    this.source?.close();
    this.source = null;
    this.streamOpen.set(false);
    this.unreadCount.set(0);
    this.list.set([]);
    this.loadedFlag.set(false);
    this.loadingFlag.set(false);
    this.failed.set(false);
  }
}

function parse<T>(data: unknown): T | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' ? (value as T) : null;
  } catch {
    return null;
  }
}
