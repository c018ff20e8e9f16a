import { asc, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { users } from '../../api/src/users/schema';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loggedIn(t.app, 'qn.admin');
});
afterAll(() => t.close());

const entries = () => t.database.db.select().from(auditEvents).orderBy(asc(auditEvents.id));

describe('hash-chained audit log', () => {
  it('records who, in which role, from where, and links each entry to the previous one', async () => {
    const [row] = await t.database.db.select().from(users).where(eq(users.username, 'snv.cv.tcbc'));
    expect((await admin.post(`/api/admin/users/${row.id}/roles`, { role: 'KIEM_TRA_THE_THUC', organisationId: 'qn-snv' })).status).toBe(
      201,
    );
    // Concurrent appends still form one chain.
    const units = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        admin.post('/api/admin/organisations/qn-stc/units', { name: `Tổ công tác ${i}`, abbrev: `TCT${i}` }),
      ),
    );
    expect(units.map((u) => u.status)).toEqual(Array(12).fill(201));

    const all = await entries();
    expect(all).toHaveLength(13);
    expect(all[0]).toMatchObject({ action: 'role.grant', actorRole: 'QUAN_TRI', entityId: row.id, prevHash: null });
    expect(all[0].ip).toMatch(/127\.0\.0\.1/);
    expect(all[0].requestId).toBeTruthy();
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
    const report = await admin.get('/api/admin/audit/verify');
    expect(report.body).toEqual({ ok: true, checked: 13 });
  });

  it('names the first entry whose content was altered afterwards, and is whole again once it is restored', async () => {
    const victim = (await entries())[4];
    await t.database.db.execute(sql`update audit_events set data = '{"name":"đã sửa"}'::jsonb where id = ${victim.id}`);
    const report = await admin.get('/api/admin/audit/verify');
    expect(report.body).toMatchObject({ ok: false, firstBroken: { id: victim.id, reason: 'altered' } });
    await t.database.db.execute(sql`update audit_events set data = ${JSON.stringify(victim.data)}::jsonb where id = ${victim.id}`);
    expect((await admin.get('/api/admin/audit/verify')).body.ok).toBe(true);
  });

  it('names the entry after one that was deleted', async () => {
    const all = await entries();
    await t.database.db.delete(auditEvents).where(eq(auditEvents.id, all[7].id));
    const report = await admin.get('/api/admin/audit/verify');
    expect(report.body).toMatchObject({ ok: false, firstBroken: { id: all[8].id, reason: 'link_broken' } });
  });

  it('is for administrators only', async () => {
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    expect((await clerk.get('/api/admin/audit/verify')).status).toBe(403);
  });
});
