import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { extractFileText } from '../../api/src/incoming/extraction';
import { incomingDocuments, incomingFiles } from '../../api/src/incoming/schema';
import { notifications } from '../../api/src/notifications/schema';
import { signingAuthority } from '../../api/src/outgoing/document-types';
import { openBlobStore } from '../../api/src/storage';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let dataDir: string;
let pdf: Buffer;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();
const today = todayInVietnam();
const due = addDays(today, 20);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-routing-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Công văn số 99/BNV-VP về việc rà soát biên chế năm 2027']);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One logged-in client per user, kept for the file (logins are rate-limited). */
async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as any;
};
const get = async (username: string, url: string) => ok(await (await as(username)).get(url));
const post = async (username: string, url: string, body: object = {}, status = 200) =>
  ok(await (await as(username)).post(url, body), status);

type Part = [name: string, bytes: Buffer];
async function multipart(username: string, url: string, files: Record<string, Part[]>, fields: Record<string, string>) {
  const client = await as(username);
  if (!client.xsrf) await client.get('/api/me');
  let req = client.agent.post(url).set('X-XSRF-TOKEN', client.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [field, parts] of Object.entries(files)) for (const [name, bytes] of parts) req = req.attach(field, bytes, name);
  return req;
}

const notified = (username: string, kind: string) =>
  t.database.db.$count(notifications, sql`${notifications.userId} = ${ids.get(username)} and ${notifications.kind} = ${kind}`);
const actions = (doc: { allowedActions: { action: string }[] }) => doc.allowedActions.map((a) => a.action);

/** An outgoing document drafted, approved, issued on paper and dispatched; returns it. */
async function issueOutgoing(author: string, meta: object, approvers: string[], clerk: string, extra: Record<string, string> = {}) {
  const created = ok(
    await multipart(author, '/api/outgoing', { main: [['Dự thảo.pdf', pdf]] }, { metadata: JSON.stringify(meta), ...extra }),
    201,
  );
  await post(author, `/api/outgoing/${created.id}/submit`);
  for (const a of approvers) await post(a, `/api/outgoing/${created.id}/approve`);
  return post(clerk, `/api/outgoing/${created.id}/issue`, { paperSignature: true });
}

/** The registration form as the web fills it from the record: the clerk only confirms. */
const confirmation = (doc: any, registerId: string) =>
  Object.fromEntries(
    Object.entries({
      registerId,
      issuerName: doc.issuerName,
      issuerOrganCode: doc.issuerOrganCode,
      number: doc.number,
      symbol: doc.symbol,
      issueDate: doc.issueDate,
      documentType: doc.documentType,
      subject: doc.subject,
      signerName: doc.signerName,
      signerPosition: doc.signerPosition,
      signerAuthority: doc.signerAuthority,
      urgency: doc.urgency,
      secrecy: doc.secrecy,
      dueDate: doc.dueDate,
    }).filter(([, v]) => v !== null),
  );

const draftsOf = async (clerk: string) => (await get(clerk, '/api/incoming?status=DRAFT')).items as any[];

describe('the signer’s authority printed on an internally dispatched document', () => {
  it('is TM. for a collective body and KT. for a deputy or a signature under ủy quyền', () => {
    expect(signingAuthority('PROVINCE_PC', 'Chủ tịch')).toBe('TM. ỦY BAN NHÂN DÂN');
    expect(signingAuthority('PROVINCE_PC', 'Phó Chủ tịch')).toBe('TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH');
    expect(signingAuthority('DEPARTMENT', 'Phó Giám đốc')).toBe('KT. GIÁM ĐỐC');
    expect(signingAuthority('DEPARTMENT', 'Giám đốc')).toBeNull();
    expect(signingAuthority('DEPARTMENT', 'Trưởng phòng', 'Giám đốc')).toBe('KT. GIÁM ĐỐC');
  });
});

describe('a province committee hands a document to a Sở and a unit of its office; the Sở answers it', () => {
  it('dispatch carries its data, the Sở registers with no typing, its progress and reply show at the committee', async () => {
    // 1. Sở Tài chính dispatches a công văn to the committee, signed by its deputy director, with a reply deadline.
    const sent = await issueOutgoing(
      'stc.cv.qlns',
      {
        documentType: 'CV',
        subject: 'V/v rà soát biên chế năm 2027',
        recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-ubnd' }],
        urgency: 'KHAN',
        dueDate: due,
      },
      ['stc.tp.qlns', 'stc.pgd'],
      'stc.vanthu',
    );
    ok(await (await as('stc.vanthu')).post(`/api/outgoing/${sent.id}/dispatch`));
    const [arrived] = (await draftsOf('qn.vanthu')).filter((d) => d.subject === 'V/v rà soát biên chế năm 2027');
    const received = await get('qn.vanthu', `/api/incoming/${arrived.id}`);
    expect(received).toMatchObject({
      channel: 'INTERNAL',
      issuerName: 'Sở Tài chính tỉnh Quảng Ninh',
      number: sent.issued.numberAndSymbol.split('/')[0],
      symbol: 'STC-QLNS',
      issueDate: sent.issued.issueDate ?? today,
      documentType: 'Công văn',
      signerName: 'Đặng Thị Hương',
      signerPosition: 'Phó Giám đốc',
      signerAuthority: 'KT. GIÁM ĐỐC',
      urgency: 'KHAN',
      dueDate: due,
      sourceOutgoingId: sent.id,
    });
    expect(received.files.map((f: any) => f.role)).toEqual(['MAIN']);
    // The proposal states the sender's data; the text (which quotes "99/BNV-VP") does not override it.
    const proposal = await get('qn.vanthu', `/api/incoming/${arrived.id}/proposal`);
    expect(proposal).toMatchObject({
      source: 'SENDER',
      number: received.number,
      symbol: 'STC-QLNS',
      subject: 'V/v rà soát biên chế năm 2027',
    });

    // 2. The clerk confirms, then presents it to the chairman.
    const registered = await post('qn.vanthu', `/api/incoming/${arrived.id}/register`, confirmation(received, 'qn-ubnd-den'));
    expect(registered).toMatchObject({ status: 'REGISTERED', signerAuthority: 'KT. GIÁM ĐỐC', dueDate: due });
    await post('qn.vanthu', `/api/incoming/${arrived.id}/submit`, { leaderId: ids.get('qn.chutich') }, 204);

    // 3. The chairman's options: units of his office, the organisations below the committee that exist today, people (no administrator).
    const options = await get('qn.chutich', `/api/incoming/${arrived.id}/routing-options`);
    expect(options.units.find((u: any) => u.id === 'qn-vp-vx')).toMatchObject({
      name: 'Phòng Văn xã',
      organisationName: 'Văn phòng Ủy ban nhân dân tỉnh Quảng Ninh',
      heads: [{ fullName: 'Ngô Thị Lan' }],
    });
    const orgIds = options.organisations.map((o: any) => o.id);
    expect(orgIds).toEqual(expect.arrayContaining(['qn-snv', 'qn-stc', 'qn-skhcn', 'qn-p-halong']));
    expect(orgIds).not.toContain('qn-vpubnd');
    expect(orgIds).not.toContain('qn-halong'); // dissolved on 30/06/2025
    expect(orgIds).not.toContain('qn-stttt'); // merged on 01/03/2025
    expect(options.people.map((p: any) => p.id)).not.toContain(ids.get('qn.admin'));
    expect(options.people.map((p: any) => p.id)).toContain(ids.get('qn.cv.vx1'));

    // A unit or organisation that is not the committee's is refused, naming the field.
    const wrong = await (await as('qn.chutich')).post(`/api/incoming/${arrived.id}/assign`, { lead: { organisationId: 'qn-halong' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('lead');
    expect((await (await as('qn.chutich')).post(`/api/incoming/${arrived.id}/assign`, { lead: { unitId: 'stc-qlns' } })).status).toBe(422);

    // The committee's copy has been read (its extraction job ran), so the forwarded copy takes the text over.
    expect(await extractFileText(t.database.db, openBlobStore(t.config), received.files[0].id)).toMatchObject({ state: 'DONE' });

    // 4. Sở Nội vụ leads, the office's Phòng Văn xã cooperates, Sở Tài chính is informed; no deadline given: the document's carries over.
    await post(
      'qn.chutich',
      `/api/incoming/${arrived.id}/assign`,
      {
        lead: { organisationId: 'qn-snv' },
        cooperate: [{ unitId: 'qn-vp-vx' }],
        inform: [{ organisationId: 'qn-stc' }],
        instruction: 'Sở Nội vụ chủ trì tham mưu',
      },
      204,
    );
    let origin = await get('qn.chutich', `/api/incoming/${arrived.id}`);
    const leadLine = origin.assignments.find((a: any) => a.role === 'CHU_TRI');
    expect(leadLine).toMatchObject({
      organisation: { id: 'qn-snv', name: 'Sở Nội vụ tỉnh Quảng Ninh' },
      dueDate: due,
      status: 'OPEN',
      forwarded: { status: 'DRAFT', arrival: null, dueDate: due },
    });
    // The unit lands in its head's queue.
    const vxQueue = await get('qn.tp.vx', '/api/incoming/queue');
    expect(vxQueue.items.map((i: any) => i.documentId)).toContain(arrived.id);
    expect(await notified('snv.vanthu', 'incoming.forwarded')).toBe(1);
    expect(await notified('stc.vanthu', 'incoming.forwarded')).toBe(1);

    // 5. Sở Nội vụ's clerk finds it ready: data prefilled (deadline included), files shared, and registers it with no typing.
    const [forwardedDraft] = (await draftsOf('snv.vanthu')).filter((d) => d.subject === 'V/v rà soát biên chế năm 2027');
    const fwd = await get('snv.vanthu', `/api/incoming/${forwardedDraft.id}`);
    expect(fwd).toMatchObject({
      channel: 'INTERNAL',
      issuerName: 'Sở Tài chính tỉnh Quảng Ninh',
      symbol: 'STC-QLNS',
      signerAuthority: 'KT. GIÁM ĐỐC',
      dueDate: due,
      status: 'DRAFT',
    });
    expect(fwd.forwardedFrom).toMatchObject({
      organisationName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      role: 'CHU_TRI',
      dueDate: due,
      instruction: 'Sở Nội vụ chủ trì tham mưu',
      assignedBy: { fullName: 'Trần Minh Khoa' },
    });
    expect(fwd.files[0].sha256).toBe(received.files[0].sha256);
    // The same bytes carry the same active-content finding (none here: a file the system made).
    expect(fwd.files[0].activeContent).toEqual(received.files[0].activeContent);
    // Its main PDF gets its own signature check (a job on the intake queue); the text already read is copied.
    expect(await t.queues.incomingFiles.getJob(`validate-${fwd.files[0].id}`)).toBeDefined();
    const [copy] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, fwd.files[0].id));
    const [source] = await t.database.db.select().from(incomingFiles).where(eq(incomingFiles.id, received.files[0].id));
    expect(source.extractedText).toContain('rà soát biên chế');
    expect(copy).toMatchObject({ extractionState: 'DONE', extractedText: source.extractedText });
    expect(await t.queues.incomingFiles.getJob(`extract-${fwd.files[0].id}`)).toBeUndefined();
    expect(actions(fwd)).not.toContain('discard'); // sent over the system: refuse, not discard
    expect((await get('snv.vanthu', `/api/incoming/${fwd.id}/proposal`)).source).toBe('SENDER');
    await post('snv.vanthu', `/api/incoming/${fwd.id}/register`, confirmation(fwd, 'qn-snv-den'));
    origin = await get('qn.chutich', `/api/incoming/${arrived.id}`);
    expect(origin.assignments.find((a: any) => a.role === 'CHU_TRI').forwarded).toMatchObject({
      status: 'REGISTERED',
      arrival: { number: 1 },
    });

    // The informed organisation's line is read once it registers its copy.
    const [stcCopy] = (await draftsOf('stc.vanthu')).filter((d) => d.subject === 'V/v rà soát biên chế năm 2027');
    await post(
      'stc.vanthu',
      `/api/incoming/${stcCopy.id}/register`,
      confirmation(await get('stc.vanthu', `/api/incoming/${stcCopy.id}`), 'qn-stc-den'),
    );
    origin = await get('qn.chutich', `/api/incoming/${arrived.id}`);
    expect(origin.assignments.find((a: any) => a.role === 'DE_BIET')).toMatchObject({
      status: 'READ',
      forwarded: { status: 'REGISTERED' },
    });

    // 6. Its director assigns the TCBC unit (deadline carried over), the head passes it to a specialist, who starts.
    await post('snv.vanthu', `/api/incoming/${fwd.id}/submit`, { leaderId: ids.get('snv.gd') }, 204);
    await post('snv.gd', `/api/incoming/${fwd.id}/assign`, { lead: { unitId: 'snv-tcbc' } }, 204);
    let atSnv = await get('snv.tp.tcbc', `/api/incoming/${fwd.id}`);
    const unitLine = atSnv.assignments.find((a: any) => a.role === 'CHU_TRI');
    expect(unitLine.dueDate).toBe(due);
    expect(
      (await get('qn.chutich', `/api/incoming/${arrived.id}`)).assignments.find((a: any) => a.role === 'CHU_TRI').forwarded.status,
    ).toBe('ASSIGNED');
    await post('snv.tp.tcbc', `/api/incoming/assignments/${unitLine.id}/delegate`, { userId: ids.get('snv.cv.tcbc') }, 204);
    atSnv = await get('snv.cv.tcbc', `/api/incoming/${fwd.id}`);
    const mine = atSnv.assignments.find((a: any) => a.user?.id === ids.get('snv.cv.tcbc'));
    await post('snv.cv.tcbc', `/api/incoming/assignments/${mine.id}/start`, {}, 204);
    origin = await get('qn.chutich', `/api/incoming/${arrived.id}`);
    expect(origin.status).toBe('IN_PROGRESS');
    expect(origin.assignments.find((a: any) => a.role === 'CHU_TRI')).toMatchObject({
      status: 'IN_PROGRESS',
      forwarded: { status: 'IN_PROGRESS' },
    });

    // 7. The specialist drafts the reply from the incoming page; the page lists it.
    expect(actions(await get('snv.cv.tcbc', `/api/incoming/${fwd.id}`))).toContain('reply');
    const reply = await issueOutgoing(
      'snv.cv.tcbc',
      {
        documentType: 'CV',
        subject: 'V/v báo cáo kết quả rà soát biên chế',
        recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-ubnd' }],
        replyTo: [fwd.id],
      },
      ['snv.tp.tcbc', 'snv.gd'],
      'snv.vanthu',
    );
    expect(reply.answers).toEqual([expect.objectContaining({ incomingId: fwd.id, completeOnIssue: true, symbol: 'STC-QLNS' })]);

    // 8. Issuing the reply completed the Sở's handling with the reply as the result, and the committee's with it.
    atSnv = await get('snv.gd', `/api/incoming/${fwd.id}`);
    expect(atSnv.status).toBe('COMPLETED');
    expect(atSnv.replies).toEqual([
      expect.objectContaining({ id: reply.id, numberAndSymbol: reply.issued.numberAndSymbol, completedAt: expect.any(String) }),
    ]);
    const doneLine = atSnv.assignments.find((a: any) => a.id === mine.id);
    expect(doneLine).toMatchObject({
      status: 'DONE',
      resultOutgoingId: reply.id,
      resultNote: `Đã trả lời bằng văn bản số ${reply.issued.numberAndSymbol}`,
    });
    origin = await get('qn.chutich', `/api/incoming/${arrived.id}`);
    expect(origin.status).toBe('COMPLETED');
    expect(origin.assignments.find((a: any) => a.role === 'CHU_TRI')).toMatchObject({
      status: 'DONE',
      resultNote: `Đã trả lời bằng văn bản số ${reply.issued.numberAndSymbol}`,
      forwarded: { status: 'COMPLETED', replies: [expect.objectContaining({ numberAndSymbol: reply.issued.numberAndSymbol })] },
    });
    expect(origin.history.filter((h: any) => h.action === 'incoming.forwarded_progress').map((h: any) => h.data.status)).toEqual([
      'IN_PROGRESS',
      'COMPLETED',
    ]);
    // Dispatched to the committee, the reply is its incoming record too: the progress links there (the Sở's outgoing page is not the committee's).
    await post('snv.vanthu', `/api/outgoing/${reply.id}/dispatch`);
    const progress = (await get('qn.chutich', `/api/incoming/${arrived.id}`)).assignments.find((a: any) => a.role === 'CHU_TRI').forwarded;
    expect(progress.replies[0].receivedAs).toEqual(expect.any(String));
    expect((await get('qn.chutich', `/api/incoming/${progress.replies[0].receivedAs}`)).sourceOutgoingId).toBe(reply.id);
    // The committee's handling report counts the line per organisation, not as "a person without a unit".
    const report = await get(
      'qn.chutich',
      `/api/reports/handling?organisationId=qn-ubnd&from=${today.slice(0, 4)}-01-01&to=${addDays(today, 1)}`,
    );
    expect(report.items.find((r: any) => r.unitName === 'Sở Nội vụ tỉnh Quảng Ninh')).toMatchObject({ received: 1, completedOnTime: 1 });
    expect(report.items.find((r: any) => r.unitName === 'Cá nhân không thuộc đơn vị')).toBeUndefined();
    expect(await notified('qn.chutich', 'incoming.completed')).toBe(1);
    // The delegating unit head and the assigning director are both told.
    expect(await notified('snv.tp.tcbc', 'incoming.completed')).toBe(1);
    expect(await notified('snv.gd', 'incoming.completed')).toBe(1);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('lets a leader keep the handling open when the reply is issued', async () => {
    const [doc] = await t.database.db
      .insert(incomingDocuments)
      .values({
        organisationId: 'qn-stc',
        status: 'SUBMITTED',
        submittedTo: ids.get('stc.gd'),
        channel: 'PAPER',
        issuerName: 'Bộ Tài chính',
        subject: 'V/v báo cáo quyết toán',
        issueDate: today,
        documentType: 'Công văn',
        registerId: 'qn-stc-den',
        arrivalYear: Number(today.slice(0, 4)),
        arrivalNumber: 900,
        registeredAt: new Date(),
        registeredBy: ids.get('stc.vanthu'),
      })
      .returning();
    await post('stc.gd', `/api/incoming/${doc.id}/assign`, { lead: { userId: ids.get('stc.cv.qlns') } }, 204);
    const draft = ok(
      await multipart(
        'stc.cv.qlns',
        '/api/outgoing',
        { main: [['Trả lời.pdf', pdf]] },
        { metadata: JSON.stringify({ documentType: 'CV', subject: 'V/v báo cáo quyết toán (lần 1)', replyTo: [doc.id] }) },
      ),
      201,
    );
    // Another organisation's incoming document cannot be answered from here.
    const foreign = await multipart(
      'snv.cv.tcbc',
      '/api/outgoing',
      { main: [['Trả lời.pdf', pdf]] },
      { metadata: JSON.stringify({ documentType: 'CV', subject: 'x', replyTo: [doc.id] }) },
    );
    expect(foreign.status).toBe(422);
    expect(
      (await (await as('stc.cv.qlns')).send('patch', `/api/outgoing/${draft.id}/replies/${doc.id}`, { completeOnIssue: false })).status,
    ).toBe(200);
    expect(
      (await (await as('snv.gd')).send('patch', `/api/outgoing/${draft.id}/replies/${doc.id}`, { completeOnIssue: true })).status,
    ).toBe(404);
    await post('stc.cv.qlns', `/api/outgoing/${draft.id}/submit`);
    await post('stc.tp.qlns', `/api/outgoing/${draft.id}/approve`);
    await post('stc.gd', `/api/outgoing/${draft.id}/approve`);
    await post('stc.vanthu', `/api/outgoing/${draft.id}/issue`, { paperSignature: true });
    const after = await get('stc.gd', `/api/incoming/${doc.id}`);
    expect(after.status).toBe('ASSIGNED');
    expect(after.replies).toEqual([expect.objectContaining({ id: draft.id, completeOnIssue: false, completedAt: null })]);
    // Linked afterwards with completion on: an issued reply completes at once.
    await post('stc.gd', `/api/outgoing/${draft.id}/replies`, { incomingId: doc.id, completeOnIssue: true });
    expect((await get('stc.gd', `/api/incoming/${doc.id}`)).status).toBe('ASSIGNED'); // the link existed: unchanged
  });
});

describe('completing with files; who is told', () => {
  it('accepts result files checked like uploads, and tells the delegating head and the assigning leader', async () => {
    const [doc] = await t.database.db
      .insert(incomingDocuments)
      .values({
        organisationId: 'qn-stc',
        status: 'SUBMITTED',
        submittedTo: ids.get('stc.gd'),
        channel: 'PAPER',
        issuerName: 'Bộ Tài chính',
        subject: 'V/v kiểm tra tài sản công',
        issueDate: today,
        documentType: 'Công văn',
        registerId: 'qn-stc-den',
        arrivalYear: Number(today.slice(0, 4)),
        arrivalNumber: 901,
        registeredAt: new Date(),
        registeredBy: ids.get('stc.vanthu'),
      })
      .returning();
    await post('stc.gd', `/api/incoming/${doc.id}/assign`, { lead: { unitId: 'stc-qlns' }, dueDate: due }, 204);
    const unitLine = (await get('stc.tp.qlns', `/api/incoming/${doc.id}`)).assignments[0];
    await post('stc.tp.qlns', `/api/incoming/assignments/${unitLine.id}/delegate`, { userId: ids.get('stc.cv.qlns') }, 204);
    const mine = (await get('stc.cv.qlns', `/api/incoming/${doc.id}`)).assignments.find((a: any) => a.parentId === unitLine.id);

    // A "PDF" that is not one is refused with the upload checks; nothing is completed.
    const fake = await multipart(
      'stc.cv.qlns',
      `/api/incoming/assignments/${mine.id}/complete`,
      { files: [['Báo cáo.pdf', Buffer.from('not a pdf at all')]] },
      { resultNote: 'Đã kiểm tra' },
    );
    expect(fake.status).toBe(415);
    expect(fake.body.code).toBe('upload.unsupported_type');
    expect((await get('stc.gd', `/api/incoming/${doc.id}`)).status).toBe('ASSIGNED');
    const missingNote = await multipart(
      'stc.cv.qlns',
      `/api/incoming/assignments/${mine.id}/complete`,
      { files: [['Báo cáo.pdf', pdf]] },
      {},
    );
    expect(missingNote.status).toBe(422);

    const report = await textPdf(['Báo cáo kết quả kiểm tra tài sản công']);
    const done = await multipart(
      'stc.cv.qlns',
      `/api/incoming/assignments/${mine.id}/complete`,
      { files: [['Báo cáo kết quả.pdf', report]] },
      { resultNote: 'Đã kiểm tra, báo cáo kèm theo' },
    );
    expect(done.status).toBe(204);
    const after = await get('stc.gd', `/api/incoming/${doc.id}`);
    expect(after.status).toBe('COMPLETED');
    const line = after.assignments.find((a: any) => a.id === mine.id);
    expect(line).toMatchObject({
      status: 'DONE',
      resultNote: 'Đã kiểm tra, báo cáo kèm theo',
      resultFiles: [{ originalName: 'Báo cáo kết quả.pdf', mediaType: 'application/pdf' }],
    });
    const file = await (
      await as('stc.gd')
    ).agent
      .get(`/api/incoming/${doc.id}/assignments/${mine.id}/files/${line.resultFiles[0].id}`)
      .buffer(true);
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, report)).toBe(0);
    // Someone who cannot see the document cannot fetch the file either.
    expect(
      (await (await as('snv.gd')).agent.get(`/api/incoming/${doc.id}/assignments/${mine.id}/files/${line.resultFiles[0].id}`)).status,
    ).toBe(404);

    expect(await notified('stc.tp.qlns', 'incoming.completed')).toBeGreaterThanOrEqual(1);
    const [toHead] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ids.get('stc.tp.qlns')!), eq(notifications.dedupeKey, `complete:${mine.id}`)));
    const [toLeader] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ids.get('stc.gd')!), eq(notifications.dedupeKey, `complete:${mine.id}`)));
    expect(toHead?.titleVi).toContain('Đã hoàn thành xử lý số đến 901');
    expect(toLeader).toBeDefined();
  });
});

describe('discarding a mistaken upload', () => {
  const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
  const blobPath = (h: string) => path.join(dataDir, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
  const upload = (bytes: Buffer) => multipart('stc.vanthu', '/api/incoming', { main: [['Nhầm.pdf', bytes]] }, { channel: 'PAPER' });

  it('removes the draft with a reason, audited, and deletes its file unless another record uses the same bytes', async () => {
    const alone = await textPdf(['Tải nhầm tệp này']);
    const first = ok(await upload(alone), 201);
    expect(actions(first)).toContain('discard');
    expect(fs.existsSync(blobPath(sha(alone)))).toBe(true);

    // Not the clerk: not allowed. No reason: 422.
    expect((await (await as('stc.gd')).post(`/api/incoming/${first.id}/discard`, { reason: 'x' })).status).toBe(403);
    expect((await (await as('stc.vanthu')).post(`/api/incoming/${first.id}/discard`, {})).status).toBe(422);

    await post('stc.vanthu', `/api/incoming/${first.id}/discard`, { reason: 'Tải nhầm tệp của cơ quan khác' }, 204);
    expect((await (await as('stc.vanthu')).get(`/api/incoming/${first.id}`)).status).toBe(404);
    expect(fs.existsSync(blobPath(sha(alone)))).toBe(false);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, first.id), eq(auditEvents.action, 'incoming.discard')));
    expect(audit.data).toMatchObject({
      reason: 'Tải nhầm tệp của cơ quan khác',
      files: [{ role: 'MAIN', name: 'Nhầm.pdf', sha256: sha(alone) }],
    });

    // The same bytes uploaded twice: discarding one keeps the blob the other uses.
    const shared = await textPdf(['Tệp dùng chung']);
    const a = ok(await upload(shared), 201);
    const b = ok(await upload(shared), 201);
    await post('stc.vanthu', `/api/incoming/${a.id}/discard`, { reason: 'Trùng' }, 204);
    expect(fs.existsSync(blobPath(sha(shared)))).toBe(true);
    expect(await t.database.db.$count(incomingFiles, eq(incomingFiles.documentId, b.id))).toBe(1);

    // Once registered it is in the register for good.
    await post('stc.vanthu', `/api/incoming/${b.id}/register`, {
      registerId: 'qn-stc-den',
      issuerName: 'Bộ Tài chính',
      issueDate: today,
      documentType: 'Công văn',
      subject: 'V/v dùng chung',
    });
    const late = await (await as('stc.vanthu')).post(`/api/incoming/${b.id}/discard`, { reason: 'Muộn' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('incoming.already_registered');
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('refuses to discard what another organisation sent over the system', async () => {
    const [internal] = await t.database.db
      .insert(incomingDocuments)
      .values({ organisationId: 'qn-stc', channel: 'INTERNAL', subject: 'Gửi nội bộ' })
      .returning();
    const res = await (await as('stc.vanthu')).post(`/api/incoming/${internal.id}/discard`, { reason: 'x' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'incoming.not_discardable', title: expect.stringContaining('từ chối') });
  });
});
