import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { todayInVietnam } from '../../api/src/calendar/working-days';
import { incomingAssignmentFiles } from '../../api/src/incoming/processing-schema';
import { notifications } from '../../api/src/notifications/schema';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

/**
 * Trust of the routing and replies features (issue 17 items 1, 5; issue 16): who may complete a task by a
 * reply, reply lists that follow the one visibility rule, re-assignment between organisations, result files.
 */
let t: TestApp;
let dataDir: string;
let pdf: Buffer;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();
const today = todayInVietnam();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-reply-trust-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir, LOGIN_RATE_PER_MINUTE: '1000' } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Công văn số 99/BNV-VP về việc rà soát']);
}, 120000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}
async function multipart(username: string, url: string, files: Record<string, [string, Buffer][]>, fields: Record<string, string>) {
  const client = await as(username);
  if (!client.xsrf) await client.get('/api/me');
  let req = client.agent.post(url).set('X-XSRF-TOKEN', client.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [field, parts] of Object.entries(files)) for (const [name, bytes] of parts) req = req.attach(field, bytes, name);
  return req;
}
function ok<T = any>(res: { status: number; body: any }, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
const get = async (u: string, url: string) => ok(await (await as(u)).get(url));
const notified = (username: string, kind: string) =>
  t.database.db.$count(notifications, sql`${notifications.userId} = ${ids.get(username)} and ${notifications.kind} = ${kind}`);
const actions = (doc: { allowedActions: { action: string }[] }) => doc.allowedActions.map((a) => a.action);

/** An incoming document of `org` registered by `clerk` and submitted to `leader`. */
async function registeredIncoming(clerk: string, org: string, leader: string, subject: string, secrecy = 'KHONG') {
  const d = ok(await multipart(clerk, `/api/incoming?organisationId=${org}`, { main: [['a.pdf', pdf]] }, {}), 201);
  const c = await as(clerk);
  ok(
    await c.post(`/api/incoming/${d.id}/register`, {
      registerId: secrecy === 'KHONG' ? `${org}-den` : `${org}-den-mat`,
      issuerName: 'Bộ Nội vụ',
      number: String(Math.floor(Math.random() * 1e6)),
      symbol: 'BNV-VP',
      issueDate: today,
      documentType: 'Công văn',
      subject,
      secrecy,
      confirmDuplicate: true,
    }),
  );
  ok(await c.post(`/api/incoming/${d.id}/submit`, { leaderId: ids.get(leader) }), 204);
  return d.id as string;
}
async function issueOutgoing(author: string, meta: object, approvers: string[], clerk: string) {
  const created = ok(await multipart(author, '/api/outgoing', { main: [['Dự thảo.pdf', pdf]] }, { metadata: JSON.stringify(meta) }), 201);
  ok(await (await as(author)).post(`/api/outgoing/${created.id}/submit`));
  for (const a of approvers) ok(await (await as(a)).post(`/api/outgoing/${created.id}/approve`));
  return ok(await (await as(clerk)).post(`/api/outgoing/${created.id}/issue`, { paperSignature: true }));
}
const jsPdf = () =>
  Buffer.from(
    pdf.toString('latin1').replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'),
    'latin1',
  );

describe('a reply completes only the handling of whoever may complete it', () => {
  it('someone only informed links an issued document for reference; it completes nothing, a leader’s link does', async () => {
    const inc = await registeredIncoming('stc.vanthu', 'qn-stc', 'stc.gd', 'Đề nghị báo cáo ngân sách');
    ok(
      await (
        await as('stc.gd')
      ).post(`/api/incoming/${inc}/assign`, { lead: { userId: ids.get('stc.tp.qlns') }, inform: [{ userId: ids.get('stc.cv.qlns') }] }),
      204,
    );
    const out = await issueOutgoing(
      'stc.cv.qlns',
      { documentType: 'CV', subject: 'Công văn khác không liên quan', recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }] },
      ['stc.tp.qlns', 'stc.pgd'],
      'stc.vanthu',
    );

    ok(await (await as('stc.cv.qlns')).post(`/api/outgoing/${out.id}/replies`, { incomingId: inc }));
    const after = await get('stc.gd', `/api/incoming/${inc}`);
    expect(after.status).toBe('ASSIGNED');
    expect(after.assignments.find((a: any) => a.role === 'CHU_TRI')).toMatchObject({ status: 'OPEN', resultNote: null });
    expect(after.replies).toEqual([expect.objectContaining({ id: out.id, completeOnIssue: false, completedAt: null })]);
    // Nor may he turn completion on afterwards.
    expect(
      (await (await as('stc.cv.qlns')).send('patch', `/api/outgoing/${out.id}/replies/${inc}`, { completeOnIssue: true })).status,
    ).toBe(403);

    // A leader of the receiving organisation may: the same issued document completes another handling at once.
    const other = await registeredIncoming('stc.vanthu', 'qn-stc', 'stc.gd', 'Đề nghị thứ hai');
    ok(await (await as('stc.gd')).post(`/api/incoming/${other}/assign`, { lead: { userId: ids.get('stc.tp.qlns') } }), 204);
    ok(await (await as('stc.gd')).post(`/api/outgoing/${out.id}/replies`, { incomingId: other }));
    const done = await get('stc.gd', `/api/incoming/${other}`);
    expect(done.status).toBe('COMPLETED');
    expect(done.assignments.find((a: any) => a.role === 'CHU_TRI')).toMatchObject({ status: 'DONE', resultOutgoingId: out.id });
  }, 180000);
});

describe('reply lists follow the one visibility rule', () => {
  it('a secret draft reply is listed on the incoming page only to those who may see it', async () => {
    const inc = await registeredIncoming('stc.vanthu', 'qn-stc', 'stc.gd', 'Yêu cầu rà soát thường');
    ok(
      await (
        await as('stc.gd')
      ).post(`/api/incoming/${inc}/assign`, { lead: { userId: ids.get('stc.tp.qlns') }, inform: [{ userId: ids.get('stc.cv.qlns') }] }),
      204,
    );
    const draft = ok(
      await multipart(
        'stc.tp.qlns',
        '/api/outgoing',
        { main: [['Mật.pdf', pdf]] },
        {
          metadata: JSON.stringify({
            documentType: 'CV',
            subject: 'TRÍCH YẾU MẬT: phương án nhân sự',
            secrecy: 'MAT',
            recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
            replyTo: [inc],
          }),
        },
      ),
      201,
    );
    expect((await get('stc.tp.qlns', `/api/incoming/${inc}`)).replies.map((r: any) => r.subject)).toEqual([
      'TRÍCH YẾU MẬT: phương án nhân sự',
    ]);
    for (const u of ['stc.vanthu', 'stc.cv.qlns', 'stc.gd']) {
      expect((await (await as(u)).get(`/api/outgoing/${draft.id}`)).status).toBe(404);
      expect(JSON.stringify((await get(u, `/api/incoming/${inc}`)).replies)).not.toContain('MẬT');
    }
  }, 120000);

  it('the organisation that handed a document down sees none of the Sở’s secret or unissued replies', async () => {
    const inc = await registeredIncoming('qn.vanthu', 'qn-ubnd', 'qn.chutich', 'Giao Sở Tài chính chủ trì');
    ok(await (await as('qn.chutich')).post(`/api/incoming/${inc}/assign`, { lead: { organisationId: 'qn-stc' } }), 204);
    const [d] = ((await get('stc.vanthu', '/api/incoming?status=DRAFT')).items as any[]).filter(
      (x) => x.subject === 'Giao Sở Tài chính chủ trì',
    );
    const fwd = await get('stc.vanthu', `/api/incoming/${d.id}`);
    const { issuerName, number, symbol, issueDate, documentType, subject } = fwd;
    ok(
      await (
        await as('stc.vanthu')
      ).post(`/api/incoming/${d.id}/register`, {
        registerId: 'qn-stc-den',
        issuerName,
        number,
        symbol,
        issueDate,
        documentType,
        subject,
        confirmDuplicate: true,
      }),
    );
    for (const [name, secrecy] of [
      ['TRÍCH YẾU MẬT CỦA SỞ', 'MAT'],
      ['Dự thảo thường chưa ban hành', 'KHONG'],
    ]) {
      ok(
        await multipart(
          'stc.gd',
          '/api/outgoing',
          { main: [['tl.pdf', pdf]] },
          {
            metadata: JSON.stringify({
              documentType: 'CV',
              subject: name,
              secrecy,
              recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-ubnd' }],
              replyTo: [d.id],
            }),
          },
        ),
        201,
      );
    }
    expect((await get('stc.gd', `/api/incoming/${d.id}`)).replies).toHaveLength(2);
    for (const u of ['qn.chutich', 'qn.vanthu']) {
      const line = (await get(u, `/api/incoming/${inc}`)).assignments.find((a: any) => a.role === 'CHU_TRI');
      expect(line.forwarded.status).toBe('REGISTERED');
      expect(line.forwarded.replies).toEqual([]);
    }
  }, 120000);

  it('a secret incoming document is listed among a reply’s answers only to those who may see it', async () => {
    const inc = await registeredIncoming('qn.vanthu', 'qn-ubnd', 'qn.chutich', 'TRÍCH YẾU VĂN BẢN ĐẾN MẬT', 'MAT');
    ok(await (await as('qn.chutich')).post(`/api/incoming/${inc}/assign`, { lead: { userId: ids.get('qn.tp.vx') } }), 204);
    const draft = ok(
      await multipart(
        'qn.tp.vx',
        '/api/outgoing',
        { main: [['tl.pdf', pdf]] },
        {
          organisationId: 'qn-ubnd',
          metadata: JSON.stringify({
            documentType: 'CV',
            subject: 'Trả lời thường',
            recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
            replyTo: [inc],
          }),
        },
      ),
      201,
    );
    ok(await (await as('qn.tp.vx')).post(`/api/outgoing/${draft.id}/submit`));
    expect((await get('qn.tp.vx', `/api/outgoing/${draft.id}`)).answers.map((a: any) => a.subject)).toEqual(['TRÍCH YẾU VĂN BẢN ĐẾN MẬT']);
    let blind = 0;
    for (const u of ['qn.pct1', 'qn.cvp', 'qn.vanthu', 'qn.pct2']) {
      const incoming = (await (await as(u)).get(`/api/incoming/${inc}`)).status;
      const out = await (await as(u)).get(`/api/outgoing/${draft.id}`);
      if (out.status !== 200) continue;
      if (incoming === 404) blind++;
      expect(out.body.answers).toHaveLength(incoming === 200 ? 1 : 0);
    }
    expect(blind).toBeGreaterThan(0);
  }, 120000);
});

describe('re-assignment between organisations', () => {
  it('taking a task away and giving it back reuses the record; the dropped organisation’s draft is withdrawn and its clerks told', async () => {
    const inc = await registeredIncoming('qn.vanthu', 'qn-ubnd', 'qn.chutich', 'Văn bản giao Sở');
    const ch = await as('qn.chutich');
    const drafts = async (clerk: string) =>
      ((await get(clerk, '/api/incoming?status=DRAFT')).items as any[]).filter((d) => d.subject === 'Văn bản giao Sở');
    ok(await ch.post(`/api/incoming/${inc}/assign`, { lead: { organisationId: 'qn-snv' } }), 204);
    const [first] = await drafts('snv.vanthu');
    ok(await ch.post(`/api/incoming/${inc}/assign`, { lead: { organisationId: 'qn-stc' }, reason: 'Chuyển Sở Tài chính' }), 204);
    expect(await notified('snv.vanthu', 'incoming.withdrawn')).toBe(1);
    expect(actions(await get('snv.vanthu', `/api/incoming/${first.id}`))).not.toContain('register');
    ok(await ch.post(`/api/incoming/${inc}/assign`, { lead: { organisationId: 'qn-snv' }, reason: 'Trả về Sở Nội vụ' }), 204);

    expect((await drafts('snv.vanthu')).map((d) => d.id)).toEqual([first.id]);
    expect(actions(await get('snv.vanthu', `/api/incoming/${first.id}`))).toContain('register');
    const [stc] = await drafts('stc.vanthu');
    expect(await notified('stc.vanthu', 'incoming.withdrawn')).toBe(1);
    expect(actions(await get('stc.vanthu', `/api/incoming/${stc.id}`))).not.toContain('register');
    const fwd = await get('stc.vanthu', `/api/incoming/${stc.id}`);
    const res = await (
      await as('stc.vanthu')
    ).post(`/api/incoming/${stc.id}/register`, {
      registerId: 'qn-stc-den',
      issuerName: fwd.issuerName,
      number: fwd.number,
      symbol: fwd.symbol,
      issueDate: fwd.issueDate,
      documentType: fwd.documentType,
      subject: fwd.subject,
      confirmDuplicate: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('incoming.revoked');
  }, 120000);
});

describe('result files of a completed task', () => {
  it('are kept without active content (flagged, the upload beside it) and served clean', async () => {
    const inc = await registeredIncoming('stc.vanthu', 'qn-stc', 'stc.gd', 'Kết quả tệp');
    ok(await (await as('stc.gd')).post(`/api/incoming/${inc}/assign`, { lead: { userId: ids.get('stc.tp.qlns') } }), 204);
    const lead = (await get('stc.tp.qlns', `/api/incoming/${inc}`)).assignments.find((a: any) => a.role === 'CHU_TRI');
    ok(
      await multipart(
        'stc.tp.qlns',
        `/api/incoming/assignments/${lead.id}/complete`,
        { files: [['kq.pdf', jsPdf()]] },
        { resultNote: 'xong' },
      ),
      204,
    );
    const line = (await get('stc.gd', `/api/incoming/${inc}`)).assignments.find((a: any) => a.role === 'CHU_TRI');
    const [file] = line.resultFiles;
    expect(file.activeContent).toEqual(expect.arrayContaining(['javascript', 'open_action']));
    const [row] = await t.database.db.select().from(incomingAssignmentFiles).where(eq(incomingAssignmentFiles.id, file.id));
    expect(row.originalSha256).not.toBeNull();
    expect(row.originalSha256).not.toBe(row.sha256);
    const res = await (
      await as('stc.gd')
    ).agent
      .get(`/api/incoming/${inc}/assignments/${line.id}/files/${file.id}`)
      .buffer(true)
      .parse((resp, cb) => {
        const c: Buffer[] = [];
        resp.on('data', (d: Buffer) => c.push(d));
        resp.on('end', () => cb(null, Buffer.concat(c)));
      });
    expect(res.status).toBe(200);
    const served = (res.body as Buffer).toString('latin1');
    expect(served.startsWith('%PDF')).toBe(true);
    expect(served).not.toMatch(/JavaScript|OpenAction/);
  }, 120000);
});
