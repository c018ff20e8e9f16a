import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { queryRows } from '../../api/src/db/client';
import { exchangeOutbox } from '../../api/src/exchange/outbox-schema';
import { incomingAssignments } from '../../api/src/incoming/processing-schema';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { markSealed } from '../../api/src/outgoing/issuance';
import { outgoingDocuments } from '../../api/src/outgoing/schema';
import { markSigned } from '../../api/src/outgoing/workflow';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

/**
 * A known set of documents made through the real API and services (upload, register, present, direct,
 * complete; draft, approve, sign, issue, dispatch). The services stamp "now", so afterwards the test moves
 * each timestamp into January–March 2025: the figures are then fixed whatever day the suite runs.
 */
let t: TestApp;
let dataDir: string;
let pdf: Buffer;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();
const today = todayInVietnam();

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
};

/** A Vietnamese wall-clock time, e.g. at('2025-01-31', '23:30'). */
const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);

type Line = { unitId: string } | { userId: string };
interface IncomingCase {
  registered: Date;
  channel: 'PAPER' | 'EMAIL' | 'AXIS' | 'HAND' | 'INTERNAL';
  lead: Line;
  cooperate?: Line[];
  inform?: Line[];
  /** Deadline of every duty line (moved back after the direction, which only takes future days). */
  due?: string;
  /** Who completes the lead line, and on which day; left open otherwise. */
  completedBy?: string;
  completed?: Date;
  /** Deadline of the cooperating lines, if not `due`. */
  cooperateDue?: string;
}

async function uploadIncoming(clerk: ApiClient, channel: string) {
  if (!clerk.xsrf) await clerk.get('/api/me');
  const res = await clerk.agent
    .post('/api/incoming')
    .set('X-XSRF-TOKEN', clerk.xsrf!)
    .field('channel', channel)
    .attach('main', pdf, 'văn bản.pdf');
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

let number = 0;
async function incomingCase(c: IncomingCase, org = { clerk: 'stc.vanthu', leader: 'stc.gd', register: 'qn-stc-den' }) {
  const clerk = await as(org.clerk);
  const id = await uploadIncoming(clerk, c.channel);
  number += 1;
  await ok(
    clerk.post(`/api/incoming/${id}/register`, {
      registerId: org.register,
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: String(number),
      symbol: 'UBND-KT',
      issueDate: '2024-12-20',
      documentType: 'Công văn',
      subject: `V/v số liệu ngân sách đợt ${number}`,
    }),
  );
  await ok(clerk.post(`/api/incoming/${id}/submit`, { leaderId: ids.get(org.leader) }), 204);
  await ok(
    (await as(org.leader)).post(`/api/incoming/${id}/assign`, {
      lead: c.lead,
      cooperate: c.cooperate ?? [],
      inform: c.inform ?? [],
      dueDate: c.due ? addDays(today, 30) : undefined,
    }),
    204,
  );
  if (c.completedBy) {
    const [line] = await t.database.db
      .select()
      .from(incomingAssignments)
      .where(and(eq(incomingAssignments.documentId, id), eq(incomingAssignments.role, 'CHU_TRI')));
    await ok((await as(c.completedBy)).post(`/api/incoming/assignments/${line.id}/complete`, { resultNote: 'Đã xử lý' }), 204);
  }
  const db = t.database.db;
  await db.update(incomingDocuments).set({ receivedAt: c.registered, registeredAt: c.registered }).where(eq(incomingDocuments.id, id));
  await db.update(incomingAssignments).set({ assignedAt: c.registered }).where(eq(incomingAssignments.documentId, id));
  if (c.due)
    await db
      .update(incomingAssignments)
      .set({ dueDate: c.due })
      .where(and(eq(incomingAssignments.documentId, id), eq(incomingAssignments.role, 'CHU_TRI')));
  if (c.due || c.cooperateDue) {
    await db
      .update(incomingAssignments)
      .set({ dueDate: c.cooperateDue ?? c.due })
      .where(and(eq(incomingAssignments.documentId, id), eq(incomingAssignments.role, 'PHOI_HOP')));
  }
  if (c.completed)
    await db
      .update(incomingAssignments)
      .set({ completedAt: c.completed })
      .where(and(eq(incomingAssignments.documentId, id), sql`${incomingAssignments.completedAt} is not null`));
  return id;
}

async function outgoingDraft(author: string, subject: string, recipients: object[]) {
  const client = await as(author);
  if (!client.xsrf) await client.get('/api/me');
  const res = await client.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', client.xsrf!)
    .field('metadata', JSON.stringify({ documentType: 'CV', subject, recipients }))
    .attach('main', pdf, 'Dự thảo.pdf');
  if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const act = async (username: string, id: string, action: string, body: object = {}) =>
  ok((await as(username)).post(`/api/outgoing/${id}/${action}`, body));

/** Drafted, approved through the chain, issued (digitally signed or on paper) and, with recipients, dispatched. */
async function outgoingCase(c: {
  author: string;
  approvers: string[];
  recipients: object[];
  digital: boolean;
  issued: Date;
  dispatch: boolean;
}) {
  const id = await outgoingDraft(c.author, `Công văn phát hành ngày ${c.issued.toISOString()}`, c.recipients);
  await act(c.author, id, 'submit');
  for (const a of c.approvers) await act(a, id, 'approve');
  const blobs = openBlobStore(t.config);
  if (c.digital) await markSigned(t.database.db, blobs, id, await textPdf(['Công văn — đã ký số']));
  const issued = await act('stc.vanthu', id, 'issue', c.digital ? {} : { paperSignature: true });
  if (c.digital && c.dispatch)
    await markSealed(t.database.db, blobs, id, await textPdf([`Số: ${issued.issued.numberAndSymbol} — đã ký số và đóng dấu`]));
  if (c.dispatch) await act('stc.vanthu', id, 'dispatch');
  await t.database.db.update(outgoingDocuments).set({ issuedAt: c.issued }).where(eq(outgoingDocuments.id, id));
  return id;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-dashboard-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Công văn về việc lập dự toán ngân sách']);
  const QLNS = { unitId: 'stc-qlns' };
  const HCSN = { unitId: 'stc-hcsn' };
  const head = 'stc.tp.qlns';

  // Registered at 23:30 on 31 December 2024 in Vietnam (16:30 UTC): before the range; its line was completed
  // on time on 4 January, so it counts among January's completions.
  await incomingCase({
    registered: at('2024-12-31', '23:30'),
    channel: 'AXIS',
    lead: QLNS,
    due: '2025-01-05',
    completedBy: head,
    completed: at('2025-01-04'),
  });
  // January: AXIS on time; PAPER registered at 23:30 on the 31st (still January in Vietnam), completed late in February.
  await incomingCase({
    registered: at('2025-01-10'),
    channel: 'AXIS',
    lead: QLNS,
    due: '2025-01-20',
    completedBy: head,
    completed: at('2025-01-15'),
  });
  await incomingCase({
    registered: at('2025-01-31', '23:30'),
    channel: 'PAPER',
    lead: QLNS,
    due: '2025-02-02',
    completedBy: head,
    completed: at('2025-02-03'),
  });
  // February: from another organisation on the system at 00:30 on the 1st (17:30 UTC on 31 January), on time;
  // AXIS, still open past its deadline.
  await incomingCase({
    registered: at('2025-02-01', '00:30'),
    channel: 'INTERNAL',
    lead: QLNS,
    due: '2025-02-28',
    completedBy: head,
    completed: at('2025-02-27'),
  });
  await incomingCase({ registered: at('2025-02-14'), channel: 'AXIS', lead: QLNS, due: '2025-03-01' });
  // March: completed by the specialist of QLNS without a deadline (not in the on-time rate); HCSN leads with a
  // deadline to come while QLNS cooperates past its own; HCSN overdue; để biết lines never count.
  await incomingCase({
    registered: at('2025-03-03'),
    channel: 'EMAIL',
    lead: { userId: ids.get('stc.cv.qlns')! },
    completedBy: 'stc.cv.qlns',
    completed: at('2025-03-10'),
  });
  await incomingCase({
    registered: at('2025-03-20'),
    channel: 'PAPER',
    lead: HCSN,
    cooperate: [QLNS],
    inform: [{ unitId: 'stc-gcs' }],
    due: addDays(today, 30),
    cooperateDue: '2025-03-25',
  });
  await incomingCase({ registered: at('2025-03-25'), channel: 'HAND', lead: HCSN, due: '2025-03-28' });
  // Not counted: a draft never registered, and another organisation's document.
  await uploadIncoming(await as('stc.vanthu'), 'AXIS');
  await incomingCase(
    { registered: at('2025-02-10'), channel: 'AXIS', lead: { unitId: 'snv-tcbc' }, due: '2025-02-11' },
    { clerk: 'snv.vanthu', leader: 'snv.gd', register: 'qn-snv-den' },
  );

  // Outgoing: January on paper to Sở Nội vụ (delivered on the system) and the Ministry (waiting for the exchange);
  // February digitally signed, sealed and delivered to Sở Nội vụ; March digitally signed by the deputy director's
  // draft (no unit), not dispatched; a draft never issued.
  const snv = { kind: 'ORGANISATION', organisationId: 'qn-snv' };
  const ministry = { kind: 'EXTERNAL', organCode: '000.00.00.G12', name: 'Bộ Tài chính' };
  await outgoingCase({
    author: 'stc.cv.qlns',
    approvers: [head, 'stc.gd'],
    recipients: [snv, ministry],
    digital: false,
    issued: at('2025-01-15'),
    dispatch: true,
  });
  await outgoingCase({
    author: 'stc.cv.qlns',
    approvers: [head, 'stc.gd'],
    recipients: [snv],
    digital: true,
    issued: at('2025-02-10'),
    dispatch: true,
  });
  await outgoingCase({
    author: 'stc.pgd',
    approvers: ['stc.gd'],
    recipients: [],
    digital: true,
    issued: at('2025-03-05'),
    dispatch: false,
  });
  await outgoingDraft('stc.cv.qlns', 'Dự thảo chưa ban hành', []);
}, 120_000);

afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const Q1 = 'from=2025-01-01&to=2025-03-31';
const get = async (username: string, query: string) => (await as(username)).get(`/api/dashboard?${query}`);
const pick = (row: Record<string, unknown>) => ({
  received: row.received,
  receivedElectronic: row.receivedElectronic,
  issued: row.issued,
  issuedSigned: row.issuedSigned,
  deliveries: row.deliveries,
  deliveriesElectronic: row.deliveriesElectronic,
  completedWithDeadline: row.completedWithDeadline,
  completedOnTime: row.completedOnTime,
});

describe('GET /api/dashboard', () => {
  it('counts a delivery sent over the exchange axis as electronic once the axis took it, not while queued or failed', async () => {
    const [ministryDelivery] = await queryRows<{ document_id: string; organ_code: string }>(
      t.database.db,
      sql`select d.document_id, r.organ_code from outgoing_deliveries d join outgoing_recipients r on r.id = d.recipient_id where d.status = 'AWAITING_MANUAL_SEND'`,
    );
    // Dispatched while the exchange was off; here it went over the axis instead, as with the exchange on.
    await t.database.db.execute(
      sql`update outgoing_deliveries set status = 'WAITING_FOR_EXCHANGE' where document_id = ${ministryDelivery.document_id} and status = 'AWAITING_MANUAL_SEND'`,
    );
    const january = async () => pick((await ok(get('stc.gd', `organisationId=qn-stc&${Q1}&period=month`))).series[0]);
    const row = {
      documentId: ministryDelivery.document_id,
      organisationId: 'qn-stc',
      senderOrganCode: '000.00.02.H49',
      receiverOrganCode: ministryDelivery.organ_code,
      receiverName: 'Bộ Tài chính',
      edxmlDocumentId: 'x',
      messageId: 'edoc:x',
    };
    try {
      for (const [status, electronic] of [
        ['QUEUED', 1],
        ['FAILED', 1],
        ['SENT', 2],
        ['COMPLETED', 2],
        ['REFUSED', 2],
      ] as const) {
        await t.database.db.delete(exchangeOutbox);
        await t.database.db.insert(exchangeOutbox).values({ ...row, status });
        expect(await january()).toMatchObject({ deliveries: 2, deliveriesElectronic: electronic });
      }
    } finally {
      await t.database.db.delete(exchangeOutbox);
    }
  });

  it('gives an organisation’s figures per month in Vietnam time and in total', async () => {
    const body = await ok(get('stc.gd', `organisationId=qn-stc&${Q1}&period=month`));
    expect(body).toMatchObject({
      organisationId: 'qn-stc',
      organisationName: 'Sở Tài chính tỉnh Quảng Ninh',
      unitId: null,
      from: '2025-01-01',
      to: '2025-03-31',
      period: 'month',
      asOf: today,
    });
    expect(body.series.map((r: { key: string; start: string; end: string }) => [r.key, r.start, r.end])).toEqual([
      ['2025-01', '2025-01-01', '2025-01-31'],
      ['2025-02', '2025-02-01', '2025-02-28'],
      ['2025-03', '2025-03-01', '2025-03-31'],
    ]);
    expect(body.series.map(pick)).toEqual([
      {
        received: 2,
        receivedElectronic: 1,
        issued: 1,
        issuedSigned: 0,
        deliveries: 2,
        deliveriesElectronic: 1,
        completedWithDeadline: 2,
        completedOnTime: 2,
      },
      {
        received: 2,
        receivedElectronic: 2,
        issued: 1,
        issuedSigned: 1,
        deliveries: 1,
        deliveriesElectronic: 1,
        completedWithDeadline: 2,
        completedOnTime: 1,
      },
      {
        received: 3,
        receivedElectronic: 0,
        issued: 1,
        issuedSigned: 1,
        deliveries: 0,
        deliveriesElectronic: 0,
        completedWithDeadline: 0,
        completedOnTime: 0,
      },
    ]);
    expect(body.series[1]).toMatchObject({ onTimeRate: 0.5, receivedElectronicRate: 1, signedRate: 1, electronicRate: 1 });
    expect(body.series[2]).toMatchObject({ onTimeRate: null, deliveriesElectronicRate: null, electronicRate: 0 });
    expect(body.totals).toEqual({
      received: 7,
      receivedElectronic: 3,
      issued: 3,
      issuedSigned: 2,
      deliveries: 3,
      deliveriesElectronic: 2,
      completedWithDeadline: 4,
      completedOnTime: 3,
      onTimeRate: 0.75,
      receivedElectronicRate: 3 / 7,
      deliveriesElectronicRate: 2 / 3,
      electronicRate: 0.5,
      signedRate: 2 / 3,
      overdueNow: 3,
    });
  });

  it('narrows to a unit: documents directed to it, drafted by it, its own lines', async () => {
    const qlns = await ok(get('stc.vanthu', `organisationId=qn-stc&unitId=stc-qlns&${Q1}`));
    expect(qlns).toMatchObject({ unitId: 'stc-qlns', unitName: 'Phòng Quản lý ngân sách' });
    expect(qlns.series.map((r: { received: number }) => r.received)).toEqual([2, 2, 2]);
    expect(pick(qlns.totals)).toEqual({
      received: 6,
      receivedElectronic: 3,
      issued: 2,
      issuedSigned: 1,
      deliveries: 3,
      deliveriesElectronic: 2,
      completedWithDeadline: 4,
      completedOnTime: 3,
    });
    expect(qlns.totals).toMatchObject({ overdueNow: 2, electronicRate: 5 / 9, signedRate: 0.5 });

    const hcsn = await ok(get('stc.gd', `organisationId=qn-stc&unitId=stc-hcsn&${Q1}`));
    expect(hcsn.series.map(pick)[2]).toEqual({
      received: 2,
      receivedElectronic: 0,
      issued: 0,
      issuedSigned: 0,
      deliveries: 0,
      deliveriesElectronic: 0,
      completedWithDeadline: 0,
      completedOnTime: 0,
    });
    expect(hcsn.totals).toMatchObject({ received: 2, overdueNow: 1, onTimeRate: null, signedRate: null });
  });

  it('groups by quarter and by ISO week, and cuts the first and last periods to the range', async () => {
    const quarter = await ok(get('stc.gd', `organisationId=qn-stc&${Q1}&period=quarter`));
    expect(quarter.series).toHaveLength(1);
    expect(quarter.series[0]).toMatchObject({
      key: '2025-Q1',
      start: '2025-01-01',
      end: '2025-03-31',
      received: 7,
      issued: 3,
      completedOnTime: 3,
    });

    const weeks = await ok(get('stc.gd', `organisationId=qn-stc&${Q1}&period=week`));
    // 1 January 2025 is a Wednesday: the first week (ISO 2025-W01, from Monday 30 December) starts on the 1st here.
    expect(weeks.series[0]).toMatchObject({ key: '2025-W01', start: '2025-01-01', end: '2025-01-05', completedOnTime: 1 });
    expect(weeks.series).toHaveLength(14);
    const week = (key: string) => weeks.series.find((r: { key: string }) => r.key === key);
    expect(week('2025-W02')).toMatchObject({ start: '2025-01-06', end: '2025-01-12', received: 1, receivedElectronic: 1 });
    // 23:30 on Friday 31 January and 00:30 on Saturday 1 February: the same week.
    expect(week('2025-W05')).toMatchObject({ start: '2025-01-27', received: 2, receivedElectronic: 1 });
    expect(weeks.totals).toEqual(quarter.totals);

    const partial = await ok(get('stc.gd', 'organisationId=qn-stc&from=2025-01-15&to=2025-02-10'));
    expect(partial.series.map((r: { start: string; end: string; received: number }) => [r.start, r.end, r.received])).toEqual([
      ['2025-01-15', '2025-01-31', 1],
      ['2025-02-01', '2025-02-10', 1],
    ]);
  });

  it('defaults to the last twelve months up to today, by month', async () => {
    const body = await ok(get('stc.gd', 'organisationId=qn-stc'));
    expect(body).toMatchObject({ to: today, period: 'month' });
    expect(body.series).toHaveLength(12);
    expect(body.from).toBe(`${body.series[0].key}-01`);
    expect(body.totals.overdueNow).toBe(3);
  });

  it('is for leaders, chiefs of office and clerks of the organisation; unit heads see their own unit', async () => {
    // The unit head gets his unit by default, and may not look at another one or the whole organisation.
    const own = await ok(get('stc.tp.qlns', Q1));
    expect(own).toMatchObject({ organisationId: 'qn-stc', unitId: 'stc-qlns', totals: { received: 6 } });
    for (const q of ['unitId=stc-hcsn', 'organisationId=qn-snv']) {
      expect(await get('stc.tp.qlns', `${q}&${Q1}`)).toMatchObject({ status: 403, body: { code: 'dashboard.forbidden' } });
    }
    // A specialist, and a leader of another organisation.
    const refused = await get('stc.cv.qlns', Q1);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'dashboard.forbidden',
      title: expect.stringContaining('không có quyền'),
      detail: expect.stringContaining('unit heads'),
    });
    expect((await get('snv.gd', `organisationId=qn-stc&${Q1}`)).status).toBe(403);
    // A unit of another organisation is not one of this organisation's.
    expect(await get('stc.gd', `organisationId=qn-stc&unitId=snv-tcbc&${Q1}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    // The chief of office of the committee sees the committee; the other organisation's leader his own.
    expect(await ok(get('qn.cvp', `organisationId=qn-ubnd&${Q1}`))).toMatchObject({ organisationId: 'qn-ubnd', totals: { received: 0 } });
    expect(await ok(get('snv.gd', Q1))).toMatchObject({
      organisationId: 'qn-snv',
      totals: { received: 1, receivedElectronic: 1, overdueNow: 1 },
    });
    expect((await new ApiClient(t.app).get(`/api/dashboard?${Q1}`)).status).toBe(401);
  });

  it('refuses bad ranges and parameters with 422 and the field to fix', async () => {
    const reversed = await get('stc.gd', 'from=2025-03-01&to=2025-01-01');
    expect(reversed).toMatchObject({ status: 422, body: { code: 'dashboard.bad_range', errors: [{ path: 'query.from' }] } });
    const long = await get('stc.gd', 'from=2020-01-01&to=2025-12-31&period=week');
    expect(long).toMatchObject({ status: 422, body: { code: 'dashboard.bad_range', errors: [{ path: 'query.to' }] } });
    expect(long.body.title).toContain('tối đa 200 kỳ');
    // Six years by month is fine (72 periods).
    expect((await get('stc.gd', 'from=2020-01-01&to=2025-12-31&period=month')).status).toBe(200);
    for (const q of ['from=2025-02-30', 'to=yesterday', 'period=day', 'organisationId=']) {
      const res = await get('stc.gd', q);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation');
    }
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await as('stc.gd')).get('/api/openapi.json')).body;
    const op = doc.paths['/api/dashboard'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'organisationId', 'period', 'to', 'unitId']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '422']));
  });
});
