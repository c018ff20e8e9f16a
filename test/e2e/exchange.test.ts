import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { hubMigrationsFolder } from '../../api/src/exchange-hub/app';
import { hubDeliveries, hubMessages } from '../../api/src/exchange-hub/schema';
import { exchangeOutbox } from '../../api/src/exchange/outbox-schema';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { demoLeaders, demoSealOrganisations } from '../../api/src/signing/demo';
import { generateDevPki } from '../../api/src/signing/pki';
import { dispatchProvinceDocument, eventually, type OutgoingView } from '../support/exchange';
import {
  clearRedisPrefix,
  createTestDatabase,
  DEMO_PASSWORD,
  freePort,
  loggedIn,
  REDIS_URL,
  reinstateUsers,
  testPrefix,
  type ApiClient,
} from '../support/harness';
import { ServiceProcess } from '../support/processes';

/**
 * The exchange end to end with separate processes: the hub (npm run hub) and two vanthu installations
 * (npm start), UBND tỉnh Quảng Ninh and UBND TP Hạ Long, each on its own PostgreSQL database and queue prefix,
 * sharing one dev PKI (trust store) as two agencies of one province would share the national CA.
 */
const PROVINCE = '000.00.00.H49';
const HALONG = '000.00.30.H49';
const HUB_READY = /exchange hub is running at (http:\/\/[^\s]+)\/api\/v1/;
const APP_READY = /vanthu is running at (http:\/\/[^\s/]+)\//;

let pkiDir: string;
let dataDir: string;
const databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
const prefixes: string[] = [];
let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;
let hub: ServiceProcess;
let province: ServiceProcess;
let district: ServiceProcess;
const provinceClients = new Map<string, ApiClient>();

async function instance(name: string, agency: string) {
  const db = await createTestDatabase();
  databases.push(db);
  const prefix = testPrefix();
  prefixes.push(prefix);
  return new ServiceProcess(
    name,
    'scripts/start.ts',
    {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DATA_DIR: path.join(dataDir, name),
      PKI_DIR: pkiDir,
      TRUST_STORE_DIR: path.join(pkiDir, 'trust'),
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      EXCHANGE_HUB_URL: '', // set in beforeAll once the hub's port is known
      EXCHANGE_AGENCIES: agency,
      EXCHANGE_POLL_SECONDS: '1',
      EXCHANGE_SEND_ATTEMPTS: '12',
      EXCHANGE_RETRY_DELAY_MS: '500',
      EXCHANGE_TIMEOUT_SECONDS: '3',
    },
    APP_READY,
  );
}

beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-x-pki-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-x-data-'));
  await generateDevPki({
    dir: pkiDir,
    password: DEMO_PASSWORD,
    leaders: demoLeaders().filter((l) => l.username === 'qn.chutich'),
    organisations: demoSealOrganisations().filter((o) => ['qn-ubnd', 'qn-halong'].includes(o.id)),
  });
  hubDb = await createTestDatabase(hubMigrationsFolder);
  const hubPort = String(await freePort());
  hub = new ServiceProcess(
    'hub',
    'scripts/hub.ts',
    {
      HUB_PORT: hubPort,
      HUB_HOST: '127.0.0.1',
      HUB_DATABASE_URL: hubDb.url,
      HUB_AGENCIES: `${PROVINCE}=tinh-secret,${HALONG}=halong-secret`,
      LOG_LEVEL: 'warn',
    },
    HUB_READY,
  );
  const hubUrl = await hub.start();
  province = await instance('province', `${PROVINCE}=tinh-secret`);
  district = await instance('district', `${HALONG}=halong-secret`);
  province.env.EXCHANGE_HUB_URL = district.env.EXCHANGE_HUB_URL = hubUrl;
  await Promise.all([province.start(), district.start()]);
  // The historical Hạ Long committee stands in for a district on the axis: its seeded (disabled) accounts work here.
  await reinstateUsers(databases[1].database.db, ['hl.vanthu', 'hl.chutich', 'hl.tp.nv']);
}, 180_000);

afterAll(async () => {
  await Promise.all([province, district, hub].map((p) => p?.stop()));
  for (const d of [...databases, hubDb]) await d?.drop();
  for (const p of prefixes) await clearRedisPrefix(p);
  fs.rmSync(pkiDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const districtClients = new Map<string, ApiClient>();
const at = async (clients: Map<string, ApiClient>, svc: ServiceProcess, username: string) => {
  if (!clients.has(username)) clients.set(username, await loggedIn(svc.url!, username));
  return clients.get(username)!;
};
const hl = (username: string) => at(districtClients, district, username);
const ok = (res: { status: number; body: unknown }, status = 204) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

const exchangeOf = async (id: string) => {
  const v = (await (await at(provinceClients, province, 'qn.vanthu')).get(`/api/outgoing/${id}`)).body as OutgoingView;
  return v.recipients.find((r) => r.organCode === HALONG)!.exchange;
};
const provinceSees = (id: string, status: string, ms = 60_000) =>
  eventually(
    `the province to see ${status}`,
    async () => {
      const e = await exchangeOf(id);
      return e?.status === status ? e : undefined;
    },
    ms,
  );

/** The district's incoming records (over the axis) with this subject. */
const districtRecords = (subject: string) =>
  databases[1].database.db
    .select()
    .from(incomingDocuments)
    .where(and(eq(incomingDocuments.organisationId, 'qn-halong'), eq(incomingDocuments.subject, subject)));

const outboxRow = async (documentId: string) =>
  (await databases[0].database.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.documentId, documentId)))[0];

describe('province → district over the exchange hub, three processes', () => {
  it('delivers, and the province sees every status as the district registers, assigns, handles and completes', async () => {
    const subject = 'V/v triển khai liên thông văn bản giữa tỉnh và thành phố';
    const doc = await dispatchProvinceDocument(
      province.url!,
      subject,
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      provinceClients,
    );
    const [record] = await eventually('the incoming record at the district', async () => {
      const r = await districtRecords(subject);
      return r.length ? r : undefined;
    });
    expect(record).toMatchObject({ channel: 'AXIS', status: 'DRAFT', issuerOrganCode: PROVINCE, symbol: 'UBND-VX', urgency: 'KHAN' });
    await provinceSees(doc.id, 'RECEIVED');

    const clerk = await hl('hl.vanthu');
    const draft = (await clerk.get(`/api/incoming/${record.id}`)).body;
    ok(
      await clerk.post(`/api/incoming/${record.id}/register`, {
        registerId: 'qn-halong-den',
        issuerName: draft.issuerName,
        issuerOrganCode: draft.issuerOrganCode,
        number: draft.number,
        symbol: draft.symbol,
        issueDate: draft.issueDate,
        documentType: draft.documentType,
        subject: draft.subject,
        urgency: draft.urgency,
      }),
      200,
    );
    await provinceSees(doc.id, 'REGISTERED');

    const chairman = await hl('hl.chutich');
    const chairmanId = (await chairman.get('/api/me')).body.id as string;
    ok(await clerk.post(`/api/incoming/${record.id}/submit`, { leaderId: chairmanId }));
    ok(await chairman.post(`/api/incoming/${record.id}/assign`, { lead: { unitId: 'hl-nv' }, instruction: 'Phòng Nội vụ chủ trì' }));
    await provinceSees(doc.id, 'ASSIGNED');

    const head = await hl('hl.tp.nv');
    const line = (await head.get('/api/incoming/queue?tab=todo')).body.items.find(
      (i: { documentId: string }) => i.documentId === record.id,
    );
    ok(await head.post(`/api/incoming/assignments/${line.assignmentId}/start`));
    await provinceSees(doc.id, 'IN_PROGRESS');
    ok(await head.post(`/api/incoming/assignments/${line.assignmentId}/complete`, { resultNote: 'Đã triển khai' }));
    const done = await provinceSees(doc.id, 'COMPLETED');
    expect(done!.history.filter((h) => h.applied).map((h) => h.statusCode ?? h.status)).toEqual([
      'QUEUED',
      'SENT',
      '01',
      '03',
      '04',
      '05',
      '06',
    ]);
  }, 120_000);

  it('the hub stopped for 20 s during a send: delivered exactly once after it returns', async () => {
    await hub.stop();
    const subject = 'V/v gửi khi trục liên thông tạm dừng';
    const doc = await dispatchProvinceDocument(
      province.url!,
      subject,
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      provinceClients,
    );
    await new Promise((r) => setTimeout(r, 20_000));
    expect(await exchangeOf(doc.id)).toMatchObject({
      status: 'QUEUED',
      lastError: expect.stringMatching(/ECONNREFUSED|fetch failed|timed out/),
    });
    await hub.start();
    await provinceSees(doc.id, 'RECEIVED', 90_000);
    expect(await districtRecords(subject)).toHaveLength(1);
    const outbox = await outboxRow(doc.id);
    const held = await hubDb.database.db
      .select()
      .from(hubMessages)
      .where(and(eq(hubMessages.sender, PROVINCE), eq(hubMessages.messageId, outbox.messageId)));
    expect(held).toHaveLength(1);
    expect(await hubDb.database.db.$count(hubDeliveries, eq(hubDeliveries.hubMessageId, held[0].id))).toBe(1);
  }, 180_000);

  it('a receiver killed between commit and ack creates no duplicate; a package altered at the hub is refused with the reason, visible to the sender', async () => {
    await district.stop();
    const crashSubject = 'V/v kiểm tra nhận trùng khi máy nhận dừng đột ngột';
    const crashDoc = await dispatchProvinceDocument(
      province.url!,
      crashSubject,
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      provinceClients,
    );
    await provinceSees(crashDoc.id, 'SENT');

    // The district receives the package, commits the incoming record, and dies before acknowledging it.
    const crashing = district.start({ EXCHANGE_FAULT_CRASH_AFTER_COMMIT: '1' }).catch(() => undefined);
    expect(await district.exited()).toBe(86);
    await crashing;
    expect(await districtRecords(crashSubject)).toHaveLength(1);
    // Fetched, never acknowledged: the hub will hand it out again.
    const [copy] = await hubDb.database.db
      .select()
      .from(hubDeliveries)
      .where(and(eq(hubDeliveries.hubMessageId, (await outboxRow(crashDoc.id)).hubId!), eq(hubDeliveries.receiver, HALONG)));
    expect(copy.deliveredAt).toBeNull();
    expect(copy.fetchCount).toBeGreaterThanOrEqual(1);

    // Meanwhile a package is altered on the hub: its subject rewritten inside the signed envelope.
    const tamperSubject = 'V/v gói tin bị sửa trên đường truyền';
    const tamperDoc = await dispatchProvinceDocument(
      province.url!,
      tamperSubject,
      [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }],
      provinceClients,
    );
    await provinceSees(tamperDoc.id, 'SENT');
    const [held] = await hubDb.database.db
      .select()
      .from(hubMessages)
      .where(eq(hubMessages.id, (await outboxRow(tamperDoc.id)).hubId!));
    const altered = Buffer.from(held.body.toString('utf8').replace('bị sửa trên đường truyền', 'đã được sửa lại'), 'utf8');
    expect(altered.equals(held.body)).toBe(false);
    await hubDb.database.db
      .update(hubMessages)
      .set({ body: altered, size: altered.length, sha256: crypto.createHash('sha256').update(altered).digest('hex') })
      .where(eq(hubMessages.id, held.id));

    await district.start();
    await provinceSees(crashDoc.id, 'RECEIVED');
    expect(await districtRecords(crashSubject)).toHaveLength(1);
    const refused = await provinceSees(tamperDoc.id, 'REFUSED');
    expect(refused).toMatchObject({ statusCode: '02', reason: expect.stringMatching(/.+/) });
    expect(await districtRecords(tamperSubject)).toHaveLength(0);
  }, 180_000);
});
