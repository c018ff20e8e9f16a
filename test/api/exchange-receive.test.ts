import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../../api/src/config';
import {
  buildDocumentId,
  buildDocumentPackage,
  documentPackageXml,
  parsePackage,
  type DocumentPackage,
  type StatusPackage,
} from '../../api/src/exchange/edxml';
import { hubMigrationsFolder, startHub, type RunningHub } from '../../api/src/exchange-hub/app';
import { hubDeliveries } from '../../api/src/exchange-hub/schema';
import { exchangeInbox, exchangeStatusesSent } from '../../api/src/exchange/inbox-schema';
import { pollExchange, type ReceiveDeps } from '../../api/src/exchange/receive';
import { sendStatus } from '../../api/src/exchange/statuses';
import { HubHttpTransport } from '../../api/src/exchange/transport';
import { incomingDocuments, incomingFiles } from '../../api/src/incoming/schema';
import { notifications } from '../../api/src/notifications/schema';
import { Notifier } from '../../api/src/notifications/notifier';
import { queueNames } from '../../api/src/queues';
import { createRedis } from '../../api/src/redis/connection';
import { devKeyStore } from '../../api/src/signing/key-store';
import { signPdf } from '../../api/src/signing/signer';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { exchangeReceiveProcessor } from '../../workers/src/exchange-receive';
import { DISTRICT, PROVINCE, sampleDocument, signerOf } from '../support/edxml';
import { SHAPES, Xmlsec, asDelivered, corpusPackage, template, type Facts } from '../support/edxml-conformance';
import { REDIS_URL, createTestDatabase, freePort, loggedIn, startTestApp, type TestApp } from '../support/harness';
import { PKI_PASSWORD, createTestPki, flipByteInSignedRange, makePdf, type TestPki } from '../support/signing';

/**
 * The receiving side against a real exchange hub (HTTP, its own PostgreSQL database), real Redis queues and
 * the real app: the province (000.00.00.H49) sends, Văn phòng UBND tỉnh (qn-vpubnd, 000.00.01.H49) receives.
 */
const SECRETS = { [PROVINCE.organId]: 'tinh-secret', [DISTRICT.organId]: 'vp-secret' };

let t: TestApp;
let hubDb: Awaited<ReturnType<typeof createTestDatabase>>;
let hub: RunningHub;
let hubConfig: ReturnType<typeof loadConfig>;
let pki: TestPki;
let other: TestPki;
let dataDir: string;
let deps: ReceiveDeps;
let worker: Worker;
const connections: ReturnType<typeof createRedis>[] = [];
const redisConnection = () => {
  const c = createRedis(REDIS_URL);
  connections.push(c);
  return c;
};
const startWorker = () =>
  new Worker(queueNames.exchangeReceive, exchangeReceiveProcessor(deps), {
    connection: redisConnection(),
    prefix: t.config.QUEUE_PREFIX,
    concurrency: 2,
  });
let province: HubHttpTransport;
let signedPdf: Buffer;
let appendixPdf: Buffer;
let seq = 0;
let xmlsec: Xmlsec | undefined;

beforeAll(async () => {
  pki = await createTestPki();
  other = await createTestPki();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exchange-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  hubDb = await createTestDatabase(hubMigrationsFolder);
  hubConfig = loadConfig({
    HUB_DATABASE_URL: hubDb.url,
    HUB_PORT: String(await freePort()),
    HUB_HOST: '127.0.0.1',
    HUB_AGENCIES: Object.entries(SECRETS)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    LOG_LEVEL: 'silent',
  });
  hub = await startHub(hubConfig);
  province = new HubHttpTransport(hub.url, PROVINCE.organId, SECRETS[PROVINCE.organId], 5000);
  const redis = redisConnection();
  deps = {
    db: t.database.db,
    blobs: openBlobStore(t.config),
    notifier: new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX),
    extractionQueue: t.queues.incomingFiles,
    receiveQueue: t.queues.exchangeReceive,
    transports: new Map([[DISTRICT.organId, new HubHttpTransport(hub.url, DISTRICT.organId, SECRETS[DISTRICT.organId], 5000)]]),
    signing: { keys: devKeyStore(pki.dir), timestamps: null, trustStore: pki.trust, sealPassphrase: PKI_PASSWORD },
    maxBytes: 5 * 1024 * 1024,
    statusSends: { attempts: 3, retryDelayMs: 200 },
  };
  // Status packages go out through the real worker adapter on the exchange-receive queue.
  worker = startWorker();
  appendixPdf = await makePdf(1);
  signedPdf = (
    await signPdf(await makePdf(2), { identity: pki.identity('orgs', 'qn-ubnd'), appearance: { kind: 'invisible' }, reason: 'Phát hành' })
  ).pdf;
});
afterAll(async () => {
  await worker?.close();
  for (const c of connections) c.disconnect();
  await t?.close();
  await hub?.close();
  await hubDb?.drop();
  pki?.remove();
  other?.remove();
  fs.rmSync(dataDir, { recursive: true, force: true });
  xmlsec?.remove();
});

/** A new document from the province, with its own số so every test has its own DocumentId. */
function newDocument(over: Partial<DocumentPackage> = {}): DocumentPackage {
  seq += 1;
  const codeNumber = String(100 + seq);
  const base = sampleDocument(signedPdf, { codeNumber, promulgationDate: '2025-03-05', ...over });
  // The appendix as a PDF: attachments go through the same type checks as an upload (plain text is not accepted).
  const attachments = over.attachments ?? [
    base.attachments[0],
    { ...base.attachments[1], name: 'phu-luc.pdf', contentType: 'application/pdf', data: appendixPdf },
  ];
  return {
    ...base,
    attachments,
    documentId: over.documentId ?? buildDocumentId(PROVINCE.organId, base.promulgationDate, codeNumber, base.codeNotation),
  };
}
const provinceSigner = () => signerOf(pki.identity('orgs', 'qn-ubnd'));
const send = async (bytes: Buffer, messageId = `msg-${++seq}`) =>
  province.send({ type: 'edoc', messageId, to: [DISTRICT.organId], package: bytes });

/** Status packages that reached the province so far (verified with the province's trust), acknowledged. */
const received: StatusPackage[] = [];
async function statusesFor(documentId: string, count: number, timeoutMs = 20_000): Promise<StatusPackage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const m of await province.pending('status')) {
      const r = await parsePackage(await province.fetch(m.id), { maxBytes: 1 << 20, trust: await pki.trust() });
      if (!r.ok || r.pkg.kind !== 'status') throw new Error(`bad status package: ${JSON.stringify(r)}`);
      received.push(r.pkg.value);
      await province.ack(m.id);
    }
    const mine = received.filter((s) => s.responseFor.documentId === documentId);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const inboxRows = (documentId: string) => t.database.db.select().from(exchangeInbox).where(eq(exchangeInbox.documentId, documentId));
async function recordOf(documentId: string) {
  const [row] = await t.database.db
    .select({ doc: incomingDocuments })
    .from(exchangeInbox)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, exchangeInbox.incomingDocumentId))
    .where(and(eq(exchangeInbox.documentId, documentId), eq(exchangeInbox.outcome, 'ACCEPTED')));
  return row?.doc;
}

describe('receiving edXML packages from the exchange hub', () => {
  it('turns a package into one DRAFT incoming record (channel AXIS, prefilled), notifies the clerk, acks, and sends 01', async () => {
    const doc = newDocument({ priority: 3, dueDate: '2025-03-20', otherInfo: { pageAmount: 2 } });
    await send(await buildDocumentPackage(doc, provinceSigner()));
    const poll = await pollExchange(deps);
    expect(poll.received).toEqual([expect.objectContaining({ outcome: 'ACCEPTED' })]);
    const record = await recordOf(doc.documentId);
    expect(record).toMatchObject({
      organisationId: 'qn-vpubnd',
      channel: 'AXIS',
      status: 'DRAFT',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      issuerOrganCode: '000.00.00.H49',
      number: doc.codeNumber,
      symbol: 'UBND-VX',
      issueDate: '2025-03-05',
      documentType: 'Công văn',
      subject: doc.subject,
      signerName: 'Trần Minh Khoa',
      signerPosition: 'Phó Chủ tịch',
      urgency: 'HOA_TOC',
      dueDate: '2025-03-20',
      pageCount: 2,
      createdBy: null,
    });
    const files = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.documentId, record!.id));
    expect(files.map((f) => [f.role, f.originalName, f.mediaType])).toEqual([
      ['MAIN', '123-UBND-VX.signed.pdf', 'application/pdf'],
      ['ATTACHMENT', 'phu-luc.pdf', 'application/pdf'],
    ]);
    const [inbox] = await inboxRows(doc.documentId);
    expect(inbox).toMatchObject({ outcome: 'ACCEPTED', senderOrganCode: PROVINCE.organId, businessType: 0 });
    expect(inbox.ackedAt).not.toBeNull();
    expect(await deps.blobs.has(inbox.rawSha256!)).toBe(true);
    expect(await deps.transports.get(DISTRICT.organId)!.pending('edoc')).toEqual([]);
    const [clerk] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'qn.vanthu'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, clerk.id), eq(notifications.kind, 'exchange.accepted')));
    expect(told.map((n) => n.link)).toContain(`/incoming/${record!.id}`);
    expect((await statusesFor(doc.documentId, 1)).map((s) => [s.statusCode, s.description, s.from.organId])).toEqual([
      ['01', 'Đã đến', DISTRICT.organId],
    ]);

    const clerkApi = await loggedIn(t.app, 'qn.vanthu');
    const view = (await clerkApi.get(`/api/incoming/${record!.id}`)).body;
    expect(view.exchange).toMatchObject({
      documentId: doc.documentId,
      sender: { organId: PROVINCE.organId, organName: PROVINCE.organName },
      packageSignature: { verdict: 'valid', algorithm: 'rsa-sha256' },
    });
    expect(view.allowedActions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['register', 'refuse']));
  });

  it('never creates a second record for a duplicate package (same DocumentId under another message id) or a resend', async () => {
    const doc = newDocument();
    const bytes = await buildDocumentPackage(doc, provinceSigner());
    await send(bytes, 'dup-1');
    await send(bytes, 'dup-1'); // the axis itself deduplicates a resend of the same message id
    await send(bytes, 'dup-2');
    await pollExchange(deps);
    await pollExchange(deps);
    const rows = await inboxRows(doc.documentId);
    expect(rows.map((r) => r.outcome).sort()).toEqual(['ACCEPTED', 'DUPLICATE']);
    expect(rows.every((r) => r.ackedAt)).toBe(true);
    const records = await t.database.db
      .select()
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.subject, doc.subject), eq(incomingDocuments.number, doc.codeNumber)));
    expect(records).toHaveLength(1);

    // The axis redelivers a package we already acknowledged (its ack was lost): acknowledged again, nothing new.
    const accepted = rows.find((r) => r.outcome === 'ACCEPTED')!;
    await hubDb.database.db.update(hubDeliveries).set({ deliveredAt: null }).where(eq(hubDeliveries.hubMessageId, accepted.hubMessageId));
    expect((await pollExchange(deps)).received).toEqual([
      expect.objectContaining({ hubMessageId: accepted.hubMessageId, outcome: 'acked' }),
    ]);
    expect(await deps.transports.get(DISTRICT.organId)!.pending('edoc')).toEqual([]);
    expect(await inboxRows(doc.documentId)).toHaveLength(2);
  });

  const tampered: [string, () => Promise<Buffer>, string, RegExp][] = [
    [
      'a changed attachment byte',
      async () => {
        const xml = (await buildDocumentPackage(newDocument(), provinceSigner())).toString();
        const b64 = /<ContentTransferEncoded>([^<]+)<\/ContentTransferEncoded>/.exec(xml)![1];
        const bytes = Buffer.from(b64, 'base64');
        bytes[500] ^= 0x20;
        return Buffer.from(xml.replace(b64, bytes.toString('base64')));
      },
      'edxml.attachment_hash_mismatch',
      /đã bị thay đổi/,
    ],
    [
      'a changed header field',
      async () =>
        Buffer.from((await buildDocumentPackage(newDocument(), provinceSigner())).toString().replace('V/v triển khai', 'V/v đình chỉ')),
      'edxml.signature_invalid',
      /Chữ ký số/,
    ],
    ['no signature', async () => Buffer.from(documentPackageXml(newDocument())), 'edxml.unsigned', /không có chữ ký số/],
    [
      'an untrusted certificate',
      async () => buildDocumentPackage(newDocument(), signerOf(other.identity('orgs', 'qn-ubnd'))),
      'edxml.certificate_untrusted',
      /không thuộc tổ chức chứng thực/,
    ],
    [
      'an unsigned main PDF',
      async () => buildDocumentPackage(newDocument({ attachments: [{ ...sampleDocument(appendixPdf).attachments[0] }] }), provinceSigner()),
      'exchange.main_unsigned',
      /không có chữ ký số/,
    ],
    [
      'a From that is not the agency the axis received it from',
      async () => buildDocumentPackage(newDocument({ from: { organId: '000.00.05.H49', organName: 'Sở Tài chính' } }), provinceSigner()),
      'exchange.sender_mismatch',
      /khác cơ quan đã gửi lên trục/,
    ],
    [
      'an attachment of a type the system does not accept',
      async () => buildDocumentPackage(newDocument({ attachments: sampleDocument(signedPdf).attachments }), provinceSigner()),
      'upload.unsupported_type',
      /không đúng định dạng/,
    ],
  ];
  it.each(tampered)('refuses a package with %s, records the reason and answers 02 with it', async (_name, make, code, reason) => {
    const bytes = await make();
    const documentId = /<edXML:DocumentId>([^<]+)<\/edXML:DocumentId>/.exec(bytes.toString())![1];
    await send(bytes);
    await pollExchange(deps);
    const rows = await inboxRows(documentId);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'REFUSED', reasonCode: code, incomingDocumentId: null })]);
    expect(rows[0].ackedAt).not.toBeNull();
    expect(await recordOf(documentId)).toBeUndefined();
    const [status] = await statusesFor(documentId, 1);
    expect(status.statusCode).toBe('02');
    expect(status.description).toMatch(reason);
    expect(status.description).toContain(rows[0].reasonVi!);
  });

  it('applies a revocation (15), an update (15) and a replacement to earlier records, and answers 16 for an unknown one', async () => {
    const original = newDocument();
    await send(await buildDocumentPackage(original, provinceSigner()));
    await pollExchange(deps);
    const record = (await recordOf(original.documentId))!;
    const ref = {
      organId: PROVINCE.organId,
      code: `${original.codeNumber}/${original.codeNotation}`,
      promulgationDate: original.promulgationDate,
      documentId: original.documentId,
    };

    await send(
      await buildDocumentPackage(
        {
          ...original,
          subject: 'V/v triển khai kế hoạch (cập nhật hạn)',
          dueDate: '2025-04-30',
          business: { docType: 2, reason: 'Cập nhật hạn xử lý', updateInfo: { documentInfo: 1, documentReceiver: 0, receivers: [] } },
        },
        provinceSigner(),
      ),
    );
    await pollExchange(deps);
    const updated = (await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, record.id)))[0];
    expect(updated).toMatchObject({ subject: 'V/v triển khai kế hoạch (cập nhật hạn)', dueDate: '2025-04-30' });
    expect(updated.exchangeUpdatedAt).not.toBeNull();

    await send(
      await buildDocumentPackage(
        { ...original, responseFor: [ref], business: { docType: 1, reason: 'Thu hồi do sai sót nội dung' } },
        provinceSigner(),
      ),
    );
    await pollExchange(deps);
    const revoked = (await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, record.id)))[0];
    expect(revoked).toMatchObject({ revokedReason: 'Thu hồi do sai sót nội dung' });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await statusesFor(original.documentId, 3)).map((s) => s.statusCode)).toEqual(['01', '15', '15']);

    const replacement = newDocument({
      business: {
        docType: 3,
        reason: 'Văn bản thay thế',
        replacement: [{ documentId: original.documentId, organIds: [DISTRICT.organId] }],
      },
    });
    await send(await buildDocumentPackage(replacement, provinceSigner()));
    await pollExchange(deps);
    const newRecord = (await recordOf(replacement.documentId))!;
    expect((await t.database.db.select().from(incomingDocuments).where(eq(incomingDocuments.id, record.id)))[0].replacedById).toBe(
      newRecord.id,
    );

    const clerkApi = await loggedIn(t.app, 'qn.vanthu');
    const view = (await clerkApi.get(`/api/incoming/${record.id}`)).body;
    expect(view.exchange).toMatchObject({
      revoked: { reason: 'Thu hồi do sai sót nội dung' },
      replacedBy: { id: newRecord.id },
      changes: [{ kind: 'update' }, { kind: 'revoke' }],
    });
    expect(view.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['incoming.create', 'incoming.updated_by_sender', 'incoming.revoked', 'incoming.replaced']),
    );
    expect((await clerkApi.get(`/api/incoming/${newRecord.id}`)).body.exchange.replaces).toEqual([
      expect.objectContaining({ id: record.id }),
    ]);

    const unknown = newDocument();
    const unknownRef = { ...ref, code: `${unknown.codeNumber}/UBND-VX`, documentId: unknown.documentId };
    await send(
      await buildDocumentPackage({ ...unknown, responseFor: [unknownRef], business: { docType: 1, reason: 'Thu hồi' } }, provinceSigner()),
    );
    await pollExchange(deps);
    const [refusedChange] = await statusesFor(unknown.documentId, 1);
    expect(refusedChange).toMatchObject({ statusCode: '16' });
    expect(refusedChange.description).toContain(unknown.documentId);
  });

  it('sends 03 on registration, 04 on assignment, 05 when work starts and 06 on completion; 02 when the clerk refuses', async () => {
    const doc = newDocument();
    await send(await buildDocumentPackage(doc, provinceSigner()));
    await pollExchange(deps);
    const record = (await recordOf(doc.documentId))!;
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    const leader = await loggedIn(t.app, 'qn.cvp');
    const specialist = await loggedIn(t.app, 'qn.cv.vx1');
    const ids = new Map(
      (await t.database.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]),
    );
    const reg = await clerk.post(`/api/incoming/${record.id}/register`, {
      registerId: 'qn-vpubnd-den',
      issuerName: record.issuerName,
      issueDate: record.issueDate,
      documentType: record.documentType,
      subject: record.subject,
      number: record.number,
      symbol: record.symbol,
    });
    expect(reg.status).toBe(200);
    const arrival = reg.body.register.number;
    expect((await clerk.post(`/api/incoming/${record.id}/submit`, { leaderId: ids.get('qn.cvp') })).status).toBe(204);
    expect(
      (await leader.post(`/api/incoming/${record.id}/assign`, { lead: { userId: ids.get('qn.cv.vx1') }, cooperate: [], inform: [] }))
        .status,
    ).toBe(204);
    const line = (await specialist.get(`/api/incoming/${record.id}`)).body.allowedActions.find(
      (a: { action: string }) => a.action === 'start',
    );
    expect((await specialist.post(`/api/incoming/assignments/${line.assignmentId}/start`)).status).toBe(204);
    expect((await specialist.post(`/api/incoming/assignments/${line.assignmentId}/complete`, { resultNote: 'Đã triển khai' })).status).toBe(
      204,
    );
    await pollExchange(deps); // sends what the transitions owe
    const statuses = await statusesFor(doc.documentId, 5);
    expect(statuses.map((s) => s.statusCode)).toEqual(['01', '03', '04', '05', '06']);
    expect(statuses[1].description).toBe(`Văn thư đã tiếp nhận, số đến ${arrival}`);
    const sent = await t.database.db.select().from(exchangeStatusesSent).where(eq(exchangeStatusesSent.incomingDocumentId, record.id));
    expect(sent.every((s) => s.state === 'SENT' && s.messageId.startsWith(`status:${DISTRICT.organId}:${doc.documentId}:`))).toBe(true);

    const second = newDocument();
    await send(await buildDocumentPackage(second, provinceSigner()));
    await pollExchange(deps);
    const other = (await recordOf(second.documentId))!;
    expect((await clerk.post(`/api/incoming/${other.id}/refuse`, {})).status).toBe(422);
    expect((await leader.post(`/api/incoming/${other.id}/refuse`, { reason: 'Không đúng thẩm quyền' })).status).toBe(403);
    expect((await clerk.post(`/api/incoming/${other.id}/refuse`, { reason: 'Không đúng thẩm quyền giải quyết' })).status).toBe(204);
    expect((await clerk.post(`/api/incoming/${other.id}/refuse`, { reason: 'lần hai' })).status).toBe(409);
    const reg2 = await clerk.post(`/api/incoming/${other.id}/register`, {
      registerId: 'qn-vpubnd-den',
      issuerName: 'X',
      issueDate: '2025-03-05',
      documentType: 'Công văn',
      subject: 'X',
    });
    expect(reg2.body.code).toBe('incoming.refused');
    await pollExchange(deps);
    expect((await statusesFor(second.documentId, 2)).map((s) => [s.statusCode, s.description])).toEqual([
      ['01', 'Đã đến'],
      ['02', 'Từ chối tiếp nhận: Không đúng thẩm quyền giải quyết'],
    ]);
    expect((await clerk.get(`/api/incoming/${other.id}`)).body.exchange.refused).toMatchObject({
      reason: 'Không đúng thẩm quyền giải quyết',
    });
  });

  it('keeps a status owed while the hub is down (retryable, error recorded) and delivers it once when it is back', async () => {
    const doc = newDocument();
    await send(await buildDocumentPackage(doc, provinceSigner()));
    await pollExchange(deps);
    expect((await statusesFor(doc.documentId, 1)).map((s) => s.statusCode)).toEqual(['01']);
    const record = (await recordOf(doc.documentId))!;
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    await worker.close(); // sends are driven by hand here
    await hub.close();
    expect((await clerk.post(`/api/incoming/${record.id}/refuse`, { reason: 'Gửi nhầm cơ quan' })).status).toBe(204);
    const [owed] = await t.database.db
      .select()
      .from(exchangeStatusesSent)
      .where(and(eq(exchangeStatusesSent.incomingDocumentId, record.id), eq(exchangeStatusesSent.statusCode, '02')));
    await expect(sendStatus(deps.db, deps.signing, deps.transports, owed.id, false)).rejects.toMatchObject({ retryable: true });
    const [pending] = await t.database.db.select().from(exchangeStatusesSent).where(eq(exchangeStatusesSent.id, owed.id));
    expect(pending).toMatchObject({ state: 'PENDING', attempts: 1 });
    expect(pending.lastError).toMatch(/ECONNREFUSED|fetch failed/);

    hub = await startHub(hubConfig);
    expect(await sendStatus(deps.db, deps.signing, deps.transports, owed.id, false)).toMatchObject({ sent: true });
    expect(await sendStatus(deps.db, deps.signing, deps.transports, owed.id, false)).toMatchObject({ skipped: true, state: 'SENT' });
    worker = startWorker();
    expect((await statusesFor(doc.documentId, 2)).map((s) => [s.statusCode, s.description])).toEqual([
      ['01', 'Đã đến'],
      ['02', 'Từ chối tiếp nhận: Gửi nhầm cơ quan'],
    ]);
  });

  it('sends the statuses of one document in the order they were owed, whichever send job runs first', async () => {
    const doc = newDocument();
    await send(await buildDocumentPackage(doc, provinceSigner()));
    await pollExchange(deps);
    expect((await statusesFor(doc.documentId, 1)).map((s) => s.statusCode)).toEqual(['01']);
    const record = (await recordOf(doc.documentId))!;
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    const leader = await loggedIn(t.app, 'qn.cvp');
    const ids = new Map(
      (await t.database.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]),
    );
    await worker.close(); // sends are driven by hand here
    const reg = await clerk.post(`/api/incoming/${record.id}/register`, {
      registerId: 'qn-vpubnd-den',
      issuerName: record.issuerName,
      issueDate: record.issueDate,
      documentType: record.documentType,
      subject: record.subject,
      number: record.number,
      symbol: record.symbol,
    });
    expect(reg.status).toBe(200);
    expect((await clerk.post(`/api/incoming/${record.id}/submit`, { leaderId: ids.get('qn.cvp') })).status).toBe(204);
    expect(
      (await leader.post(`/api/incoming/${record.id}/assign`, { lead: { userId: ids.get('qn.cv.vx1') }, cooperate: [], inform: [] }))
        .status,
    ).toBe(204);
    const owed = await t.database.db
      .select()
      .from(exchangeStatusesSent)
      .where(and(eq(exchangeStatusesSent.incomingDocumentId, record.id), eq(exchangeStatusesSent.state, 'PENDING')));
    const assigned = owed.find((s) => s.statusCode === '04')!;
    expect(owed.map((s) => s.statusCode).sort()).toEqual(['03', '04']);

    expect(await sendStatus(deps.db, deps.signing, deps.transports, assigned.id, false)).toMatchObject({ sent: true });
    const after = await t.database.db.select().from(exchangeStatusesSent).where(eq(exchangeStatusesSent.incomingDocumentId, record.id));
    expect(after.every((s) => s.state === 'SENT')).toBe(true);
    worker = startWorker();
    expect((await statusesFor(doc.documentId, 3)).map((s) => s.statusCode)).toEqual(['01', '03', '04']);
  });

  it('survives a crash between commit and acknowledgement: the next poll acks and creates nothing twice', async () => {
    const doc = newDocument();
    await send(await buildDocumentPackage(doc, provinceSigner()));
    // A real worker process (npm run workers) with the fault hook: it exits right after the receive commits.
    // This process's worker on the same queue stands aside so the scheduled poll is the child's.
    await worker.close();
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'workers/src/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        DATABASE_URL: t.config.DATABASE_URL!,
        REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        DATA_DIR: dataDir,
        PKI_DIR: pki.dir,
        TRUST_STORE_DIR: path.join(pki.dir, 'trust'),
        SEAL_PASSPHRASE: PKI_PASSWORD,
        EXCHANGE_HUB_URL: hub.url,
        EXCHANGE_AGENCIES: `${DISTRICT.organId}=${SECRETS[DISTRICT.organId]}`,
        EXCHANGE_POLL_SECONDS: '1',
        EXCHANGE_FAULT_CRASH_AFTER_COMMIT: '1',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    expect({ code, stderr: stderr.slice(0, 500) }).toMatchObject({ code: 86 });
    await t.queues.exchangeReceive.removeJobScheduler('exchange-poll');
    worker = startWorker();

    const [committed] = await inboxRows(doc.documentId);
    expect(committed).toMatchObject({ outcome: 'ACCEPTED', ackedAt: null });
    expect((await deps.transports.get(DISTRICT.organId)!.pending('edoc')).map((m) => m.id)).toEqual([committed.hubMessageId]);

    const after = await pollExchange(deps);
    expect(after.received).toEqual([expect.objectContaining({ outcome: 'acked' })]);
    const rows = await inboxRows(doc.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0].ackedAt).not.toBeNull();
    expect(await t.database.db.$count(exchangeInbox, eq(exchangeInbox.incomingDocumentId, rows[0].incomingDocumentId!))).toBe(1);
    expect(await deps.transports.get(DISTRICT.organId)!.pending('edoc')).toEqual([]);
    expect((await statusesFor(doc.documentId, 1)).map((s) => s.statusCode)).toEqual(['01']);
  }, 180_000);
});

/**
 * The intake policy (docs/domain.md §6.7) through the real receive path: packages in the vendors' SDK shapes,
 * signed by xmlsec1 (test/support/edxml-conformance.ts), most without manifest digests.
 */
describe('receiving packages of the conformance corpus (signed by xmlsec1)', () => {
  const corpusFacts = (main: Buffer = signedPdf): Facts => {
    seq += 1;
    return {
      from: PROVINCE,
      to: DISTRICT,
      codeNumber: String(5000 + seq),
      codeNotation: 'UBND-VX',
      attachments: [
        {
          contentId: `6f1c-${seq}-1`,
          name: 'van-ban.signed.pdf',
          contentType: 'application/pdf',
          description: 'Văn bản chính',
          data: main,
        },
        { contentId: `6f1c-${seq}-2`, name: 'phu-luc-I.pdf', contentType: 'application/pdf', description: 'Phụ lục I', data: appendixPdf },
      ],
    };
  };
  const idOf = (f: Facts) => `${f.from.organId},2025/03/05,${f.codeNumber}/${f.codeNotation}`;
  beforeAll(() => {
    xmlsec = new Xmlsec(pki.identity('orgs', 'qn-ubnd'), path.join(pki.dir, 'trust'));
  });

  it('accepts every shape into a DRAFT record with the same fields; without digests the record shows the notice', async () => {
    const sent = SHAPES.map((shape) => ({ shape, facts: corpusFacts() }));
    for (const { shape, facts } of sent) await send(corpusPackage(xmlsec!, shape, facts));
    const poll = await pollExchange(deps);
    expect(poll.received.map((r) => r.outcome)).toEqual(SHAPES.map(() => 'ACCEPTED'));
    const clerkApi = await loggedIn(t.app, 'qn.vanthu');
    for (const { shape, facts } of sent) {
      const record = await recordOf(idOf(facts));
      expect({ shape: shape.name, record }).toMatchObject({
        shape: shape.name,
        record: {
          channel: 'AXIS',
          status: 'DRAFT',
          issuerOrganCode: PROVINCE.organId,
          number: facts.codeNumber,
          symbol: 'UBND-VX',
          issueDate: '2025-03-05',
          dueDate: '2025-03-20',
          documentType: 'Công văn',
          subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2025 & các năm tiếp theo',
          signerName: 'Trần Minh Khoa',
          signerAuthority: 'KT. CHỦ TỊCH',
          urgency: 'KHAN',
          pageCount: 2,
        },
      });
      const files = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.documentId, record!.id));
      expect(files.map((f) => [f.role, f.originalName])).toEqual([
        ['MAIN', 'van-ban.signed.pdf'],
        ['ATTACHMENT', 'phu-luc-I.pdf'],
      ]);
      const view = (await clerkApi.get(`/api/incoming/${record!.id}`)).body;
      expect(view.exchange.packageSignature).toMatchObject({ verdict: 'valid', algorithm: shape.algorithm });
      if (shape.manifestDigest === 'none') {
        expect(view.exchange.notices).toEqual([
          {
            code: 'attachments_not_covered',
            text: expect.stringContaining('tệp đính kèm không được chữ ký gói tin bảo vệ (van-ban.signed.pdf, phu-luc-I.pdf)'),
            textEn: expect.stringContaining('does not protect the attachments'),
            attachments: ['van-ban.signed.pdf', 'phu-luc-I.pdf'],
          },
        ]);
      } else {
        expect(view.exchange.notices).toEqual([]);
      }
    }
    // The clerk's notification says it too.
    const [clerk] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'qn.vanthu'));
    const record = (await recordOf(idOf(sent[0].facts)))!;
    const [told] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, clerk.id), eq(notifications.link, `/incoming/${record.id}`)));
    expect(told.titleVi).toContain('tệp đính kèm không được chữ ký gói tin bảo vệ');
  });

  it('without digests, a changed main PDF is caught by its own signature: refused, 02 with the reason', async () => {
    const facts = corpusFacts(flipByteInSignedRange(signedPdf));
    await send(corpusPackage(xmlsec!, SHAPES[0], facts));
    await pollExchange(deps);
    const rows = await inboxRows(idOf(facts));
    expect(rows).toEqual([expect.objectContaining({ outcome: 'REFUSED', reasonCode: 'exchange.main_signature_invalid' })]);
    expect((await statusesFor(idOf(facts), 1)).map((s) => s.statusCode)).toEqual(['02']);
  });

  it('without digests, a signed appendix PDF that was changed is refused too (its own signature fails)', async () => {
    const signedAppendix = (
      await signPdf(await makePdf(1), { identity: pki.identity('orgs', 'qn-ubnd'), appearance: { kind: 'invisible' }, reason: 'Phụ lục' })
    ).pdf;
    const good = corpusFacts();
    good.attachments[1].data = signedAppendix;
    const changed = corpusFacts();
    changed.attachments[1].data = flipByteInSignedRange(signedAppendix);
    await send(corpusPackage(xmlsec!, SHAPES[0], good));
    await send(corpusPackage(xmlsec!, SHAPES[0], changed));
    await pollExchange(deps);
    expect(await inboxRows(idOf(good))).toEqual([expect.objectContaining({ outcome: 'ACCEPTED' })]);
    const [refused] = await inboxRows(idOf(changed));
    expect(refused).toMatchObject({ outcome: 'REFUSED', reasonCode: 'exchange.attachment_signature_invalid' });
    expect(refused.reasonVi).toContain('phu-luc-I.pdf');
  });

  it('EXCHANGE_UNSIGNED=accept-with-notice: an unsigned package from the authenticated sender is accepted with the notice', async () => {
    const shape = SHAPES[0];
    const unsigned = corpusFacts();
    const forged = { ...corpusFacts(), from: { organId: '000.00.05.H49', organName: 'Sở Tài chính' } };
    deps.unsignedEnvelope = 'accept-with-notice';
    try {
      await send(asDelivered(shape, template(shape, unsigned, { signature: false })));
      await send(asDelivered(shape, template(shape, forged, { signature: false })));
      await pollExchange(deps);
    } finally {
      deps.unsignedEnvelope = undefined;
    }
    const record = (await recordOf(idOf(unsigned)))!;
    expect(record).toMatchObject({ status: 'DRAFT', number: unsigned.codeNumber });
    const view = (await (await loggedIn(t.app, 'qn.vanthu')).get(`/api/incoming/${record.id}`)).body;
    expect(view.exchange.packageSignature).toBeNull();
    expect(view.exchange.notices).toEqual([
      expect.objectContaining({ code: 'envelope_unsigned', text: expect.stringContaining('gói tin không có chữ ký số') }),
    ]);
    // The axis authenticated the province; a package claiming another sender is refused even unsigned.
    expect(await inboxRows(idOf(forged))).toEqual([
      expect.objectContaining({ outcome: 'REFUSED', reasonCode: 'exchange.sender_mismatch' }),
    ]);
    // By default (the "no signature" case above) the same package is refused with edxml.unsigned.
  });
});
