import type { Redis } from 'ioredis';
import { notificationChannel, type NotificationView } from './service';

type Listener = (n: NotificationView) => void;

interface Connection {
  listener: Listener;
  /** Ends the live connection when the process shuts down. */
  end: () => void;
}

/**
 * One Redis subscription per API process, fanned out to the live connections (server-sent events)
 * of the users this process serves.
 */
export class NotificationHub {
  private readonly connections = new Map<string, Set<Connection>>();
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;

  constructor(redis: Redis, prefix: string) {
    // A subscription waits out an outage and subscribes again (the request connection it is copied from fails fast).
    this.subscriber = redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
    this.subscriber.on('error', () => {});
    const channel = notificationChannel(prefix);
    this.ready = this.subscriber.subscribe(channel);
    this.subscriber.on('message', (ch, message) => {
      if (ch !== channel) return;
      const { userId, notification } = JSON.parse(message) as { userId: string; notification: NotificationView };
      for (const c of this.connections.get(userId) ?? []) c.listener(notification);
    });
  }

  async listen(userId: string, listener: Listener, end: () => void): Promise<() => void> {
    await this.ready;
    const connection = { listener, end };
    const set = this.connections.get(userId) ?? new Set();
    set.add(connection);
    this.connections.set(userId, set);
    return () => {
      set.delete(connection);
      if (set.size === 0) this.connections.delete(userId);
    };
  }

  close() {
    for (const set of this.connections.values()) for (const c of set) c.end();
    this.connections.clear();
    this.subscriber.disconnect();
  }
}
