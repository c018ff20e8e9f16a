// Alerts on permission changes (cảnh báo thay đổi quyền, NĐ 30 Phụ lục VI): roles granted or revoked, access to
// a secret document granted, delegations given or revoked raise an alert to the organisation's head (or its
// configured confirmers), listed until one confirms it; the confirmation is audited.
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { verifyAuditChain } from '../../api/src/audit/service';
import { todayInVietnam, addDays } from '../../api/src/calendar/working-days';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { notifications } from '../../api/src/notifications/schema';
import { users } from '../../api/src/users/schema';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
const ids = new Map<string, string>();
const clients = new Map<string, ApiClient>();
const today = todayInVietnam();

beforeAll(async () => {
  // Sở Tài chính names its deputy director as confirmer; Sở Nội vụ leaves it to its head.
  t = await startTestApp({ env: { PERMISSION_ALERT_CONFIRMERS: 'qn-stc=stc.pgd' } });
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
}, 60_000);
afterAll(() => t.close());

async function as(username: string) {
  if (!clients.has(username)) clients.set(username, await loggedIn(t.app, username));
  return clients.get(username)!;
}
interface Alert {
  id: string;
  kind: string;
  organisationId: string;
  subjectUserId: string;
  changedBy: string;
  data: Record<string, unknown>;
  confirmedAt: string | null;
  confirmedByName: string | null;
  confirmNote: string | null;
}
const alertsOf = async (username: string, all = false) => {
  const res = await (await as(username)).get(`/api/admin/permission-alerts${all ? '?all=true' : ''}`);
  expect(res.status).toBe(200);
  return res.body.items as Alert[];
};
const told = (username: string, alertId: string) =>
  t.database.db
    .select({ titleVi: notifications.titleVi })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, ids.get(username)!),
        eq(notifications.kind, 'permission.changed'),
        eq(notifications.dedupeKey, `permission-alert:${alertId}`),
      ),
    );

describe('permission alerts', () => {
  it('a role granted and revoked by the administrator is listed to the head until confirmed; confirming is audited', async () => {
    const admin = await as('qn.admin');
    const granted = await admin.post(`/api/admin/users/${ids.get('snv.cv.tcbc')}/roles`, {
      role: 'TRUONG_PHONG',
      organisationId: 'qn-snv',
      unitId: 'snv-tcbc',
    });
    expect(granted.status).toBe(201);

    const open = await alertsOf('snv.gd');
    expect(open.map((a) => [a.kind, a.subjectUserId, a.changedBy, a.data.role])).toEqual([
      ['ROLE_GRANTED', ids.get('snv.cv.tcbc'), ids.get('qn.admin'), 'TRUONG_PHONG'],
    ]);
    const alert = open[0];
    expect((await told('snv.gd', alert.id)).map((n) => n.titleVi)).toEqual([expect.stringContaining('cấp vai trò')]);

    // Not a confirmer: sees nothing, confirms nothing.
    expect(await alertsOf('snv.cv.tcbc')).toEqual([]);
    expect((await (await as('snv.tp.tcbc')).post(`/api/admin/permission-alerts/${alert.id}/confirm`, {})).status).toBe(404);
    // Another organisation's head neither.
    expect((await alertsOf('stc.gd')).map((a) => a.id)).not.toContain(alert.id);

    const confirmed = await (
      await as('snv.gd')
    ).post(`/api/admin/permission-alerts/${alert.id}/confirm`, { note: 'Đúng quyết định bổ nhiệm' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).not.toBeNull();
    expect(confirmed.body.confirmNote).toBe('Đúng quyết định bổ nhiệm');
    const again = await (await as('snv.gd')).post(`/api/admin/permission-alerts/${alert.id}/confirm`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('permission_alert.confirmed');
    expect(again.body.title).toMatch(/xác nhận/);
    expect(await alertsOf('snv.gd')).toEqual([]);
    expect((await alertsOf('snv.gd', true)).map((a) => a.id)).toEqual([alert.id]);

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'permission_alert'), eq(auditEvents.entityId, alert.id)))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([['permission_alert.confirm', ids.get('snv.gd')]]);

    // The revocation is a change too.
    const revoked = await admin.delete(`/api/admin/users/${ids.get('snv.cv.tcbc')}/roles/${granted.body.id}`);
    expect(revoked.status).toBe(204);
    expect((await alertsOf('snv.gd')).map((a) => [a.kind, a.data.role])).toEqual([['ROLE_REVOKED', 'TRUONG_PHONG']]);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('a delegation is listed to the head, who cannot confirm the one he gave himself', async () => {
    const gd = await as('snv.gd');
    const before = (await alertsOf('snv.gd')).length;
    const d = await gd.post('/api/delegations', {
      deputyId: ids.get('snv.tp.tcbc'),
      fromDate: today,
      toDate: addDays(today, 7),
      canSign: false,
    });
    expect(d.status).toBe(201);
    const list = await alertsOf('snv.gd');
    expect(list.length).toBe(before + 1);
    const alert = list.find((a) => a.kind === 'DELEGATION_CREATED')!;
    expect(alert.subjectUserId).toBe(ids.get('snv.tp.tcbc'));
    // Whoever made the change is not told about it.
    expect(await told('snv.gd', alert.id)).toEqual([]);
    const own = await gd.post(`/api/admin/permission-alerts/${alert.id}/confirm`, {});
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('permission_alert.own_change');
    expect((await gd.post(`/api/delegations/${d.body.id}/revoke`)).status).toBe(204);
    expect((await alertsOf('snv.gd')).map((a) => a.kind)).toContain('DELEGATION_REVOKED');
  });

  it('access to a secret document goes to the configured confirmer instead of the head', async () => {
    const [doc] = await t.database.db
      .insert(incomingDocuments)
      .values({
        organisationId: 'qn-stc',
        status: 'REGISTERED',
        channel: 'PAPER',
        secrecy: 'MAT',
        issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
        number: '77',
        symbol: 'UBND-KT',
        issueDate: today,
        documentType: 'Công văn',
        subject: 'Tài liệu mật về ngân sách',
        registerId: 'qn-stc-den',
        arrivalYear: Number(today.slice(0, 4)),
        arrivalNumber: 1,
        registeredAt: new Date(),
        registeredBy: ids.get('stc.vanthu')!,
        createdBy: ids.get('stc.vanthu')!,
      })
      .returning();
    await t.database.db.insert(incomingAccessGrants).values({ documentId: doc.id, userId: ids.get('stc.vanthu')! });
    expect((await (await as('stc.vanthu')).post(`/api/incoming/${doc.id}/access`, { userId: ids.get('stc.tp.qlns') })).status).toBe(204);
    const list = await alertsOf('stc.pgd');
    expect(list.map((a) => [a.kind, a.subjectUserId, a.data.documentId])).toEqual([
      ['SECRET_ACCESS_GRANTED', ids.get('stc.tp.qlns'), doc.id],
    ]);
    expect(await told('stc.pgd', list[0].id)).toHaveLength(1);
    expect(await alertsOf('stc.gd')).toEqual([]);
    // Granting the same person again changes nothing and raises nothing.
    expect((await (await as('stc.vanthu')).post(`/api/incoming/${doc.id}/access`, { userId: ids.get('stc.tp.qlns') })).status).toBe(204);
    expect(await alertsOf('stc.pgd')).toHaveLength(1);
    expect((await (await as('stc.pgd')).post(`/api/admin/permission-alerts/${list[0].id}/confirm`, {})).status).toBe(200);
  });
});
