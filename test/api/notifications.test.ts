import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { sendNotifications } from '../../api/src/notifications/service';
import { createRedis } from '../../api/src/redis/connection';
import { users } from '../../api/src/users/schema';
import { ApiClient, loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';
import { readEvents } from '../support/sse';

let t: TestApp;
let server: http.Server;
let base: string;
const redis = createRedis(REDIS_URL);
beforeAll(async () => {
  t = await startTestApp();
  server = http.createServer(t.app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  redis.disconnect();
  await t.close();
});

const userId = async (username: string) => (await t.database.db.select().from(users).where(eq(users.username, username)))[0].id;
const notify = async (username: string, key: string) =>
  sendNotifications(t.database.db, redis, t.config.QUEUE_PREFIX, [
    {
      userId: await userId(username),
      kind: 'test',
      titleVi: `Văn bản ${key}`,
      titleEn: `Document ${key}`,
      link: '/incoming',
      dedupeKey: key,
    },
  ]);

describe('notifications', () => {
  it('lists, counts and marks my notifications read; a repeated send is not duplicated', async () => {
    await notify('qn.cv.vx1', 'a-1');
    await notify('qn.cv.vx1', 'a-1');
    await notify('qn.cv.vx1', 'a-2');
    await notify('qn.tp.vx', 'b-1');
    const c = await loggedIn(t.app, 'qn.cv.vx1');
    const list = await c.get('/api/notifications');
    expect(list.body.unread).toBe(2);
    expect(list.body.items.map((n: { titleEn: string }) => n.titleEn).sort()).toEqual(['Document a-1', 'Document a-2']);
    const other = (await (await loggedIn(t.app, 'qn.tp.vx')).get('/api/notifications')).body.items[0].id;
    // Another user's id is ignored, not marked.
    const marked = await c.post('/api/notifications/read', { ids: [list.body.items[0].id, other] });
    expect(marked.body).toEqual({ marked: 1, unread: 1 });
    expect((await c.post('/api/notifications/read', { all: true })).body).toEqual({ marked: 1, unread: 0 });
    expect((await c.get('/api/notifications?unreadOnly=true')).body.items).toEqual([]);
    expect((await c.post('/api/notifications/read', { ids: [] })).status).toBe(422);
  });

  it('pushes new notifications live over server-sent events, only to their recipient', async () => {
    const c = await loggedIn(base, 'stc.cv.qlns');
    const cookie = (c.agent as unknown as { jar: { getCookies(o: object): { toValueString(): string }[] } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((k) => k.toValueString())
      .join('; ');
    const events = await readEvents(`${base}/api/notifications/stream`, cookie, 2, async () => {
      await notify('stc.tp.qlns', 'not-for-me');
      await notify('stc.cv.qlns', 'for-me');
    });
    expect(events[0]).toEqual({ event: 'unread', data: { count: 0 } });
    expect(events[1]).toMatchObject({ event: 'notification', data: { titleVi: 'Văn bản for-me', read: false, link: '/incoming' } });
  });

  it('asks for a login before streaming', async () => {
    expect((await new ApiClient(t.app).get('/api/notifications/stream')).status).toBe(401);
  });
});
