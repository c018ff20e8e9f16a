import { Writable } from 'node:stream';
import request from 'supertest';
import { SESSION_COOKIE } from '../../api/src/auth/middleware';
import { hubMigrationsFolder, createHubApp } from '../../api/src/exchange-hub/app';
import { HubService } from '../../api/src/exchange-hub/service';
import { createLogger, REDACTED } from '../../api/src/logger';
import { ApiClient, DEMO_PASSWORD, createTestDatabase, startTestApp, type TestApp } from '../support/harness';

/** Every line the logger writes, as the log file would hold it. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const log = createLogger('debug', 'test', sink);

let t: TestApp;
let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await startTestApp({ log });
  hubDb = await createTestDatabase(hubMigrationsFolder);
});
afterAll(async () => {
  await t.close();
  await hubDb.drop();
});

const cookieValue = (setCookies: string[], name: string) =>
  setCookies.map((c) => new RegExp(`^${name}=([^;]+)`).exec(c)?.[1]).find(Boolean)!;

describe('logs (API, workers and hub share createLogger)', () => {
  it('keep requests at debug level but none of the credentials used: cookies, CSRF token, password, passphrase, X-Secret', async () => {
    const used: Record<string, string> = {};
    const client = new ApiClient(t.app);
    await client.get('/api/me');
    used.anonymousCsrf = client.xsrf!;
    const login = await client.login('qn.chutich');
    used.password = DEMO_PASSWORD;
    used.session = cookieValue(login.headers['set-cookie'] as unknown as string[], SESSION_COOKIE);
    used.csrf = client.xsrf!;
    expect(used.session).toMatch(/^[\w-]{20,}$/);
    expect(used.csrf).not.toBe(used.anonymousCsrf);

    // A CSRF-protected request carrying a signing passphrase (on a document that does not exist: refused, still logged).
    used.passphrase = 'khoa-ky-so-rat-bi-mat-2025';
    const sign = await client.post('/api/outgoing/00000000-0000-0000-0000-000000000000/sign', { passphrase: used.passphrase });
    expect(sign.status).toBeGreaterThanOrEqual(400);
    // A wrong password too: it must not reach the log either.
    used.wrongPassword = 'mat-khau-sai-de-thu-log';
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'qn.chutich', password: used.wrongPassword })).status).toBe(401);
    expect((await client.post('/api/auth/logout')).status).toBeLessThan(300);

    // The exchange hub: every call carries the agency's X-Secret.
    used.hubSecret = 'secret-of-the-province-on-the-axis';
    const service = new HubService(hubDb.database.db);
    await service.registerAgencies(new Map([['000.00.00.H49', used.hubSecret]]));
    const hub = createHubApp(service, hubDb.database, { maxBytes: 1024 * 1024, log });
    const pending = await request(hub).get('/api/v1/messages?type=edoc').set({ 'X-Organ-Id': '000.00.00.H49', 'X-Secret': used.hubSecret });
    expect(pending.status).toBe(200);
    expect(
      (
        await request(hub)
          .get('/api/v1/messages')
          .set({ 'X-Organ-Id': '000.00.00.H49', 'X-Secret': `${used.hubSecret}-wrong` })
      ).status,
    ).toBe(401);

    // Secret fields in any object logged by the code (workers log jobs and errors through the same factory).
    used.fieldSecret = 'seal-passphrase-in-an-object';
    log.info({ job: { data: { passphrase: used.fieldSecret } }, password: used.fieldSecret }, 'an event with secret fields');

    const text = lines.join('\n');
    // The requests are there, one line each, with their headers at debug, only the secret ones replaced.
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request' || l.msg === 'request failed');
    expect(requests.map((l) => `${l.method} ${l.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/outgoing/00000000-0000-0000-0000-000000000000/sign',
        'GET /api/v1/messages',
      ]),
    );
    const signLine = requests.find((l) => l.path.endsWith('/sign'));
    expect(signLine.requestHeaders).toMatchObject({ cookie: REDACTED, 'x-xsrf-token': REDACTED });
    expect(requests.find((l) => l.path === '/api/auth/login' && l.status === 200).responseHeaders['set-cookie']).toBe(REDACTED);
    expect(requests.find((l) => l.path === '/api/v1/messages' && l.status === 200).requestHeaders).toMatchObject({
      'x-secret': REDACTED,
      'x-organ-id': '000.00.00.H49',
    });
    for (const [what, value] of Object.entries(used)) {
      expect({ what, found: text.includes(value) }).toEqual({ what, found: false });
    }
  });

  it('write ONE line per request at info: method, path, status, duration, user id, request id; no headers', async () => {
    const infoLines: string[] = [];
    const infoLog = createLogger(
      'info',
      'test',
      new Writable({ write: (c, _e, done) => void (infoLines.push(...String(c).split('\n').filter(Boolean)), done()) }),
    );
    const app = await startTestApp({ log: infoLog });
    try {
      const client = new ApiClient(app.app);
      await client.login('qn.vanthu');
      infoLines.length = 0;
      const me = await client.agent.get('/api/me?x=1').set('X-Request-Id', 'trace-me-1');
      expect(me.status).toBe(200);
      expect(infoLines).toHaveLength(1);
      const line = JSON.parse(infoLines[0]);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request',
        method: 'GET',
        path: '/api/me',
        status: 200,
        userId: me.body.id,
        requestId: 'trace-me-1',
      });
      expect(typeof line.durationMs).toBe('number');
      expect(Object.keys(line).sort()).toEqual([
        'durationMs',
        'level',
        'method',
        'msg',
        'path',
        'requestId',
        'role',
        'status',
        'time',
        'userId',
      ]);
      expect(infoLines[0].length).toBeLessThan(400);
    } finally {
      await app.close();
    }
  });
});
