import { eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { organisations } from '../../api/src/organisations/schema';
import { closeDissolvedOrganisations } from '../../api/src/organisations/service';
import { users } from '../../api/src/users/schema';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

/** Issue 17 item 8: chain templates checked when saved, editing users, passwords, dissolved organisations. */

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loggedIn(t.app, 'qn.admin');
});
afterAll(() => t.close());

const idOf = async (username: string) => (await t.database.db.select().from(users).where(eq(users.username, username)))[0].id;
const login = (username: string, password: string) => {
  const c = new ApiClient(t.app);
  return c.post('/api/auth/login', { username, password }).then((res) => ({ res, c }));
};

describe('approval chains are checked when saved', () => {
  const signer = { label: 'Giám đốc ký', assignees: { kind: 'ROLE', role: 'LANH_DAO_CO_QUAN' }, mode: 'ANY_ONE', optional: false };
  const formatCheck = (optional: boolean) => ({
    label: 'Kiểm tra thể thức',
    assignees: { kind: 'ROLE', role: 'KIEM_TRA_THE_THUC' },
    mode: 'ANY_ONE',
    optional,
  });

  it('refuses a required step nobody can take now, with a Vietnamese title naming the step', async () => {
    const res = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-snv',
      documentType: 'QD',
      name: 'Quyết định',
      steps: [formatCheck(false), signer],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'approval_chain.step_unstaffed',
      title: 'Bước 1 ("Kiểm tra thể thức") hiện không có ai đảm nhận được',
      errors: [{ path: 'steps.0' }],
    });
    expect(res.body.detail).toMatch(/^Nobody can take step 1/);
  });

  it('saves an optional step nobody can take, with a warning; the warning goes once someone holds the role', async () => {
    const res = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-snv',
      documentType: 'QD',
      name: 'Quyết định',
      steps: [formatCheck(true), signer],
    });
    expect(res.status).toBe(201);
    expect(res.body.afterReturn).toBe('RESTART');
    expect(res.body.warnings).toEqual([
      {
        step: 1,
        code: 'approval_chain.optional_step_unstaffed',
        title: expect.stringMatching(/^Bước 1 \("Kiểm tra thể thức"\) hiện không có ai đảm nhận được; bước này sẽ được bỏ qua khi trình$/),
        detail: expect.any(String),
      },
    ]);
    await admin.post(`/api/admin/users/${await idOf('snv.cv.tcbc')}/roles`, { role: 'KIEM_TRA_THE_THUC', organisationId: 'qn-snv' });
    const listed = (await admin.get('/api/admin/approval-chains?organisationId=qn-snv')).body.items.find(
      (c: { id: string }) => c.id === res.body.id,
    );
    expect(listed.warnings).toEqual([]);
  });

  it('a disabled signer makes a named-user step unsaveable', async () => {
    const res = await admin.post('/api/admin/approval-chains', {
      organisationId: 'qn-stc',
      documentType: 'TB',
      name: 'Thông báo',
      steps: [{ label: 'Ký', assignees: { kind: 'USERS', userIds: [await idOf('hl.chutich')] }, mode: 'ANY_ONE', optional: false }],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('approval_chain.step_users_invalid');
  });
});

describe('editing users and passwords', () => {
  it('edits name, position, unit, e-mail and phone; refuses a unit of another organisation and a bad e-mail', async () => {
    const id = await idOf('stc.cv.qlns');
    const res = await admin.send('patch', `/api/admin/users/${id}`, {
      fullName: 'Lý Thị Ngọc Anh',
      position: 'Chuyên viên chính',
      unitId: 'stc-hcsn',
      email: 'ngoc.anh@stc.quangninh.gov.vn',
      phone: '0203 3835 123',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fullName: 'Lý Thị Ngọc Anh',
      position: 'Chuyên viên chính',
      unitId: 'stc-hcsn',
      email: 'ngoc.anh@stc.quangninh.gov.vn',
      phone: '0203 3835 123',
    });
    expect((await admin.send('patch', `/api/admin/users/${id}`, { unitId: 'snv-tcbc' })).body.errors).toEqual([
      { path: 'unitId', message: 'unit does not belong to the organisation' },
    ]);
    const bad = await admin.send('patch', `/api/admin/users/${id}`, { email: 'không phải email' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('email');
    expect((await admin.send('patch', `/api/admin/users/${id}`, {})).status).toBe(422);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.update'));
    expect(audit[0].data).toMatchObject({
      before: { fullName: 'Lý Thị Ngọc', unitId: 'stc-qlns' },
      after: { fullName: 'Lý Thị Ngọc Anh', unitId: 'stc-hcsn' },
    });
    expect(
      (await loggedIn(t.app, 'stc.cv.qlns').then((c) => c.send('patch', `/api/admin/users/${id}`, { fullName: 'Tự sửa' }))).status,
    ).toBe(403);
  });

  it('resets a password: sessions end, the temporary one logs in but every request except the change is refused until changed', async () => {
    const id = await idOf('snv.vanthu');
    const before = await loggedIn(t.app, 'snv.vanthu');
    const reset = await admin.post(`/api/admin/users/${id}/reset-password`, {});
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
    expect((await before.get('/api/me')).body).toEqual({ authenticated: false });
    expect((await login('snv.vanthu', 'vanthu-demo')).res.status).toBe(401);

    const { res, c } = await login('snv.vanthu', temporary);
    expect(res.status).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
    expect((await c.get('/api/me')).body.mustChangePassword).toBe(true);
    const refused = await c.get('/api/incoming');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'auth.password_change_required',
      title: 'Bạn cần đổi mật khẩu trước khi tiếp tục làm việc',
    });

    const wrong = await c.post('/api/auth/password', { currentPassword: 'sai-mat-khau', newPassword: 'mat-khau-moi-2026' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'auth.wrong_password', title: 'Mật khẩu hiện tại không đúng' });
    expect((await c.post('/api/auth/password', { currentPassword: temporary, newPassword: temporary })).body.code).toBe(
      'auth.password_unchanged',
    );
    expect((await c.post('/api/auth/password', { currentPassword: temporary, newPassword: 'ngan' })).status).toBe(422);
    const changed = await c.post('/api/auth/password', { currentPassword: temporary, newPassword: 'mat-khau-moi-2026' });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await c.get('/api/incoming')).status).toBe(200);
    expect((await login('snv.vanthu', 'mat-khau-moi-2026')).res.status).toBe(200);
    const actions = (await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.reset_password', 'user.change_password']));
    expect(JSON.stringify(await t.database.db.select().from(auditEvents))).not.toContain(temporary);
  });

  it('a new account must change the password the administrator chose at first login', async () => {
    const created = await admin.post('/api/admin/users', {
      username: 'snv.cv.moi',
      fullName: 'Phan Văn Mới',
      position: 'Chuyên viên',
      organisationId: 'qn-snv',
      password: 'mat-khau-quan-tri',
      email: 'moi@snv.quangninh.gov.vn',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ mustChangePassword: true, email: 'moi@snv.quangninh.gov.vn', phone: null });
    const { c } = await login('snv.cv.moi', 'mat-khau-quan-tri');
    expect((await c.get('/api/outgoing/approvals')).body.code).toBe('auth.password_change_required');
    expect((await c.post('/api/auth/password', { currentPassword: 'mat-khau-quan-tri', newPassword: 'mat-khau-cua-toi' })).status).toBe(
      200,
    );
    expect((await c.get('/api/outgoing/approvals')).status).toBe(200);
  });

  it("a user's own change ends their other sessions and keeps this one", async () => {
    const other = await loggedIn(t.app, 'stc.gd');
    const { c } = await login('stc.gd', 'vanthu-demo');
    expect((await c.post('/api/auth/password', { currentPassword: 'vanthu-demo', newPassword: 'giam-doc-2026!' })).status).toBe(200);
    expect((await other.get('/api/me')).body).toEqual({ authenticated: false });
    expect((await c.get('/api/me')).status).toBe(200);
  });
});

describe('dissolved organisations', () => {
  it('the seed disables the accounts of the organisations dissolved in 2025, still listed for the record', async () => {
    // A disabled account answers as a wrong password does (README, Security).
    const { res } = await login('hl.chutich', 'vanthu-demo');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_credentials');
    const listed = (await admin.get('/api/admin/users?organisationId=qn-halong')).body.items;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((u: { disabled: boolean }) => u.disabled)).toBe(true);
  });

  it('marking an organisation dissolved from a day already come disables its active users and ends their sessions; twice is 409', async () => {
    const clerk = await loggedIn(t.app, 'stc.vanthu');
    const res = await admin.post('/api/admin/organisations/qn-stc/dissolve', { lastDay: '2026-11-30' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organisationId: 'qn-stc', validTo: '2026-11-30' });
    expect(res.body.disabledUsers).toBeGreaterThanOrEqual(4);
    expect((await clerk.get('/api/me')).body).toEqual({ authenticated: false });
    expect((await login('stc.pgd', 'vanthu-demo')).res.body.code).toBe('auth.invalid_credentials');
    const [org] = await t.database.db.select().from(organisations).where(eq(organisations.id, 'qn-stc'));
    expect(org.validTo).toBe('2026-11-30');
    const tree = (await admin.get('/api/organisations')).body.items.find((o: { id: string }) => o.id === 'qn-stc');
    expect(tree.validTo).toBe('2026-11-30');
    expect((await admin.post('/api/admin/organisations/qn-halong/dissolve', {})).status).toBe(409);
    // A dissolved organisation takes no new accounts.
    const newcomer = await admin.post('/api/admin/users', {
      username: 'hl.moi',
      fullName: 'Người Mới',
      position: 'Chuyên viên',
      organisationId: 'qn-halong',
      password: 'mot-mat-khau-dai',
      roles: [],
    });
    expect(newcomer.status).toBe(409);
    expect(newcomer.body.code).toBe('organisation.dissolved');
    expect((await (await loggedIn(t.app, 'qn.vanthu')).post('/api/admin/organisations/qn-snv/dissolve', {})).status).toBe(403);
  });

  it("refuses to dissolve the organisation of the administrator's own account", async () => {
    const res = await admin.post('/api/admin/organisations/qn-vpubnd/dissolve', {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('organisation.cannot_dissolve_own');
    const [org] = await t.database.db.select().from(organisations).where(eq(organisations.id, 'qn-vpubnd'));
    expect(org.validTo).toBeNull();
    expect((await admin.get('/api/me')).status).toBe(200);
    expect((await login('qn.vanthu', 'vanthu-demo')).res.status).toBe(200);
  });

  it('a dissolution planned for a later day is recorded, and the accounts work through the last day and close after it', async () => {
    const lastDay = addDays(todayInVietnam(), 10);
    const director = await loggedIn(t.app, 'snv.gd');
    const res = await admin.post('/api/admin/organisations/qn-snv/dissolve', { lastDay });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ organisationId: 'qn-snv', validTo: lastDay, disabledUsers: 0 });
    expect((await director.get('/api/me')).status).toBe(200);
    expect((await login('snv.tp.tcbc', 'vanthu-demo')).res.status).toBe(200);
    // A dated dissolution is a dissolution: neither a second date nor "today" replaces it.
    for (const body of [{ lastDay: addDays(lastDay, -1) }, {}]) {
      const again = await admin.post('/api/admin/organisations/qn-snv/dissolve', body);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('organisation.dissolved');
    }
    // Housekeeping on the last day leaves them; the day after, it disables them once.
    expect(await closeDissolvedOrganisations(t.database.db, lastDay)).toEqual({ disabledUsers: 0 });
    expect((await director.get('/api/me')).status).toBe(200);
    const closed = await closeDissolvedOrganisations(t.database.db, addDays(lastDay, 1));
    expect(closed.disabledUsers).toBeGreaterThanOrEqual(3);
    expect((await director.get('/api/me')).body).toEqual({ authenticated: false });
    expect((await login('snv.tp.tcbc', 'vanthu-demo')).res.body.code).toBe('auth.invalid_credentials');
    expect(await closeDissolvedOrganisations(t.database.db, addDays(lastDay, 2))).toEqual({ disabledUsers: 0 });
    // An account the administrator enables again afterwards (to consult the records) stays enabled.
    const [head] = await t.database.db.select().from(users).where(eq(users.username, 'snv.tp.tcbc'));
    expect((await admin.post(`/api/admin/users/${head.id}/enable`)).status).toBe(200);
    expect(await closeDissolvedOrganisations(t.database.db, addDays(lastDay, 3))).toEqual({ disabledUsers: 0 });
    expect((await login('snv.tp.tcbc', 'vanthu-demo')).res.status).toBe(200);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'organisation.dissolution_effective'));
    expect(audit.map((a) => a.entityId)).toEqual(['qn-snv']);
  });
});
