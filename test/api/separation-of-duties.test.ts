// Separation of duties on outgoing drafts (phân tách nhiệm vụ, api/src/outgoing/duties.ts): the author neither
// approves nor signs, whoever approved a review step does not sign, also not through a delegation; only the
// organisation's administrator relaxes it, with a reason in the audit log.
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { users } from '../../api/src/users/schema';
import { textPdf } from '../support/documents';
import { loggedIn, startTestApp, type ApiClient, type TestApp } from '../support/harness';

let t: TestApp;
let pdf: Buffer;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

beforeAll(async () => {
  t = await startTestApp();
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
  pdf = await textPdf(['Dự thảo văn bản']);
});
afterAll(() => t.close());

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}

interface Doc {
  id: string;
  status: string;
  currentStep: number | null;
  allowedActions: string[];
  dutyConflict: string | null;
}

async function draft(username: string, documentType: string, subject: string): Promise<string> {
  const client = await as(username);
  if (!client.xsrf) await client.get('/api/me');
  const res = await client.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', client.xsrf!)
    .field('metadata', JSON.stringify({ documentType, subject, recipients: [], urgency: 'THUONG' }))
    .attach('main', pdf, 'du-thao.pdf');
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const act = async (username: string, id: string, action: string, body: object = {}) =>
  (await as(username)).post(`/api/outgoing/${id}/${action}`, body);
const view = async (username: string, id: string) => (await (await as(username)).get(`/api/outgoing/${id}`)).body as Doc;
const queueOf = async (username: string) =>
  (await (await as(username)).get('/api/outgoing/approvals')).body.items as { documentId: string; dutyConflict: string | null }[];
const ok = (res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Doc;
};

async function chain(documentType: string, steps: { label: string; userIds: string[] }[]) {
  ok(
    await (
      await as('qn.admin')
    ).post('/api/admin/approval-chains', {
      organisationId: 'qn-stc',
      documentType,
      name: `Quy trình ${documentType}`,
      steps: steps.map((s) => ({ label: s.label, assignees: { kind: 'USERS', userIds: s.userIds } })),
    }),
    201,
  );
}

/** A separation-of-duties refusal: 403 with a Vietnamese title and an English detail. */
function refused(res: { status: number; body: { code?: string; title?: string; detail?: string } }, conflict: 'author' | 'approver') {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'outgoing.separation_of_duties' });
  expect(res.body.title).toMatch(
    conflict === 'author' ? /Người soạn thảo không được tự duyệt/ : /Người đã duyệt văn bản ở bước trước không được ký/,
  );
  expect(res.body.detail).toMatch(/^Separation of duties/);
}

describe('separation of duties: author ≠ approver ≠ signer', () => {
  it('does not let the head of unit approve his own draft at the step he is eligible for; he may forward it instead', async () => {
    // The default chain of công văn: the drafting unit's head checks the content, then a leader signs.
    const id = await draft('stc.tp.qlns', 'CV', 'V/v trưởng phòng tự soạn thảo');
    ok(await act('stc.tp.qlns', id, 'submit'));
    const mine = await view('stc.tp.qlns', id);
    expect(mine.currentStep).toBe(1);
    expect(mine.allowedActions).not.toContain('approve');
    expect(mine.allowedActions).toEqual(expect.arrayContaining(['forward', 'return']));
    expect(mine.dutyConflict).toBe('OWN_DRAFT');
    expect((await queueOf('stc.tp.qlns')).find((i) => i.documentId === id)).toMatchObject({ dutyConflict: 'OWN_DRAFT' });
    refused(await act('stc.tp.qlns', id, 'approve'), 'author');
    expect((await view('stc.tp.qlns', id)).currentStep).toBe(1);
    // Passing the turn to the deputy director, who approves it.
    ok(await act('stc.tp.qlns', id, 'forward', { userId: ids.get('stc.pgd') }));
    expect((await view('stc.pgd', id)).allowedActions).toContain('approve');
    expect(ok(await act('stc.pgd', id, 'approve'))).toMatchObject({ currentStep: 2 });
  });

  it('does not let a specialist approve her own draft at the signer step on behalf of the director through a delegation with signing rights', async () => {
    await chain('QD', [{ label: 'Giám đốc ký', userIds: [ids.get('stc.gd')!] }]);
    const id = await draft('stc.cv.qlns', 'QD', 'Quyết định do chuyên viên tự ký thay');
    ok(await act('stc.cv.qlns', id, 'submit'));
    const deleg = await (
      await as('stc.gd')
    ).post('/api/delegations', { deputyId: ids.get('stc.cv.qlns'), fromDate: today, toDate: today, canSign: true, note: 'Đi công tác' });
    expect(deleg.status).toBe(201);
    try {
      const mine = await view('stc.cv.qlns', id);
      expect(mine.allowedActions).not.toContain('approve');
      expect(mine.dutyConflict).toBe('OWN_DRAFT');
      refused(await act('stc.cv.qlns', id, 'approve'), 'author');
      expect((await view('stc.cv.qlns', id)).status).toBe('IN_REVIEW');

      // The director approves himself; the author, his deputy with signing rights, may still not sign it.
      expect(ok(await act('stc.gd', id, 'approve'))).toMatchObject({ status: 'APPROVED_AWAITING_SIGNATURE' });
      const awaiting = await view('stc.cv.qlns', id);
      expect(awaiting.allowedActions).not.toContain('sign');
      expect(awaiting.dutyConflict).toBe('OWN_DRAFT');
      refused(await act('stc.cv.qlns', id, 'sign', { passphrase: 'vanthu-demo' }), 'author');
      refused(await act('stc.cv.qlns', id, 'sign/external/prepare', { certificateChain: ['MIIB'] }), 'author');
    } finally {
      await (await as('stc.gd')).post(`/api/delegations/${deleg.body.id}/revoke`);
    }
  });

  it('does not let whoever approved a review step sign: not in person, nor as a deputy of the signer', async () => {
    await chain('TB', [
      { label: 'Phó giám đốc cho ý kiến', userIds: [ids.get('stc.pgd')!] },
      { label: 'Giám đốc hoặc phó giám đốc ký', userIds: [ids.get('stc.gd')!, ids.get('stc.pgd')!] },
    ]);
    const id = await draft('stc.cv.qlns', 'TB', 'Thông báo qua hai bước');
    ok(await act('stc.cv.qlns', id, 'submit'));
    ok(await act('stc.pgd', id, 'approve'));
    const second = await view('stc.pgd', id);
    expect(second.currentStep).toBe(2);
    expect(second.allowedActions).not.toContain('approve');
    expect(second.dutyConflict).toBe('APPROVED_BEFORE');
    refused(await act('stc.pgd', id, 'approve'), 'approver');
    // The director signs.
    expect((await view('stc.gd', id)).allowedActions).toContain('approve');
    expect(ok(await act('stc.gd', id, 'approve'))).toMatchObject({ status: 'APPROVED_AWAITING_SIGNATURE' });

    // The reviewer standing in for the director with signing rights: still not the signer.
    const deleg = await (
      await as('stc.gd')
    ).post('/api/delegations', { deputyId: ids.get('stc.pgd'), fromDate: today, toDate: today, canSign: true });
    expect(deleg.status).toBe(201);
    try {
      const asDeputy = await view('stc.pgd', id);
      expect(asDeputy.allowedActions).not.toContain('sign');
      expect(asDeputy.dutyConflict).toBe('APPROVED_BEFORE');
      refused(await act('stc.pgd', id, 'sign', { passphrase: 'vanthu-demo' }), 'approver');
      expect((await view('stc.gd', id)).allowedActions).toContain('sign');
    } finally {
      await (await as('stc.gd')).post(`/api/delegations/${deleg.body.id}/revoke`);
    }
  });

  it('is relaxed only by an administrator of the organisation, with a reason written to the audit log', async () => {
    const reason = 'Xã nhỏ: chủ tịch tự soạn và ký văn bản của mình';
    const body = { enforced: false, reason };
    expect((await (await as('stc.gd')).send('put', '/api/admin/organisations/qn-stc/separation-of-duties', body)).status).toBe(403);
    const tooShort = await (
      await as('qn.admin')
    ).send('put', '/api/admin/organisations/qn-stc/separation-of-duties', { enforced: false, reason: 'x' });
    expect(tooShort.status).toBe(422);
    const orgs = async () =>
      ((await (await as('stc.gd')).get('/api/organisations')).body.items as { id: string; separationOfDuties: boolean }[]).find(
        (o) => o.id === 'qn-stc',
      )!;
    expect((await orgs()).separationOfDuties).toBe(true);

    const off = await (await as('qn.admin')).send('put', '/api/admin/organisations/qn-stc/separation-of-duties', body);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ organisationId: 'qn-stc', separationOfDuties: false });
    expect((await orgs()).separationOfDuties).toBe(false);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, 'qn-stc'), eq(auditEvents.action, 'organisation.separation_of_duties')));
    expect(audit).toMatchObject({ actorId: ids.get('qn.admin'), actorRole: 'QUAN_TRI', data: { enforced: false, before: true, reason } });

    // Relaxed: the head of unit approves his own draft.
    const id = await draft('stc.tp.qlns', 'CV', 'V/v khi phân tách nhiệm vụ được nới');
    ok(await act('stc.tp.qlns', id, 'submit'));
    expect((await view('stc.tp.qlns', id)).dutyConflict).toBeNull();
    expect(ok(await act('stc.tp.qlns', id, 'approve'))).toMatchObject({ currentStep: 2 });

    expect(
      (
        await (
          await as('qn.admin')
        ).send('put', '/api/admin/organisations/qn-stc/separation-of-duties', { enforced: true, reason: 'Áp dụng lại phân tách nhiệm vụ' })
      ).status,
    ).toBe(200);
    const again = await draft('stc.tp.qlns', 'CV', 'V/v khi phân tách nhiệm vụ áp dụng lại');
    ok(await act('stc.tp.qlns', again, 'submit'));
    refused(await act('stc.tp.qlns', again, 'approve'), 'author');
  });
});
