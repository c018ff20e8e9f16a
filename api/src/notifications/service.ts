import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db, Tx } from '../db/client';
import { notifications } from './schema';

export interface NewNotification {
  userId: string;
  kind: string;
  titleVi: string;
  titleEn: string;
  link?: string;
  data?: unknown;
  dedupeKey: string;
}

export type NotificationView = ReturnType<typeof toView>;

const toView = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  titleVi: n.titleVi,
  titleEn: n.titleEn,
  link: n.link,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  read: n.readAt !== null,
});

export const notificationChannel = (prefix: string) => `${prefix}:notifications`;

/**
 * Stores notifications (once per user and dedupe key) and announces the new ones on Redis, so the API
 * process holding a user's live connection pushes them — whichever process (API or worker) sent them.
 */
export async function sendNotifications(db: Db | Tx, redis: Redis, prefix: string, items: NewNotification[]): Promise<NotificationView[]> {
  if (items.length === 0) return [];
  const created = await db
    .insert(notifications)
    .values(items.map((i) => ({ ...i, data: i.data ?? null })))
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning();
  const views = created.map(toView);
  // The live push is a courtesy: the notification is stored and shown at the next look, so a Redis outage
  // neither fails nor delays the action that caused it.
  for (const [i, n] of created.entries()) {
    redis.publish(notificationChannel(prefix), JSON.stringify({ userId: n.userId, notification: views[i] })).catch(() => undefined);
  }
  return views;
}

export async function listNotifications(db: Db, userId: string, opts: { unreadOnly?: boolean; limit?: number }) {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), opts.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(opts.limit ?? 50);
  return rows.map(toView);
}

export function unreadCount(db: Db, userId: string): Promise<number> {
  return db.$count(notifications, and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** Marks the given notifications (or all) of this user read; others' ids are silently ignored. */
export async function markRead(db: Db, userId: string, ids: string[] | 'all'): Promise<number> {
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)))
    .returning({ id: notifications.id });
  return updated.length;
}
