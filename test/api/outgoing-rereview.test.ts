import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../api/src/config';
import { exchangeRouting } from '../../api/src/exchange/outbox';
import { routeOf } from '../../api/src/outgoing/issuance';
import { textPdf, zip } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

/** Issue 17 items 2 and 4: re-review after a return, and recipients the exchange cannot reach. */

let t: TestApp;
let dataDir: string;
const clients = new Map<string, ApiClient>();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-rereview-'));
  t = await startTestApp({ env: { DATA_DIR: dataDir } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

const docx = () =>
  zip({
    '[Content_Types].xml':
      '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    'word/document.xml': '<w:document/>',
  });

async function upload(username: string, url: string, main: [string, Buffer], fields: Record<string, string>, source?: [string, Buffer]) {
  const client = await as(username);
  if (!client.xsrf) await client.get('/api/me');
  let req = client.agent.post(url).set('X-XSRF-TOKEN', client.xsrf!);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  req = req.attach('main', main[1], main[0]);
  if (source) req = req.attach('source', source[1], source[0]);
  return req;
}

interface Doc {
  id: string;
  status: string;
  currentStep: number | null;
  allowedActions: string[];
  steps: { ordinal: number; status: string; assignees: { decision: string }[] }[];
  recipients: {
    kind: string;
    name: string;
    delivery: {
      id: string;
      status: string;
      manual: { method: string; sentOn: string; note: string | null; recordedBy: { fullName: string } | null } | null;
    } | null;
  }[];
  revision: {
    fromVersion: number;
    toVersion: number;
    reasons: { version: number; reason: string }[];
    files: { role: string; change: string; before: { sha256: string } | null; after: { sha256: string } | null }[];
    commentsAnswered: { version: number; body: string; author: { fullName: string } }[];
  } | null;
  issued: { numberAndSymbol: string } | null;
}

const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
};
const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);

async function draft(subject: string, recipients: object[] = [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }]) {
  const meta = { documentType: 'CV', subject, recipients, urgency: 'THUONG' };
  return ok(
    await upload('stc.cv.qlns', '/api/outgoing', ['Dự thảo.pdf', await textPdf([subject])], { metadata: JSON.stringify(meta) }, [
      'Dự thảo.docx',
      docx(),
    ]),
    201,
  );
}

/** Submitted, approved by the unit head, returned by the director; then version 2 uploaded. */
async function returnedAndRevised(subject: string) {
  const d = await draft(subject);
  ok(await act('stc.cv.qlns', d.id, 'submit'));
  ok(await act('stc.tp.qlns', d.id, 'approve'));
  ok(await act('stc.gd', d.id, 'return', { comment: 'Bổ sung số liệu quý IV' }));
  ok(
    await upload('stc.cv.qlns', `/api/outgoing/${d.id}/versions`, ['Dự thảo v2.pdf', await textPdf([`${subject} — lần 2`])], {
      reason: 'Đã bổ sung số liệu quý IV',
    }),
    201,
  );
  return d.id;
}

describe('re-review after a return', () => {
  it('restarts from the first step by default: the unit head sees version 2 and what changed, then the director', async () => {
    const id = await returnedAndRevised('V/v quyết toán ngân sách 2026');
    const resubmitted = ok(await act('stc.cv.qlns', id, 'submit'));
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', currentStep: 1 });
    expect(resubmitted.steps.map((s) => s.status)).toEqual(['ACTIVE', 'PENDING']);
    // The unit head's earlier approval was for version 1: he decides again, and the director waits.
    expect(resubmitted.steps[0].assignees.map((a) => a.decision)).toEqual(['PENDING']);
    expect(ok(await act('stc.gd', id, 'approve'), 409)).toMatchObject({ code: 'outgoing.not_your_turn' });
    const queue = (await (await as('stc.tp.qlns')).get('/api/outgoing/approvals')).body.items;
    expect(queue.map((i: { documentId: string }) => i.documentId)).toContain(id);

    const seen = ok(await (await as('stc.tp.qlns')).get(`/api/outgoing/${id}`));
    expect(seen.revision).toMatchObject({ fromVersion: 1, toVersion: 2, reasons: [{ version: 2, reason: 'Đã bổ sung số liệu quý IV' }] });
    const byRole = Object.fromEntries(seen.revision!.files.map((f) => [f.role, f]));
    expect(byRole.MAIN.change).toBe('CHANGED');
    expect(byRole.MAIN.before!.sha256).not.toBe(byRole.MAIN.after!.sha256);
    expect(byRole.SOURCE).toMatchObject({ change: 'UNCHANGED' });
    expect(seen.revision!.commentsAnswered).toEqual([
      expect.objectContaining({
        version: 1,
        body: 'Bổ sung số liệu quý IV',
        author: expect.objectContaining({ fullName: expect.any(String) }),
      }),
    ]);

    ok(await act('stc.tp.qlns', id, 'approve'));
    const approved = ok(await act('stc.gd', id, 'approve'));
    expect(approved.status).toBe('APPROVED_AWAITING_SIGNATURE');
    const history = (await (await as('stc.cv.qlns')).get(`/api/outgoing/${id}`)).body.history as {
      action: string;
      data: { afterReturn?: string };
    }[];
    expect(history.find((h) => h.action === 'outgoing.resubmit')!.data.afterReturn).toBe('RESTART');
  });

  it('resumes at the returning step when the chain says so; a first version has no revision', async () => {
    const admin = await as('qn.admin');
    const chain = (await admin.get('/api/admin/approval-chains?organisationId=qn-stc')).body.items[0];
    expect(chain.afterReturn).toBe('RESTART');
    const saved = await admin.send('put', `/api/admin/approval-chains/${chain.id}`, {
      name: chain.name,
      allowAddReviewers: chain.allowAddReviewers,
      steps: chain.steps,
      afterReturn: 'RESUME',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.afterReturn).toBe('RESUME');
    try {
      const first = await draft('V/v kiểm tra');
      expect(first.revision).toBeNull();
      const id = await returnedAndRevised('V/v điều chỉnh dự toán');
      const resubmitted = ok(await act('stc.cv.qlns', id, 'submit'));
      expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', currentStep: 2 });
      expect(resubmitted.steps.map((s) => s.status)).toEqual(['DONE', 'ACTIVE']);
      expect(resubmitted.revision).toMatchObject({ fromVersion: 1, toVersion: 2 });
      expect(ok(await act('stc.gd', id, 'approve')).status).toBe('APPROVED_AWAITING_SIGNATURE');
    } finally {
      await admin.send('put', `/api/admin/approval-chains/${chain.id}`, {
        name: chain.name,
        allowAddReviewers: chain.allowAddReviewers,
        steps: chain.steps,
        afterReturn: 'RESTART',
      });
    }
  });
});

describe('external recipients without the exchange', () => {
  let id: string;
  let numberAndSymbol: string;

  it('says before dispatch which recipients cannot go electronically, and leaves them awaiting a send by the clerk', async () => {
    const d = await draft('V/v báo cáo Bộ Tài chính', [
      { kind: 'ORGANISATION', organisationId: 'qn-snv' },
      { kind: 'EXTERNAL', organCode: '000.00.00.G12', name: 'Bộ Tài chính' },
      { kind: 'EXTERNAL', organCode: '000.00.00.G09', name: 'Bộ Kế hoạch và Đầu tư' },
    ]);
    id = d.id;
    ok(await act('stc.cv.qlns', id, 'submit'));
    ok(await act('stc.tp.qlns', id, 'approve'));
    ok(await act('stc.gd', id, 'approve'));
    numberAndSymbol = ok(await act('stc.vanthu', id, 'issue', { paperSignature: true })).issued!.numberAndSymbol;

    const plan = await (await as('stc.vanthu')).get(`/api/outgoing/${id}/dispatch-plan`);
    expect(plan.status).toBe(200);
    expect(plan.body).toEqual({
      exchangeConfigured: false,
      items: [
        expect.objectContaining({ name: 'Sở Nội vụ tỉnh Quảng Ninh', channel: 'INTERNAL', reason: null }),
        expect.objectContaining({ name: 'Bộ Tài chính', channel: 'MANUAL', reason: 'EXCHANGE_OFF' }),
        expect.objectContaining({ name: 'Bộ Kế hoạch và Đầu tư', channel: 'MANUAL', reason: 'EXCHANGE_OFF' }),
      ],
    });
    const dispatched = ok(await act('stc.vanthu', id, 'dispatch'));
    expect(dispatched.recipients.map((r) => r.delivery!.status)).toEqual(['DELIVERED', 'AWAITING_MANUAL_SEND', 'AWAITING_MANUAL_SEND']);
    expect(dispatched.allowedActions).toContain('record_manual_send');

    const pending = (await (await as('stc.vanthu')).get('/api/outgoing/register?pendingManualSend=true')).body.items;
    expect(pending.map((e: { documentId: string }) => e.documentId)).toEqual([id]);
  });

  it('records a send by post (clerk only, not in the future, not for an electronic delivery) and prints its phiếu gửi', async () => {
    const view = ok(await (await as('stc.vanthu')).get(`/api/outgoing/${id}`));
    const [internal, ministry, company] = view.recipients.map((r) => r.delivery!.id);
    const url = (deliveryId: string) => `/api/outgoing/${id}/deliveries/${deliveryId}/manual-send`;
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

    expect((await (await as('stc.cv.qlns')).post(url(ministry), { method: 'POST', sentOn: today })).status).toBe(403);
    const future = await (await as('stc.vanthu')).post(url(ministry), { method: 'POST', sentOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.title).toBe('Ngày gửi không được sau ngày hôm nay');
    expect((await (await as('stc.vanthu')).post(url(ministry), { method: 'FAX', sentOn: today })).status).toBe(422);
    const electronic = await (await as('stc.vanthu')).post(url(internal), { method: 'POST', sentOn: today });
    expect(electronic.status).toBe(409);
    expect(electronic.body.code).toBe('outgoing.not_manual_delivery');

    const sent = ok(
      await (
        await as('stc.vanthu')
      ).post(url(ministry), { method: 'POST', sentOn: today, note: 'Bưu điện VNPost, số biên nhận EA123456789VN' }),
    );
    expect(sent.recipients[1].delivery).toMatchObject({
      status: 'SENT_MANUALLY',
      manual: {
        method: 'POST',
        sentOn: today,
        note: 'Bưu điện VNPost, số biên nhận EA123456789VN',
        recordedBy: { fullName: 'Phan Thị Thảo' },
      },
    });
    expect(sent.recipients[2].delivery!.status).toBe('AWAITING_MANUAL_SEND');
    const register = (await (await as('stc.vanthu')).get('/api/outgoing/register')).body.items.find(
      (e: { documentId: string }) => e.documentId === id,
    );
    expect(register.recipients[1]).toMatchObject({ deliveryStatus: 'SENT_MANUALLY', manual: { method: 'POST', sentOn: today } });
    // Still pending: the second ministry has not been sent its copy.
    expect((await (await as('stc.vanthu')).get('/api/outgoing/register?pendingManualSend=true')).body.items).toHaveLength(1);
    ok(await (await as('stc.vanthu')).post(url(company), { method: 'HAND', sentOn: today }));
    expect((await (await as('stc.vanthu')).get('/api/outgoing/register?pendingManualSend=true')).body.items).toHaveLength(0);

    const slip = await (await as('stc.vanthu')).agent.get(`/api/outgoing/${id}/deliveries/${ministry}/slip.pdf`).buffer(true);
    expect(slip.status).toBe(200);
    expect(slip.headers['content-type']).toBe('application/pdf');
    const file = path.join(dataDir, 'phieu-gui.pdf');
    fs.writeFileSync(file, slip.body as Buffer);
    execFileSync('qpdf', ['--check', file]);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('PHIẾU GỬI VĂN BẢN');
    expect(text).toContain(numberAndSymbol);
    expect(text).toContain('Bộ Tài chính (mã định danh 000.00.00.G12)');
    expect(text).toContain('V/v báo cáo Bộ Tài chính');
    expect(text).toMatch(/☒ Bưu chính/);
    expect(text).toContain(`${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`);
    expect(text).toContain('EA123456789VN');
    expect((await (await as('stc.cv.qlns')).agent.get(`/api/outgoing/${id}/deliveries/${ministry}/slip.pdf`)).status).toBe(403);
  });

  it('with the exchange on, an external agency with an organ code still goes over the axis; one without stays manual', () => {
    const routing = exchangeRouting(loadConfig({ EXCHANGE_HUB_URL: 'http://127.0.0.1:3100', EXCHANGE_AGENCIES: '000.00.01.H49=s' }));
    expect(routeOf(routing, '000.00.01.H49', { kind: 'EXTERNAL', organCode: '000.00.00.G12', organisationId: null }, 'KHONG')).toBe(
      'EXCHANGE',
    );
    expect(routeOf(routing, '000.00.01.H49', { kind: 'EXTERNAL', organCode: null, organisationId: null }, 'KHONG')).toBe('MANUAL');
    expect(routeOf(undefined, '000.00.01.H49', { kind: 'EXTERNAL', organCode: '000.00.00.G12', organisationId: null }, 'KHONG')).toBe(
      'MANUAL',
    );
    expect(routeOf(routing, '000.00.01.H49', { kind: 'ORGANISATION', organCode: '000.00.01.H49', organisationId: 'qn-snv' }, 'KHONG')).toBe(
      'INTERNAL',
    );
  });
});
