import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../api/src/config';
import { hubMigrationsFolder, startHub, type RunningHub } from '../../api/src/exchange-hub/app';
import { exchangeOutbox } from '../../api/src/exchange/outbox-schema';
import { incomingFiles } from '../../api/src/incoming/schema';
import { startSystem, type System } from '../../api/src/server';
import { outgoingSigningRequests } from '../../api/src/signing/schema';
import { textPdf } from '../support/documents';
import { approvedProvinceDocument } from '../support/outgoing-flow';
import { eventually, type OutgoingView } from '../support/exchange';
import {
  ApiClient,
  clearRedisPrefix,
  createTestDatabase,
  DEMO_PASSWORD,
  freePort,
  loggedIn,
  REDIS_URL,
  testPrefix,
} from '../support/harness';
import { RedisProxy } from '../support/redis-proxy';
import { createTestPki, type TestPki } from '../support/signing';

/**
 * The whole system (API + in-process workers) reaching Redis through a proxy the test cuts like a network
 * partition and then restores. While cut: health and login answer at once, writes that need a job commit.
 * After the restore every row left pending finishes, queued again by the recovery sweep.
 */
const PROVINCE = '000.00.00.H49';
const HALONG = '000.00.30.H49';
const COMMAND_TIMEOUT_MS = 300;

let proxy: RedisProxy;
let pki: TestPki;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;
let hub: RunningHub;
let system: System;
let dataDir: string;
const prefix = testPrefix();
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  proxy = await RedisProxy.start(REDIS_URL);
  pki = await createTestPki();
  db = await createTestDatabase();
  hubDb = await createTestDatabase(hubMigrationsFolder);
  const hubPort = await freePort();
  hub = await startHub(
    loadConfig({
      HUB_DATABASE_URL: hubDb.url,
      HUB_PORT: String(hubPort),
      HUB_HOST: '127.0.0.1',
      HUB_AGENCIES: `${PROVINCE}=tinh,${HALONG}=halong`,
      LOG_LEVEL: 'silent',
    }),
  );
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-outage-'));
  system = await startSystem(
    loadConfig({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: proxy.url,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      PKI_DIR: pki.dir,
      TRUST_STORE_DIR: path.join(pki.dir, 'trust'),
      EXCHANGE_HUB_URL: hub.url,
      EXCHANGE_AGENCIES: `${PROVINCE}=tinh`,
      EXCHANGE_POLL_SECONDS: '1',
      EXCHANGE_RETRY_DELAY_MS: '200',
      EXCHANGE_TIMEOUT_SECONDS: '2',
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      RECOVERY_INTERVAL_SECONDS: '1',
    }),
  );
}, 120_000);

afterAll(async () => {
  proxy?.restore();
  await system?.close();
  await proxy?.close();
  await hub?.close();
  await hubDb?.drop();
  await db?.drop();
  await clearRedisPrefix(prefix);
  pki?.remove();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const as = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await loggedIn(system.url!, username));
  return clients.get(username)!;
};
const view = async (id: string) => (await (await as('qn.vanthu')).get(`/api/outgoing/${id}`)).body as OutgoingView;
const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);
const expectStatus = (res: { status: number; body: unknown }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};
const timed = async <T>(fn: () => Promise<T>) => {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
};

const signed = (id: string) => eventually(`the signature of ${id}`, async () => ((await view(id)).status === 'SIGNED' ? true : undefined));
const sealed = (id: string) => eventually(`the seal of ${id}`, async () => ((await view(id)).sealed ? true : undefined));

describe('a Redis outage', () => {
  it('is answered at once while it lasts, and every job owed is done once Redis is back', async () => {
    // Before: A awaits its signature, B is signed (to be issued), C is issued and sealed (to be dispatched).
    const [a, b, c] = [
      await approvedProvinceDocument(as, 'Văn bản A'),
      await approvedProvinceDocument(as, 'Văn bản B'),
      await approvedProvinceDocument(as, 'Văn bản C'),
    ];
    for (const id of [b, c]) expectStatus(await act('qn.chutich', id, 'sign', { passphrase: DEMO_PASSWORD }), 202);
    await signed(b);
    await signed(c);
    expectStatus(await act('qn.vanthu', c, 'issue', {}), 200);
    await sealed(c);
    const clerk = await as('qn.vanthu');

    proxy.cut();

    // Health: 503 within a second, naming Redis.
    const health = await timed(() => clerk.get('/api/health'));
    expect(health.value.status).toBe(503);
    expect(health.value.body).toMatchObject({ status: 'down', redis: { ok: false }, database: { ok: true } });
    expect(health.ms).toBeLessThan(1000);

    // Login: its throttling counters are in Redis, so it answers 503 promptly rather than guessing unthrottled.
    const login = await timed(() => new ApiClient(system.url!).post('/api/auth/login', { username: 'qn.cvp', password: DEMO_PASSWORD }));
    expect(login.value.status).toBe(503);
    expect(login.value.body).toMatchObject({ code: 'service.unavailable', title: expect.any(String), detail: expect.any(String) });
    expect(login.ms).toBeLessThan(3 * COMMAND_TIMEOUT_MS + 1000);
    // Open sessions are database rows: they keep working.
    expect((await clerk.get('/api/me')).status).toBe(200);

    // An upload commits (its files PENDING) and answers; its jobs are owed.
    const pdf = await textPdf(['Công văn gửi trong lúc Redis gián đoạn']);
    const { value: uploaded, ms: uploadMs } = await timed(async () =>
      clerk.agent
        .post('/api/incoming?organisationId=qn-ubnd')
        .set('X-XSRF-TOKEN', clerk.xsrf!)
        .field('channel', 'EMAIL')
        .attach('main', pdf, 'Công văn.pdf'),
    );
    expect(uploadMs).toBeLessThan(5000);
    expect(uploaded.status).toBe(201);
    const fileId = (uploaded.body as { files: { id: string; extractionState: string }[] }).files[0].id;
    expect(uploaded.body.files[0].extractionState).toBe('PENDING');

    // The leader signs A: the request is recorded QUEUED; signing again meanwhile is "in progress".
    expectStatus(await act('qn.chutich', a, 'sign', { passphrase: DEMO_PASSWORD }), 202);
    expect((await act('qn.chutich', a, 'sign', { passphrase: DEMO_PASSWORD })).body).toMatchObject({ code: 'signing.in_progress' });
    // The clerk issues B (the seal is owed) and dispatches C (its exchange send is owed).
    expectStatus(await act('qn.vanthu', b, 'issue', {}), 200);
    expectStatus(await act('qn.vanthu', c, 'dispatch'), 200);
    const [outbox] = await system.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, c));
    expect(outbox.status).toBe('QUEUED');

    // Longer than any retry of a lost command: nothing moves while Redis is away.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await view(a)).status).toBe('APPROVED_AWAITING_SIGNATURE');
    expect((await view(b)).sealed).toBe(false);

    proxy.restore();
    const restoredAt = Date.now();

    await eventually('the upload extracted', async () => {
      const [f] = await system.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
      return f.extractionState === 'DONE' ? true : undefined;
    });
    await signed(a);
    await sealed(b);
    await eventually('C sent over the exchange', async () => {
      const [row] = await system.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, c));
      return row.status === 'SENT' ? true : undefined;
    });
    expect(Date.now() - restoredAt).toBeLessThan(60_000);
    const requests = await system.database.db.select().from(outgoingSigningRequests).where(eq(outgoingSigningRequests.documentId, a));
    expect(requests.map((r) => r.state)).toEqual(['DONE']);
    expect((await clerk.get('/api/health')).body.redis).toEqual({ ok: true });
  }, 180_000);
});
