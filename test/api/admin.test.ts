import { eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { units } from '../../api/src/organisations/schema';
import { users } from '../../api/src/users/schema';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loggedIn(t.app, 'qn.admin');
});
afterAll(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'stc.cv.gcs',
  fullName: 'Đinh Thị Thu',
  position: 'Chuyên viên',
  organisationId: 'qn-stc',
  unitId: 'stc-gcs',
  password: 'mat-khau-rat-dai',
  roles: [{ role: 'CHUYEN_VIEN', organisationId: 'qn-stc', unitId: 'stc-gcs' }],
  ...over,
});

describe('users', () => {
  it('lists users of the administered organisations with their roles, filtered by organisation and text', async () => {
    const all = await admin.get('/api/admin/users');
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBe(31);
    const stc = await admin.get('/api/admin/users?organisationId=qn-stc&q=ngọc');
    expect(stc.body.items).toEqual([
      expect.objectContaining({ username: 'stc.cv.qlns', fullName: 'Lý Thị Ngọc', unitName: 'Phòng Quản lý ngân sách', disabled: false }),
    ]);
    expect(stc.body.items[0].roles).toEqual([
      expect.objectContaining({ role: 'CHUYEN_VIEN', organisationId: 'qn-stc', unitId: 'stc-qlns' }),
    ]);
  });

  it('creates a user who can then sign in, and records it in the audit trail', async () => {
    const res = await admin.post('/api/admin/users', newUser());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'stc.cv.gcs', organisationId: 'qn-stc', unitId: 'stc-gcs', disabled: false });
    expect(res.body.roles).toHaveLength(1);
    const c = new ApiClient(t.app);
    expect((await c.post('/api/auth/login', { username: 'stc.cv.gcs', password: 'mat-khau-rat-dai' })).status).toBe(200);
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, res.body.id));
    expect(audit.map((a) => a.action)).toEqual(['user.create']);
  });

  it('refuses a taken username with 409 and writes nothing', async () => {
    const before = await t.database.db.$count(users);
    const res = await admin.post('/api/admin/users', newUser({ username: 'QN.VANTHU' }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('user.username_taken');
    expect(await t.database.db.$count(users)).toBe(before);
  });

  it('reports each invalid field', async () => {
    const res = await admin.post('/api/admin/users', newUser({ username: 'có dấu', password: 'short', organisationId: '' }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['organisationId', 'password', 'username']);
  });

  it('refuses a unit of another organisation', async () => {
    const res = await admin.post('/api/admin/users', newUser({ username: 'x.y.z', unitId: 'snv-tcbc' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'unitId', message: 'unit does not belong to the organisation' }]);
    expect(await t.database.db.$count(users, eq(users.username, 'x.y.z'))).toBe(0);
  });

  it('answers 404 for an unknown organisation', async () => {
    const res = await admin.post(
      '/api/admin/users',
      newUser({ username: 'x.y.w', organisationId: 'no-such-org', unitId: null, roles: [] }),
    );
    expect(res.status).toBe(404);
  });

  it('disables a user: the login is refused and a live session stops working; enabling restores it', async () => {
    const victim = await loggedIn(t.app, 'snv.cv.tcbc');
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'snv.cv.tcbc'));
    const res = await admin.post(`/api/admin/users/${row.id}/disable`);
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await victim.get('/api/me')).body).toEqual({ authenticated: false });
    expect((await victim.get('/api/organisations')).status).toBe(401);
    // The right password gets exactly the answer of a wrong one, so a disabled account confirms no password.
    const wrong = await new ApiClient(t.app).post('/api/auth/login', { username: 'snv.cv.tcbc', password: 'not-the-password' });
    const again = await new ApiClient(t.app).post('/api/auth/login', { username: 'snv.cv.tcbc', password: 'vanthu-demo' });
    const body = (r: typeof wrong) => ({ ...r.body, requestId: undefined });
    expect(again.status).toBe(401);
    expect(body(again)).toEqual(body(wrong));
    expect(again.headers['content-type']).toBe(wrong.headers['content-type']);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await admin.post(`/api/admin/users/${row.id}/enable`)).body.disabled).toBe(false);
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'snv.cv.tcbc', password: 'vanthu-demo' })).status).toBe(200);
  });

  it('does not let an administrator disable their own account', async () => {
    const me = await admin.get('/api/me');
    const res = await admin.post(`/api/admin/users/${me.body.id}/disable`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('user.cannot_disable_self');
  });

  it('grants a role in another unit and revokes it', async () => {
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'qn.cv.vx1'));
    const grant = await admin.post(`/api/admin/users/${row.id}/roles`, {
      role: 'KIEM_TRA_THE_THUC',
      organisationId: 'qn-vpubnd',
      unitId: 'qn-vp-th',
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ role: 'KIEM_TRA_THE_THUC', unitName: 'Phòng Tổng hợp' });
    const dup = await admin.post(`/api/admin/users/${row.id}/roles`, {
      role: 'KIEM_TRA_THE_THUC',
      organisationId: 'qn-vpubnd',
      unitId: 'qn-vp-th',
    });
    expect(dup.status).toBe(409);
    const me = await (await loggedIn(t.app, 'qn.cv.vx1')).get('/api/me');
    expect(me.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['CHUYEN_VIEN', 'KIEM_TRA_THE_THUC']);
    expect((await admin.delete(`/api/admin/users/${row.id}/roles/${grant.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/admin/users/${row.id}/roles/${grant.body.id}`)).status).toBe(404);
  });
});

describe('units', () => {
  it('creates a unit and refuses a duplicate abbreviation', async () => {
    const res = await admin.post('/api/admin/organisations/qn-snv/units', { name: 'Phòng Công chức, viên chức', abbrev: 'CCVC' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Phòng Công chức, viên chức', abbrev: 'CCVC', active: true });
    const dup = await admin.post('/api/admin/organisations/qn-snv/units', { name: 'Khác', abbrev: 'CCVC' });
    expect(dup.status).toBe(409);
    expect(await t.database.db.$count(units, eq(units.abbrev, 'CCVC'))).toBe(1);
    const orgs = await admin.get('/api/organisations');
    const snv = orgs.body.items.find((o: { id: string }) => o.id === 'qn-snv');
    expect(snv.units.map((u: { abbrev: string }) => u.abbrev)).toContain('CCVC');
  });

  it('validates the abbreviation used in document symbols', async () => {
    const res = await admin.post('/api/admin/organisations/qn-snv/units', { name: 'Phòng X', abbrev: 'lower case' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('abbrev');
  });
});

describe('permissions', () => {
  it('keeps non-administrators out of the admin API', async () => {
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    const res = await clerk.get('/api/admin/users');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await clerk.post('/api/admin/organisations/qn-stc/units', { name: 'Phòng Y', abbrev: 'YY' })).status).toBe(403);
  });

  it('scopes an organisation administrator to that organisation and its children', async () => {
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'stc.vanthu'));
    expect((await admin.post(`/api/admin/users/${row.id}/roles`, { role: 'QUAN_TRI', organisationId: 'qn-stc' })).status).toBe(201);
    const stcAdmin = await loggedIn(t.app, 'stc.vanthu');
    const listed = await stcAdmin.get('/api/admin/users');
    expect(new Set(listed.body.items.map((u: { organisationId: string }) => u.organisationId))).toEqual(new Set(['qn-stc']));
    const outside = await stcAdmin.post(
      '/api/admin/users',
      newUser({ username: 'snv.new', organisationId: 'qn-snv', unitId: null, roles: [] }),
    );
    expect(outside.status).toBe(403);
    const inside = await stcAdmin.post('/api/admin/users', newUser({ username: 'stc.new', unitId: null, roles: [] }));
    expect(inside.status).toBe(201);
  });

  it("does not let a child organisation's administrator act on an account that holds roles above it", async () => {
    // qn.admin's account sits in the provincial office (qn-vpubnd) but administers the whole province (qn-ubnd).
    const created = await admin.post(
      '/api/admin/users',
      newUser({
        username: 'vp.admin',
        organisationId: 'qn-vpubnd',
        unitId: null,
        roles: [{ role: 'QUAN_TRI', organisationId: 'qn-vpubnd' }],
      }),
    );
    expect(created.status).toBe(201);
    const vp = new ApiClient(t.app);
    await vp.login('vp.admin', 'mat-khau-rat-dai');
    expect((await vp.post('/api/auth/password', { currentPassword: 'mat-khau-rat-dai', newPassword: 'mat-khau-moi-123' })).status).toBe(
      200,
    );
    const [top] = await t.database.db.select().from(users).where(eq(users.username, 'qn.admin'));
    const before = { ...top };
    const topGrant = (await admin.get('/api/me')).body.roles.find(
      (g: { role: string; organisationId: string }) => g.role === 'QUAN_TRI' && g.organisationId === 'qn-ubnd',
    );
    const attempts = [
      await vp.post(`/api/admin/users/${top.id}/reset-password`, { password: 'chiem-quyen-123' }),
      await vp.send('patch', `/api/admin/users/${top.id}`, { fullName: 'Đã bị sửa' }),
      await vp.post(`/api/admin/users/${top.id}/disable`),
      await vp.post(`/api/admin/users/${top.id}/roles`, { role: 'VAN_THU', organisationId: 'qn-vpubnd' }),
      await vp.send('delete', `/api/admin/users/${top.id}/roles/${topGrant.id}`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect(res.body.detail).toContain('qn-ubnd');
    }
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'qn.admin', password: 'chiem-quyen-123' })).status).toBe(401);
    const [after] = await t.database.db.select().from(users).where(eq(users.username, 'qn.admin'));
    expect(after).toEqual(before);
    expect((await admin.get('/api/me')).body.roles).toContainEqual(topGrant);
    // Accounts wholly inside its organisation stay in its hands.
    const staff = await admin.post(
      '/api/admin/users',
      newUser({
        username: 'vp.chuyenvien',
        organisationId: 'qn-vpubnd',
        unitId: null,
        roles: [{ role: 'CHUYEN_VIEN', organisationId: 'qn-vpubnd' }],
      }),
    );
    expect((await vp.send('patch', `/api/admin/users/${staff.body.id}`, { position: 'Chuyên viên chính' })).status).toBe(200);
    expect((await vp.post(`/api/admin/users/${staff.body.id}/reset-password`, {})).status).toBe(200);
  });

  it('asks anonymous callers to sign in', async () => {
    const res = await new ApiClient(t.app).get('/api/organisations');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.required');
  });
});
