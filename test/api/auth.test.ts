import { eq } from 'drizzle-orm';
import { verifyPassword } from '../../api/src/auth/password';
import { sessions } from '../../api/src/auth/schema';
import { users } from '../../api/src/users/schema';
import { ApiClient, DEMO_PASSWORD, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => t.close());

const sessionCount = () => t.database.db.$count(sessions);

describe('login', () => {
  it('opens a server-side session in an httpOnly SameSite cookie and returns the user', async () => {
    const c = new ApiClient(t.app);
    const res = await c.post('/api/auth/login', { username: 'qn.vanthu', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'qn.vanthu',
      fullName: 'Hoàng Thị Mai',
      organisation: { id: 'qn-vpubnd' },
      unit: { id: 'qn-vp-vt', name: 'Bộ phận Văn thư' },
      isAdmin: false,
    });
    // Clerk of the office and, by the seed's service grant, of the committee it serves.
    expect(res.body.roles.map((r: { role: string; organisationId: string }) => `${r.role}@${r.organisationId}`).sort()).toEqual([
      'VAN_THU@qn-ubnd',
      'VAN_THU@qn-vpubnd',
    ]);
    const sid = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('vanthu_sid='))!;
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ authenticated: true, username: 'qn.vanthu' });
  });

  it('answers an anonymous GET /api/me with 200 { authenticated: false }, as its OpenAPI schema says', async () => {
    const c = new ApiClient(t.app);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ authenticated: false });
    const doc = (await c.get('/api/openapi.json')).body;
    const op = doc.paths['/api/me'].get;
    expect(Object.keys(op.responses)).not.toContain('401');
    expect(JSON.stringify(op.responses['200'])).toContain('authenticated');
  });

  it('accepts the username in any case', async () => {
    const c = new ApiClient(t.app);
    const res = await c.post('/api/auth/login', { username: ' QN.CutICH ', password: DEMO_PASSWORD });
    expect(res.status).toBe(401); // misspelt on purpose: still a normal failure
    const ok = await c.post('/api/auth/login', { username: 'QN.ChuTich', password: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.username).toBe('qn.chutich');
  });

  it('refuses a wrong password with a bilingual problem and opens no session', async () => {
    const before = await sessionCount();
    const c = new ApiClient(t.app);
    const res = await c.post('/api/auth/login', { username: 'qn.cvp', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'auth.invalid_credentials',
      status: 401,
      title: 'Tên đăng nhập hoặc mật khẩu không đúng',
      detail: 'Wrong username or password',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(await sessionCount()).toBe(before);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const res = await new ApiClient(t.app).post('/api/auth/login', { username: 'nobody.here', password: 'whatever1' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_credentials');
  });

  it('locks the account after repeated failures, even for the right password, until the window passes', async () => {
    const c = new ApiClient(t.app);
    for (let i = 0; i < 3; i++) expect((await c.post('/api/auth/login', { username: 'stc.gd', password: 'nope-nope' })).status).toBe(401);
    const locked = await c.post('/api/auth/login', { username: 'stc.gd', password: DEMO_PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'stc.pgd', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('counts a wrong current password in the password change against the same lock as the login', async () => {
    const c = new ApiClient(t.app);
    await c.login('stc.cv.qlns');
    for (let i = 0; i < 2; i++) {
      const wrong = await c.post('/api/auth/password', { currentPassword: `sai-${i}-mat-khau`, newPassword: 'mat-khau-moi-123' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('auth.wrong_password');
    }
    // The third failure (LOGIN_MAX_FAILURES here) is a failed login: it completes the lock.
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'stc.cv.qlns', password: 'nope-nope' })).status).toBe(401);
    const locked = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'mat-khau-moi-123' });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await new ApiClient(t.app).post('/api/auth/login', { username: 'stc.cv.qlns', password: DEMO_PASSWORD })).status).toBe(423);
    // The password did not change: the lock refused even the right current one.
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'stc.cv.qlns'));
    expect(await verifyPassword(DEMO_PASSWORD, row.passwordHash)).toBe(true);
  });

  it('locks after wrong current passwords alone, and a right one before the limit clears the count', async () => {
    const c = new ApiClient(t.app);
    await c.login('stc.tp.qlns');
    const change = (currentPassword: string, newPassword = 'mat-khau-moi-123') =>
      c.post('/api/auth/password', { currentPassword, newPassword });
    for (let i = 0; i < 2; i++) expect((await change('sai-mat-khau')).status).toBe(422);
    expect((await change(DEMO_PASSWORD, 'mat-khau-moi-123')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await change('sai-mat-khau')).status).toBe(422);
    expect((await change('mat-khau-moi-123', 'mat-khau-moi-456')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await change('sai-mat-khau')).status).toBe(422);
    expect((await change('mat-khau-moi-456', 'mat-khau-moi-789')).status).toBe(423);
  });

  it('validates the body', async () => {
    const res = await new ApiClient(t.app).post('/api/auth/login', { username: 'qn.cvp' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
  });
});

describe('CSRF', () => {
  it('refuses an unsafe request without the X-XSRF-TOKEN header', async () => {
    const c = new ApiClient(t.app);
    await c.get('/api/me');
    const res = await c.agent.post('/api/auth/login').send({ username: 'qn.vanthu', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf.invalid');
  });

  it('refuses a header that does not match the session token', async () => {
    const c = new ApiClient(t.app);
    await c.login('qn.admin');
    const before = await t.database.db.$count(sessions);
    const res = await c.agent.post('/api/auth/logout').set('X-XSRF-TOKEN', 'forged-token-value');
    expect(res.status).toBe(403);
    expect(await t.database.db.$count(sessions)).toBe(before);
    expect((await c.get('/api/me')).status).toBe(200);
  });
});

describe('logout', () => {
  it('ends the session on the server', async () => {
    const c = new ApiClient(t.app);
    await c.login('qn.tp.vx');
    const before = await sessionCount();
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect(await sessionCount()).toBe(before - 1);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ authenticated: false });
    expect((await c.get('/api/organisations')).body.code).toBe('auth.required');
  });
});

describe('address throttling', () => {
  it('answers 429 once an address exceeds the per-minute budget', async () => {
    const limited = await startTestApp({ seed: false, env: { LOGIN_RATE_PER_MINUTE: '2' } });
    try {
      const c = new ApiClient(limited.app);
      expect((await c.post('/api/auth/login', { username: 'a.b', password: 'x' })).status).toBe(401);
      expect((await c.post('/api/auth/login', { username: 'a.c', password: 'x' })).status).toBe(401);
      const res = await c.post('/api/auth/login', { username: 'a.d', password: 'x' });
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
