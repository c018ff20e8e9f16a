import net from 'node:net';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../api/src/config';
import { hubMigrationsFolder, startHub, type RunningHub } from '../../api/src/exchange-hub/app';
import { hubMessages } from '../../api/src/exchange-hub/schema';
import { ExchangeTransportError, exchangeTransports, HubHttpTransport, parseAgencyCredentials } from '../../api/src/exchange/transport';
import { createTestDatabase, freePort } from '../support/harness';

const PROVINCE = '000.00.00.H49';
const DISTRICT = '000.00.01.H49';
const OTHER = '000.00.02.H49';
const AGENCIES = `${PROVINCE}=tinh-secret,${DISTRICT}=huyen-secret,${OTHER}=khac-secret`;

describe('exchange hub (npm run hub)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: RunningHub;
  let port: number;
  const start = async () =>
    startHub(
      loadConfig({
        HUB_DATABASE_URL: db.url,
        HUB_PORT: String(port),
        HUB_HOST: '127.0.0.1',
        HUB_AGENCIES: AGENCIES,
        EXCHANGE_MAX_PACKAGE_MB: '1',
        LOG_LEVEL: 'silent',
      }),
    );
  const client = (organId: string, secret: string) => new HubHttpTransport(hub.url, organId, secret, 5000);

  beforeAll(async () => {
    db = await createTestDatabase(hubMigrationsFolder);
    port = await freePort();
    hub = await start();
  });
  afterAll(async () => {
    await hub.close();
    await db.drop();
  });

  it('answers health without credentials and 401 for a wrong secret or unknown agency', async () => {
    const health = await fetch(`${hub.url}/api/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: { ok: true, driver: 'postgres' } });
    for (const c of [client(PROVINCE, 'wrong'), client('000.00.99.H49', 'tinh-secret')]) {
      const err = await c.pending('edoc').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExchangeTransportError);
      expect(err).toMatchObject({ status: 401, code: 'hub.unauthorized', retryable: false });
    }
    const stored = await db.database.db.execute('select secret_hash from hub_agencies');
    expect(JSON.stringify(stored)).not.toContain('tinh-secret');
  });

  it('delivers a package to each receiver, who lists, fetches and acknowledges its own copy', async () => {
    const province = client(PROVINCE, 'tinh-secret');
    const district = client(DISTRICT, 'huyen-secret');
    const other = client(OTHER, 'khac-secret');
    const bytes = Buffer.from('<edXML>gói tin văn bản</edXML>');
    const { id } = await province.send({ type: 'edoc', messageId: 'doc-1:Hạ Long', to: [DISTRICT, OTHER], package: bytes });
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const pending = await district.pending('edoc');
    expect(pending).toEqual([
      expect.objectContaining({ id, type: 'edoc', from: PROVINCE, messageId: 'doc-1:Hạ Long', size: bytes.length }),
    ]);
    expect(await district.pending('status')).toEqual([]);
    expect(await province.pending('edoc')).toEqual([]);
    expect(await district.fetch(id)).toEqual(bytes);
    // Only a receiver may fetch it: the sender itself gets 404.
    await expect(province.fetch(id)).rejects.toMatchObject({ status: 404, code: 'hub.message_not_found' });

    await district.ack(id);
    await district.ack(id);
    expect(await district.pending('edoc')).toEqual([]);
    expect((await other.pending('edoc')).map((m) => m.id)).toEqual([id]);

    const traffic = await (
      await fetch(`${hub.url}/api/v1/traffic`, { headers: { 'X-Organ-Id': PROVINCE, 'X-Secret': 'tinh-secret' } })
    ).json();
    const sent = traffic.sent.find((m: { id: string }) => m.id === id);
    expect(sent.to).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organId: DISTRICT, deliveredAt: expect.any(String), fetchCount: 1 }),
        expect.objectContaining({ organId: OTHER, deliveredAt: null, fetchCount: 0 }),
      ]),
    );
  });

  it('is idempotent on (sender, messageId): the same hub id back and no second delivery', async () => {
    const province = client(PROVINCE, 'tinh-secret');
    const district = client(DISTRICT, 'huyen-secret');
    const first = await province.send({ type: 'status', messageId: 'status-1', to: [DISTRICT], package: Buffer.from('a') });
    const again = await province.send({ type: 'status', messageId: 'status-1', to: [DISTRICT], package: Buffer.from('a') });
    expect(again.id).toBe(first.id);
    expect((await district.pending('status')).filter((m) => m.messageId === 'status-1')).toHaveLength(1);
    // The same message id from another sender is another message.
    const fromOther = await client(OTHER, 'khac-secret').send({
      type: 'status',
      messageId: 'status-1',
      to: [DISTRICT],
      package: Buffer.from('b'),
    });
    expect(fromOther.id).not.toBe(first.id);
  });

  it('refuses the same message id from the same sender with other bytes (409) and keeps the first content', async () => {
    const province = client(PROVINCE, 'tinh-secret');
    const district = client(DISTRICT, 'huyen-secret');
    const first = await province.send({ type: 'edoc', messageId: 'reused-1', to: [DISTRICT], package: Buffer.from('first content') });
    const other = await province
      .send({ type: 'edoc', messageId: 'reused-1', to: [DISTRICT], package: Buffer.from('other content') })
      .catch((e: unknown) => e);
    expect(other).toMatchObject({ status: 409, code: 'hub.message_id_reused', retryable: false });
    // Another type under the same id is other content too.
    await expect(
      province.send({ type: 'status', messageId: 'reused-1', to: [DISTRICT], package: Buffer.from('first content') }),
    ).rejects.toMatchObject({ status: 409 });
    const raw = await fetch(`${hub.url}/api/v1/messages`, {
      method: 'POST',
      headers: {
        'X-Organ-Id': PROVINCE,
        'X-Secret': 'tinh-secret',
        'Content-Type': 'application/octet-stream',
        'X-Message-Type': 'edoc',
        'X-Message-Id': 'reused-1',
        'X-To': DISTRICT,
      },
      body: 'third content',
    });
    expect(raw.status).toBe(409);
    expect(raw.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await raw.json()).toMatchObject({
      code: 'hub.message_id_reused',
      title: expect.stringMatching(/gói tin/),
      detail: expect.stringMatching(/other content/),
    });
    expect(await district.fetch(first.id)).toEqual(Buffer.from('first content'));
    expect((await district.pending('edoc')).filter((m) => m.messageId === 'reused-1')).toHaveLength(1);
    // A control character in a message id (percent-encoded in the header) is refused at the edge, not a 500.
    const nul = await fetch(`${hub.url}/api/v1/messages`, {
      method: 'POST',
      headers: {
        'X-Organ-Id': PROVINCE,
        'X-Secret': 'tinh-secret',
        'Content-Type': 'application/octet-stream',
        'X-Message-Type': 'edoc',
        'X-Message-Id': 'id%00x',
        'X-To': DISTRICT,
      },
      body: 'x',
    });
    expect(nul.status).toBe(422);
    expect(await nul.json()).toMatchObject({ code: 'validation', errors: [{ path: 'messageId' }] });
  });

  it('names an unknown receiver (422), refuses an oversized package (413) and a bad request (422), storing nothing', async () => {
    const province = client(PROVINCE, 'tinh-secret');
    const before = await db.database.db.$count(hubMessages);
    const unknown = await province
      .send({ type: 'edoc', messageId: 'x-1', to: [DISTRICT, '000.00.77.H49'], package: Buffer.from('x') })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 422, code: 'hub.unknown_receiver', retryable: false });
    expect((unknown as Error).message).toContain('000.00.77.H49');
    const big = await province
      .send({ type: 'edoc', messageId: 'x-2', to: [DISTRICT], package: Buffer.alloc(1024 * 1024 + 1, 1) })
      .catch((e: unknown) => e);
    expect(big).toMatchObject({ status: 413, retryable: false });
    const res = await fetch(`${hub.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'X-Organ-Id': PROVINCE, 'X-Secret': 'tinh-secret', 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'fax', messageId: 'x-3', to: [DISTRICT], package: 'eA==' }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('validation');
    const badHeader = await fetch(`${hub.url}/api/v1/messages`, {
      method: 'POST',
      headers: {
        'X-Organ-Id': PROVINCE,
        'X-Secret': 'tinh-secret',
        'Content-Type': 'application/octet-stream',
        'X-Message-Type': 'edoc',
        'X-Message-Id': 'x-4',
        'X-To': '%E0%A4%A',
      },
      body: 'x',
    });
    expect(badHeader.status).toBe(400);
    expect((await badHeader.json()).code).toBe('hub.bad_header');
    expect(await db.database.db.$count(hubMessages)).toBe(before);
  });

  it('takes a JSON body with the package in base64 too', async () => {
    const res = await fetch(`${hub.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'X-Organ-Id': PROVINCE, 'X-Secret': 'tinh-secret', 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'edoc', messageId: 'json-1', to: [OTHER], package: Buffer.from('json package').toString('base64') }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect((await client(OTHER, 'khac-secret').fetch(id)).toString()).toBe('json package');
  });

  it('keeps undelivered packages across a restart, and calls to a stopped hub fail as retryable', async () => {
    const district = client(DISTRICT, 'huyen-secret');
    const { id } = await client(PROVINCE, 'tinh-secret').send({
      type: 'edoc',
      messageId: 'durable-1',
      to: [DISTRICT],
      package: Buffer.from('durable'),
    });
    await hub.close();
    const down = await district.pending('edoc').catch((e: unknown) => e);
    expect(down).toMatchObject({ retryable: true });
    hub = await start();
    const again = client(DISTRICT, 'huyen-secret');
    expect((await again.pending('edoc')).map((m) => m.id)).toContain(id);
    expect((await again.fetch(id)).toString()).toBe('durable');
    const [row] = await db.database.db.select({ sha256: hubMessages.sha256 }).from(hubMessages).where(eq(hubMessages.id, id));
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives up on a hub that does not answer within the timeout, as a retryable error', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const { port: p } = silent.address() as net.AddressInfo;
      const err = await new HubHttpTransport(`http://127.0.0.1:${p}`, PROVINCE, 'tinh-secret', 300)
        .pending('edoc')
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ retryable: true, message: expect.stringContaining('timed out after 300 ms') });
    } finally {
      silent.close();
    }
  });

  it('builds one transport per configured agency, none when the exchange is off', () => {
    expect(parseAgencyCredentials(` ${PROVINCE}=a=b , ${DISTRICT}=c`)).toEqual(
      new Map([
        [PROVINCE, 'a=b'],
        [DISTRICT, 'c'],
      ]),
    );
    expect(() => parseAgencyCredentials('nosecret')).toThrow(/ORGANID=secret/);
    expect(exchangeTransports(loadConfig({ EXCHANGE_AGENCIES: `${PROVINCE}=a` })).size).toBe(0);
    const on = exchangeTransports(loadConfig({ EXCHANGE_HUB_URL: hub.url, EXCHANGE_AGENCIES: `${PROVINCE}=a,${DISTRICT}=b` }));
    expect([...on.keys()]).toEqual([PROVINCE, DISTRICT]);
    expect(on.get(DISTRICT)!.organId).toBe(DISTRICT);
  });
});
