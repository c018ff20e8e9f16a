import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { hubMigrationsFolder, startHub, type RunningHub } from '../../api/src/exchange-hub/app';
import { hubDeliveries } from '../../api/src/exchange-hub/schema';
import { buildStatusPackage, parsePackage, type DocumentPackage, type StatusCode } from '../../api/src/exchange/edxml';
import { applyStatusPackage, sendOutboxItem, type ExchangeDeps } from '../../api/src/exchange/outbox';
import { exchangeOutbox, exchangeOutboxEvents } from '../../api/src/exchange/outbox-schema';
import { exchangeTransports, HubHttpTransport } from '../../api/src/exchange/transport';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { Notifier } from '../../api/src/notifications/notifier';
import { notifications } from '../../api/src/notifications/schema';
import { createRedis } from '../../api/src/redis/connection';
import { signingDeps } from '../../api/src/signing/deps';
import { openBlobStore } from '../../api/src/storage';
import { roleGrants, users } from '../../api/src/users/schema';
import { startWorkers, type RunningWorkers } from '../../workers/src';
import { dispatchProvinceDocument, eventually, type OutgoingView } from '../support/exchange';
import { createTestDatabase, freePort, loggedIn, REDIS_URL, startTestApp, type ApiClient, type TestApp } from '../support/harness';
import { createTestPki, type TestPki } from '../support/signing';

const PROVINCE = '000.00.00.H49';
const HALONG = '000.00.30.H49';
const VPCP = '000.00.00.G22';

let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;
let hub: RunningHub;
let hubPort: number;
let t: TestApp;
let workers: RunningWorkers;
let pki: TestPki;
let dataDir: string;
let district: HubHttpTransport;
let redis: ReturnType<typeof createRedis>;
const clients = new Map<string, ApiClient>();

const startHubHere = () =>
  startHub(
    loadConfig({
      HUB_DATABASE_URL: hubDb.url,
      HUB_PORT: String(hubPort),
      HUB_HOST: '127.0.0.1',
      HUB_AGENCIES: `${PROVINCE}=tinh,${HALONG}=halong`,
      LOG_LEVEL: 'silent',
    }),
  );

beforeAll(async () => {
  hubDb = await createTestDatabase(hubMigrationsFolder);
  hubPort = await freePort();
  hub = await startHubHere();
  pki = await createTestPki();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-outbox-'));
  t = await startTestApp({
    env: {
      DATA_DIR: dataDir,
      PKI_DIR: pki.dir,
      TRUST_STORE_DIR: path.join(pki.dir, 'trust'),
      EXCHANGE_HUB_URL: hub.url,
      EXCHANGE_AGENCIES: `${PROVINCE}=tinh`,
      EXCHANGE_POLL_SECONDS: '1',
      EXCHANGE_SEND_ATTEMPTS: '3',
      EXCHANGE_RETRY_DELAY_MS: '200',
      EXCHANGE_TIMEOUT_SECONDS: '2',
      RECOVERY_INTERVAL_SECONDS: '1',
    },
  });
  workers = await startWorkers({
    db: t.database.db,
    redisUrl: REDIS_URL,
    prefix: t.config.QUEUE_PREFIX,
    queues: t.queues,
    blobs: openBlobStore(t.config),
    log: pino({ level: 'silent' }),
    config: t.config,
  });
  district = new HubHttpTransport(hub.url, HALONG, 'halong', 5000);
  redis = createRedis(REDIS_URL);
}, 120_000);

afterAll(async () => {
  redis?.disconnect();
  await workers?.close();
  await t?.close();
  await hub?.close();
  await hubDb?.drop();
  pki?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One session per user for the whole file (logins are rate-limited per address). */
const as = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
};
const view = async (id: string) => (await (await as('qn.vanthu')).get(`/api/outgoing/${id}`)).body as OutgoingView;
const halongOf = (v: OutgoingView) => v.recipients.find((r) => r.organCode === HALONG)!;

/** What the district's system does on receipt: take the package off the hub, verify and read it. */
async function districtReceives(): Promise<{ hubId: string; pkg: DocumentPackage }> {
  const [m] = await eventually('a package for Hạ Long on the hub', async () => {
    const p = await district.pending('edoc');
    return p.length ? p : undefined;
  });
  const parsed = await parsePackage(await district.fetch(m.id), { maxBytes: 60 * 1024 * 1024, trust: await pki.trust() });
  if (!parsed.ok) throw new Error(`package refused: ${parsed.code} ${parsed.reasonEn}`);
  if (parsed.pkg.kind !== 'document') throw new Error('not a document package');
  await district.ack(m.id);
  return { hubId: m.id, pkg: parsed.pkg.value };
}

/** A status package from Hạ Long about `pkg` (signed with a key of the test PKI). */
async function districtSays(pkg: DocumentPackage, statusCode: StatusCode, description: string, at: Date) {
  const bytes = await buildStatusPackage(
    {
      responseFor: {
        organId: pkg.from.organId,
        code: `${pkg.codeNumber}/${pkg.codeNotation}`,
        promulgationDate: pkg.promulgationDate,
        documentId: pkg.documentId,
      },
      from: { organId: HALONG, organName: 'Ủy ban nhân dân thành phố Hạ Long' },
      statusCode,
      description,
      timestamp: at.toISOString(),
      staff: { department: 'Văn thư', staff: 'Ông Thị Liên' },
    },
    districtSigner(),
  );
  return district.send({
    type: 'status',
    messageId: `status:${pkg.documentId}:${statusCode}:${at.getTime()}`,
    to: [PROVINCE],
    package: bytes,
  });
}

/** The test PKI has no Hạ Long seal: the office's key stands in (the parser checks the chain, not the name). */
function districtSigner() {
  const identity = pki.identity('orgs', 'qn-vpubnd');
  const key = crypto.createPrivateKey(identity.keyPem);
  return { chain: identity.chain, sign: async (data: Buffer) => crypto.sign('sha256', data, key) };
}

const statusOf = async (id: string) => halongOf(await view(id)).exchange;

describe('sending outgoing documents over the exchange', () => {
  let first: OutgoingView;
  let received: { hubId: string; pkg: DocumentPackage };

  it('queues one outbox row per receiver in the dispatch, sends a signed edXML package, and records SENT', async () => {
    first = await dispatchProvinceDocument(
      t.app,
      'V/v triển khai liên thông văn bản điện tử',
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      clients,
    );
    expect(first.status).toBe('DISPATCHED');
    expect(halongOf(first)).toMatchObject({
      delivery: { status: 'WAITING_FOR_EXCHANGE' },
      exchange: { status: expect.stringMatching(/QUEUED|SENT/) },
    });
    // Not delivered internally: Hạ Long is served by another installation (its organ code is not in EXCHANGE_AGENCIES).
    expect(await t.database.db.$count(incomingDocuments, eq(incomingDocuments.organisationId, 'qn-halong'))).toBe(0);

    received = await districtReceives();
    const { pkg } = received;
    expect(pkg).toMatchObject({
      from: { organId: PROVINCE, organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      to: [{ organId: HALONG }],
      codeNotation: 'UBND-VX',
      subject: 'V/v triển khai liên thông văn bản điện tử',
      documentType: { type: 2, typeName: 'Công văn' },
      signer: { fullName: 'Trần Minh Khoa', position: 'Chủ tịch' },
      priority: 1,
      business: { docType: 0 },
    });
    expect(pkg.documentId).toBe(`${PROVINCE},${pkg.promulgationDate.replace(/-/g, '/')},${pkg.codeNumber}/UBND-VX`);
    expect(pkg.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/pdf']);
    expect(pkg.attachments[0].data.subarray(0, 5).toString()).toBe('%PDF-');
    const sent = await eventually('SENT', async () =>
      (await statusOf(first.id))?.status === 'SENT' ? await statusOf(first.id) : undefined,
    );
    expect(sent!.history.map((h) => h.status)).toEqual(['QUEUED', 'SENT']);
  });

  it('never puts a secret document (văn bản mật) on the axis: the plan says why, and the clerk sends it outside the system', async () => {
    const secret = await dispatchProvinceDocument(
      t.app,
      'V/v phương án bảo vệ mục tiêu trọng điểm',
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      clients,
      'MAT',
    );
    expect(secret.status).toBe('DISPATCHED');
    expect(halongOf(secret)).toMatchObject({ delivery: { status: 'AWAITING_MANUAL_SEND' }, exchange: null });
    expect(await t.database.db.$count(exchangeOutbox, eq(exchangeOutbox.documentId, secret.id))).toBe(0);
    const plan = (await (await as('qn.vanthu')).get(`/api/outgoing/${secret.id}/dispatch-plan`)).body;
    expect(plan.items).toEqual([expect.objectContaining({ organCode: HALONG, channel: 'MANUAL', reason: 'SECRET' })]);
  });

  it('sending again (a retry after a lost answer) gets the same hub id and delivers nothing twice', async () => {
    const [row] = await t.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, first.id));
    expect(row.messageId).toBe(`edoc:${received.pkg.documentId}:${HALONG}`);
    // As after a crash between the hub's answer and our commit: the row still QUEUED, no SENT in its history.
    await t.database.db.update(exchangeOutbox).set({ status: 'QUEUED' }).where(eq(exchangeOutbox.id, row.id));
    await t.database.db
      .delete(exchangeOutboxEvents)
      .where(and(eq(exchangeOutboxEvents.outboxId, row.id), eq(exchangeOutboxEvents.status, 'SENT')));
    const deps: ExchangeDeps = {
      db: t.database.db,
      blobs: openBlobStore(t.config),
      signing: signingDeps(t.config),
      transports: exchangeTransports(t.config),
      notifier: new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX),
      maxPackageBytes: 60 * 1024 * 1024,
      log: pino({ level: 'silent' }),
    };
    expect(await sendOutboxItem(deps, row.id, 2)).toMatchObject({ sent: row.hubId });
    expect(await hubDb.database.db.$count(hubDeliveries, eq(hubDeliveries.hubMessageId, row.hubId!))).toBe(1);
    expect(await district.pending('edoc')).toEqual([]);
  });

  it('applies the receiver’s statuses as they come back, never backwards, duplicates harmless, and tells the author', async () => {
    const { pkg } = received;
    const t0 = Date.now();
    await districtSays(pkg, '01', 'Đã đến', new Date(t0));
    await eventually('RECEIVED', async () => ((await statusOf(first.id))?.status === 'RECEIVED' ? true : undefined));
    await districtSays(pkg, '05', 'Đang xử lý', new Date(t0 + 3000));
    await eventually('IN_PROGRESS', async () => ((await statusOf(first.id))?.status === 'IN_PROGRESS' ? true : undefined));
    // Registration (03) arrives late: recorded in the history, the delivery stays IN_PROGRESS.
    const late = await districtSays(pkg, '03', 'Văn thư đã tiếp nhận, số đến 12', new Date(t0 + 1000));
    await eventually('the late 03 recorded', async () =>
      (await statusOf(first.id))!.history.some((h) => h.statusCode === '03') ? true : undefined,
    );
    expect((await statusOf(first.id))!.status).toBe('IN_PROGRESS');
    await districtSays(pkg, '06', 'Hoàn thành', new Date(t0 + 5000));
    const done = await eventually('COMPLETED', async () =>
      (await statusOf(first.id))?.status === 'COMPLETED' ? await statusOf(first.id) : undefined,
    );
    expect(done).toMatchObject({ statusCode: '06', reason: null });
    expect(done!.history.map((h) => [h.status, h.statusCode, h.applied])).toEqual([
      ['QUEUED', null, true],
      ['SENT', null, true],
      ['RECEIVED', '01', true],
      ['IN_PROGRESS', '05', true],
      ['REGISTERED', '03', false],
      ['COMPLETED', '06', true],
    ]);
    // The same status package again (a redelivery) changes nothing.
    const notifier = new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX);
    const status = {
      responseFor: { organId: PROVINCE, code: '', promulgationDate: pkg.promulgationDate, documentId: pkg.documentId },
      from: { organId: HALONG, organName: '' },
      statusCode: '03' as const,
      description: '',
      timestamp: new Date(t0 + 1000).toISOString(),
    };
    expect(await applyStatusPackage({ db: t.database.db, notifier }, PROVINCE, status, late.id)).toBe('duplicate');
    expect(
      await applyStatusPackage(
        { db: t.database.db, notifier },
        PROVINCE,
        { ...status, responseFor: { ...status.responseFor, documentId: 'x,2026/01/01,1/X' } },
        'other',
      ),
    ).toBe('unknown_document');

    const [author] = await t.database.db.select().from(users).where(eq(users.username, 'qn.cv.vx1'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, author.id), eq(notifications.kind, 'outgoing.exchange')));
    expect(told.map((n) => n.titleEn)).toEqual(
      expect.arrayContaining([expect.stringContaining('Received'), expect.stringContaining('Completed')]),
    );

    const register = await (await as('qn.vanthu')).get('/api/outgoing/register?organisationId=qn-ubnd');
    expect(register.status).toBe(200);
    const entry = register.body.items.find((i: { documentId: string }) => i.documentId === first.id);
    expect(entry.recipients[0]).toMatchObject({
      organCode: HALONG,
      deliveryStatus: 'WAITING_FOR_EXCHANGE',
      exchange: { status: 'COMPLETED', statusCode: '06' },
    });
  });

  it('shows a refusal (02) with its reason on the sender’s delivery', async () => {
    const doc = await dispatchProvinceDocument(
      t.app,
      'V/v báo cáo số liệu quý IV',
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      clients,
    );
    const { pkg } = await districtReceives();
    await districtSays(pkg, '02', 'Không đúng thẩm quyền giải quyết', new Date());
    const refused = await eventually('REFUSED', async () =>
      (await statusOf(doc.id))?.status === 'REFUSED' ? await statusOf(doc.id) : undefined,
    );
    expect(refused).toMatchObject({ statusCode: '02', reason: 'Không đúng thẩm quyền giải quyết' });
    // Final: a later "received" does not undo the refusal.
    await districtSays(pkg, '01', 'Đã đến', new Date());
    await eventually('the 01 recorded', async () =>
      (await statusOf(doc.id))!.history.some((h) => h.statusCode === '01') ? true : undefined,
    );
    expect((await statusOf(doc.id))!.status).toBe('REFUSED');
  });

  it('gives up on a receiver the axis does not know (FAILED, reason shown); the admin retries or parks the job', async () => {
    const doc = await dispatchProvinceDocument(
      t.app,
      'V/v gửi Văn phòng Chính phủ',
      [{ kind: 'EXTERNAL', organCode: VPCP, name: 'Văn phòng Chính phủ' }],
      clients,
    );
    const failed = await eventually('FAILED', async () => {
      const e = (await view(doc.id)).recipients[0].exchange;
      return e?.status === 'FAILED' ? e : undefined;
    });
    expect(failed.lastError).toContain(VPCP);

    const clerk = await as('qn.vanthu');
    expect((await clerk.get('/api/admin/exchange/jobs/failed')).status).toBe(403);
    const admin = await as('qn.admin');
    const jobs = (await admin.get('/api/admin/exchange/jobs/failed')).body.items as {
      queue: string;
      id: string;
      failedReason: string;
      data: { outboxId: string };
    }[];
    const [row] = await t.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, doc.id));
    const job = jobs.find((j) => j.data.outboxId === row.id)!;
    expect(job).toMatchObject({ queue: 'exchange-send', failedReason: expect.stringContaining(VPCP) });

    expect((await admin.post(`/api/admin/exchange/jobs/${job.queue}/${job.id}/dead-letter`)).status).toBe(204);
    expect(((await admin.get('/api/admin/exchange/jobs/failed')).body.items as { id: string }[]).map((j) => j.id)).not.toContain(job.id);
    const parked = (await admin.get('/api/admin/exchange/dead-letter')).body.items as { id: string; jobId: string; failedReason: string }[];
    expect(parked).toEqual([expect.objectContaining({ jobId: job.id, failedReason: expect.stringContaining(VPCP) })]);

    // VPCP joins the axis: the parked job goes back and delivers.
    await hub.service.registerAgencies(new Map([[VPCP, 'vpcp']]));
    expect((await admin.post(`/api/admin/exchange/dead-letter/${parked[0].id}/retry`)).status).toBe(204);
    await eventually('SENT after the retry', async () =>
      (await view(doc.id)).recipients[0].exchange?.status === 'SENT' ? true : undefined,
    );
    expect((await admin.get('/api/admin/exchange/dead-letter')).body.items).toEqual([]);

    const traffic = (await admin.get('/api/admin/exchange/traffic')).body;
    expect(traffic.organisations).toEqual([
      expect.objectContaining({
        organisationId: 'qn-ubnd',
        organCode: PROVINCE,
        sent: 3,
        delivered: 1,
        refused: 1,
        failed: 0,
        pending: 1,
        received: 0,
        receivedRefused: 0,
      }),
    ]);
    expect(traffic.latest[0]).toMatchObject({ direction: 'OUT', status: 'SENT', counterpart: `Văn phòng Chính phủ (${VPCP})` });
  });

  it('retries while the hub is down and fails after its attempts; the admin’s retry delivers it once the hub is back', async () => {
    await hub.close();
    const doc = await dispatchProvinceDocument(
      t.app,
      'V/v khi trục liên thông gián đoạn',
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      clients,
    );
    const failed = await eventually('FAILED while the hub is down', async () => {
      const e = halongOf(await view(doc.id)).exchange;
      return e?.status === 'FAILED' ? e : undefined;
    });
    expect(failed.lastError).toMatch(/ECONNREFUSED|fetch failed|timed out/);
    hub = await startHubHere();
    const admin = await as('qn.admin');
    const [row] = await t.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, doc.id));
    const job = (
      (await admin.get('/api/admin/exchange/jobs/failed')).body.items as {
        queue: string;
        id: string;
        data: { outboxId: string };
        attemptsMade: number;
      }[]
    ).find((j) => j.data.outboxId === row.id)!;
    expect(job.attemptsMade).toBe(3);
    expect((await admin.post(`/api/admin/exchange/jobs/${job.queue}/${job.id}/retry`)).status).toBe(204);
    await eventually('SENT after the hub is back', async () =>
      halongOf(await view(doc.id)).exchange?.status === 'SENT' ? true : undefined,
    );
    expect((await admin.post(`/api/admin/exchange/jobs/${job.queue}/${job.id}/retry`)).status).toBe(404);

    // A send whose enqueue was lost after the dispatch committed: the recovery sweep queues it again, once.
    const [sent] = await t.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.id, row.id));
    await (await t.queues.exchangeSend.getJob(`send-${row.id}`))!.remove();
    await t.database.db
      .update(exchangeOutbox)
      .set({ status: 'QUEUED', updatedAt: new Date(Date.now() - 120_000) })
      .where(eq(exchangeOutbox.id, row.id));
    await eventually('SENT again after the sweep re-queued it', async () =>
      halongOf(await view(doc.id)).exchange?.status === 'SENT' ? true : undefined,
    );
    const [resent] = await t.database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.id, row.id));
    expect(resent.hubId).toBe(sent.hubId);
    expect(await hubDb.database.db.$count(hubDeliveries, eq(hubDeliveries.hubMessageId, sent.hubId!))).toBe(1);
  });

  it('dispatches a signed copy (sao y) of an issued document over the axis, through the same outbox and send job', async () => {
    const doc = await dispatchProvinceDocument(
      t.app,
      'V/v sao y gửi thành phố Hạ Long',
      [{ kind: 'EXTERNAL', organCode: VPCP, name: 'Văn phòng Chính phủ' }],
      clients,
    );
    // The chairman is named to sign the province's copies (COPY_SIGN, ND 30 Điều 27).
    const [chairman] = await t.database.db.select().from(users).where(eq(users.username, 'qn.chutich'));
    await t.database.db.insert(roleGrants).values({ userId: chairman.id, role: 'COPY_SIGN', organisationId: 'qn-ubnd' });
    const clerk = await as('qn.vanthu');
    const made = await clerk.agent
      .post('/api/copies')
      .set('X-XSRF-TOKEN', clerk.xsrf!)
      .field('sourceKind', 'OUTGOING')
      .field('sourceId', doc.id)
      .field('form', 'SAO_Y');
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    expect((await (await as('qn.chutich')).post(`/api/copies/${id}/sign`, {})).status).toBe(202);
    await eventually('the copy signed', async () => ((await clerk.get(`/api/copies/${id}`)).body.state === 'SIGNED' ? true : undefined));

    // Hạ Long takes off the hub what the earlier tests left there, so the next package is the copy's.
    for (const m of await district.pending('edoc')) await district.ack(m.id);
    const sent = await clerk.post(`/api/copies/${id}/dispatch`, { recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }] });
    expect(sent.status).toBe(200);
    expect(sent.body.recipients).toEqual([
      expect.objectContaining({
        organCode: HALONG,
        route: 'EXCHANGE',
        incomingDocumentId: null,
        exchange: expect.objectContaining({ status: expect.stringMatching(/QUEUED|SENT/) }),
      }),
    ]);
    expect(await t.database.db.$count(incomingDocuments, eq(incomingDocuments.organisationId, 'qn-halong'))).toBe(0);

    // Hạ Long's system gets a package of the copy: its own number and ký hiệu, the copy's signer, the signed copy as the file.
    const { pkg } = await districtReceives();
    expect(pkg).toMatchObject({
      from: { organId: PROVINCE, organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
      to: [{ organId: HALONG }],
      codeNumber: made.body.numberAndSymbol.split('/')[0],
      codeNotation: 'SY-UBND',
      subject: 'V/v sao y gửi thành phố Hạ Long',
      documentType: { type: 2, typeName: 'Công văn' },
      signer: { fullName: 'Trần Minh Khoa', position: 'Chủ tịch' },
    });
    expect(pkg.documentId).toBe(`${PROVINCE},${pkg.promulgationDate.replace(/-/g, '/')},${made.body.numberAndSymbol}`);
    const signedCopy = (await clerk.agent.get(`/api/copies/${id}/file`).buffer(true)).body as Buffer;
    expect(pkg.attachments.map((a) => a.name)).toEqual([`SAO Y ${made.body.numberAndSymbol.replace('/', '-')}.pdf`]);
    expect(Buffer.from(pkg.attachments[0].data).equals(signedCopy)).toBe(true);

    // Its statuses come back to the copy, and the clerk who sent it is told.
    await districtSays(pkg, '01', 'Đã đến', new Date());
    const copyStatus = async () =>
      (await clerk.get(`/api/copies/${id}`)).body.recipients[0].exchange as { status: string; history: { status: string }[] };
    const received = await eventually('the copy RECEIVED', async () =>
      (await copyStatus()).status === 'RECEIVED' ? await copyStatus() : undefined,
    );
    expect(received.history.map((h) => h.status)).toEqual(['QUEUED', 'SENT', 'RECEIVED']);
    const [vanthu] = await t.database.db.select().from(users).where(eq(users.username, 'qn.vanthu'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, vanthu.id), eq(notifications.kind, 'outgoing.exchange')));
    expect(told).toEqual([
      expect.objectContaining({
        titleEn: `${made.body.numberAndSymbol} — ${sent.body.recipients[0].name}: Received`,
        link: `/outgoing/${doc.id}`,
      }),
    ]);
    expect(
      (await clerk.post(`/api/copies/${id}/dispatch`, { recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }] })).status,
    ).toBe(409);
  }, 120_000);
});
