import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import type { NotificationHub } from './hub';
import { listNotifications, markRead, unreadCount } from './service';

const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    titleVi: z.string(),
    titleEn: z.string(),
    link: z.string().nullable(),
    data: z.unknown(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });

const HEARTBEAT_MS = 25_000;

export function notificationRoutes(db: Db, hub: NotificationHub) {
  return new ApiRouter('/api/notifications', 'Notifications')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'My notifications, newest first',
        access: 'user',
        query: z.object({ unreadOnly: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
        response: z.object({ items: z.array(notificationSchema), unread: z.number().int() }),
      },
      async ({ actor, query }) => ({
        items: await listNotifications(db, actor!.userId, query),
        unread: await unreadCount(db, actor!.userId),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/read',
        summary: 'Mark some (ids) or all of my notifications read',
        access: 'user',
        body: z.union([z.object({ ids: z.array(z.string().min(1)).min(1).max(500) }), z.object({ all: z.literal(true) })]),
        response: z.object({ marked: z.number().int(), unread: z.number().int() }),
      },
      async ({ actor, body }) => ({
        marked: await markRead(db, actor!.userId, 'all' in body ? 'all' : body.ids),
        unread: await unreadCount(db, actor!.userId),
      }),
    )
    .route(
      {
        method: 'get',
        path: '/stream',
        summary: 'Live notifications as server-sent events: "unread" {count} at once, then "notification" events',
        access: 'user',
        raw: { mediaType: 'text/event-stream' },
      },
      async ({ actor, req, res }) => {
        res.status(200).set({
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store, no-transform',
          Connection: 'keep-alive',
          'X-Accel-Buffering': 'no',
        });
        res.flushHeaders();
        const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const stop = await hub.listen(
          actor!.userId,
          (n) => send('notification', n),
          () => res.end(),
        );
        send('unread', { count: await unreadCount(db, actor!.userId) });
        const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
        req.on('close', () => {
          clearInterval(heartbeat);
          stop();
        });
      },
    );
}
