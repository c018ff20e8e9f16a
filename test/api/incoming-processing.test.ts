import { eq, sql } from 'drizzle-orm';
import { verifyAuditChain } from '../../api/src/audit/service';
import { shiftWorkingDays, addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import { loadCalendar } from '../../api/src/calendar/service';
import { incomingAccessGrants } from '../../api/src/incoming/processing-schema';
import { sendDeadlineReminders } from '../../api/src/incoming/reminders';
import { incomingDocuments } from '../../api/src/incoming/schema';
import { notifications } from '../../api/src/notifications/schema';
import { Notifier } from '../../api/src/notifications/notifier';
import { createRedis } from '../../api/src/redis/connection';
import { users } from '../../api/src/users/schema';
import { loggedIn, REDIS_URL, startTestApp, type TestApp } from '../support/harness';

let t: TestApp;
const redis = createRedis(REDIS_URL);
const ids = new Map<string, string>();
let arrival = 0;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) ids.set(u.username, u.id);
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
});

const today = todayInVietnam();
const inDays = (n: number) => addDays(today, n);
const as = (username: string) => loggedIn(t.app, username);

/** A document already registered by the clerk of Sở Tài chính (intake and registration are tested elsewhere). */
async function registeredDocument(over: Partial<typeof incomingDocuments.$inferInsert> = {}) {
  arrival += 1;
  const [doc] = await t.database.db
    .insert(incomingDocuments)
    .values({
      organisationId: 'qn-stc',
      status: 'REGISTERED',
      channel: 'PAPER',
      issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
      number: String(40 + arrival),
      symbol: 'UBND-KT',
      issueDate: today,
      documentType: 'Công văn',
      subject: `V/v lập dự toán ngân sách ${arrival}`,
      registerId: 'qn-stc-den',
      arrivalYear: Number(today.slice(0, 4)),
      arrivalNumber: arrival,
      registeredAt: new Date(),
      registeredBy: ids.get('stc.vanthu')!,
      createdBy: ids.get('stc.vanthu')!,
      ...over,
    })
    .returning();
  return doc;
}

const notificationsOf = (username: string, kind: string) =>
  t.database.db.$count(notifications, sql`${notifications.userId} = ${ids.get(username)} and ${notifications.kind} = ${kind}`);

const actions = (doc: { allowedActions: { action: string }[] }) => doc.allowedActions.map((a) => a.action);

describe('routing and processing an incoming document', () => {
  it('goes registered → submitted → assigned → in progress → completed, each step by the right person', async () => {
    const doc = await registeredDocument();
    const clerk = await as('stc.vanthu');
    const leader = await as('stc.gd');
    const head = await as('stc.tp.qlns');
    const specialist = await as('stc.cv.qlns');
    const informed = await as('stc.pgd');

    // A specialist not (yet) assigned cannot even see it: 404, as for an id that does not exist.
    expect((await specialist.get(`/api/incoming/${doc.id}`)).status).toBe(404);
    expect((await specialist.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') })).status).toBe(404);

    const options = (await clerk.get(`/api/incoming/${doc.id}/routing-options`)).body;
    expect(options.leaders.map((l: { id: string }) => l.id).sort()).toEqual([ids.get('stc.gd'), ids.get('stc.pgd')].sort());
    expect(options.units.find((u: { id: string }) => u.id === 'stc-qlns').heads[0].fullName).toBe('Trịnh Văn Nam');
    expect(actions((await clerk.get(`/api/incoming/${doc.id}`)).body)).toContain('submit');

    expect((await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.cv.qlns') })).status).toBe(422);
    expect((await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd'), note: 'Kính trình Giám đốc' })).status).toBe(
      204,
    );
    expect((await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') })).status).toBe(409);
    expect(await notificationsOf('stc.gd', 'incoming.submitted')).toBe(1);
    const awaiting = (await leader.get('/api/incoming/queue?tab=todo')).body;
    expect(awaiting.items).toEqual([expect.objectContaining({ documentId: doc.id, kind: 'AWAITING_DIRECTION' })]);

    // Only a leader directs handling.
    const direction = {
      lead: { unitId: 'stc-qlns' },
      cooperate: [{ unitId: 'stc-hcsn' }],
      inform: [{ userId: ids.get('stc.pgd') }],
      dueDate: inDays(5),
      instruction: 'Phòng QLNS chủ trì tham mưu, báo cáo trước hạn.',
    };
    expect((await clerk.post(`/api/incoming/${doc.id}/assign`, direction)).status).toBe(403);
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, { ...direction, dueDate: inDays(-1) })).status).toBe(422);
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, { ...direction, inform: [{ userId: ids.get('snv.gd') }] })).status).toBe(
      422,
    );
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, { ...direction, cooperate: [{ unitId: 'stc-qlns' }] })).status).toBe(422);
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, direction)).status).toBe(204);
    expect(await notificationsOf('stc.tp.qlns', 'incoming.assigned')).toBe(1);
    expect(await notificationsOf('stc.pgd', 'incoming.assigned')).toBe(1);

    // The unit head sees it as the unit's work and passes it to a specialist.
    const headQueue = (await head.get('/api/incoming/queue?tab=todo')).body;
    const unitLine = headQueue.items.find((i: { documentId: string }) => i.documentId === doc.id);
    expect(unitLine).toMatchObject({ role: 'CHU_TRI', dueDate: inDays(5), overdue: false });
    expect((await head.post(`/api/incoming/assignments/${unitLine.assignmentId}/delegate`, { userId: ids.get('qn.cv.vx1') })).status).toBe(
      422,
    );
    expect(
      (
        await head.post(`/api/incoming/assignments/${unitLine.assignmentId}/delegate`, {
          userId: ids.get('stc.cv.qlns'),
          dueDate: inDays(6),
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await head.post(`/api/incoming/assignments/${unitLine.assignmentId}/delegate`, {
          userId: ids.get('stc.cv.qlns'),
          dueDate: inDays(4),
          note: 'Đồng chí Ngọc xử lý',
        })
      ).status,
    ).toBe(204);

    // The specialist now sees it, starts and completes it; completing needs a result note.
    const mine = (await specialist.get('/api/incoming/queue?tab=todo')).body.items.find(
      (i: { documentId: string }) => i.documentId === doc.id,
    );
    expect(mine).toMatchObject({ role: 'CHU_TRI', dueDate: inDays(4) });
    const seen = (await specialist.get(`/api/incoming/${doc.id}`)).body;
    expect(actions(seen)).toEqual(expect.arrayContaining(['start', 'complete', 'comment']));
    expect(actions(seen)).not.toContain('assign');
    expect((await specialist.post(`/api/incoming/assignments/${mine.assignmentId}/start`)).status).toBe(204);
    expect((await specialist.get(`/api/incoming/${doc.id}`)).body.status).toBe('IN_PROGRESS');
    expect((await specialist.post(`/api/incoming/assignments/${mine.assignmentId}/complete`, { resultNote: '' })).status).toBe(422);
    expect((await informed.post(`/api/incoming/assignments/${mine.assignmentId}/complete`, { resultNote: 'x' })).status).toBe(403);
    expect(
      (
        await specialist.post(`/api/incoming/assignments/${mine.assignmentId}/complete`, {
          resultNote: 'Đã tham mưu Công văn số 42/STC-QLNS',
        })
      ).status,
    ).toBe(204);

    const done = (await clerk.get(`/api/incoming/${doc.id}`)).body;
    expect(done.status).toBe('COMPLETED');
    expect(
      done.assignments.filter((a: { role: string; status: string }) => a.role === 'CHU_TRI').map((a: { status: string }) => a.status),
    ).toEqual(['DONE', 'DONE']);
    expect(done.history.map((h: { action: string }) => h.action)).toEqual([
      'incoming.submit',
      'incoming.assign',
      'incoming.delegate',
      'incoming.start',
      'incoming.complete',
    ]);
    expect(done.history[1]).toMatchObject({ actorName: 'Bùi Văn Long', actorRole: 'LANH_DAO_CO_QUAN' });
    expect(await notificationsOf('stc.gd', 'incoming.completed')).toBe(1);
    expect(await notificationsOf('stc.vanthu', 'incoming.completed')).toBe(1);
    expect((await specialist.get('/api/incoming/queue?tab=done')).body.items.map((i: { documentId: string }) => i.documentId)).toContain(
      doc.id,
    );

    // The informed leader sees it under "for information" and marks it read.
    const info = (await informed.get('/api/incoming/queue?tab=info')).body;
    expect(info.counts.info).toBe(1);
    const infoLine = info.items.find((i: { documentId: string }) => i.documentId === doc.id);
    expect((await informed.post(`/api/incoming/assignments/${infoLine.assignmentId}/read`)).status).toBe(204);
    expect((await informed.get('/api/incoming/queue?tab=info')).body.counts.info).toBe(0);

    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('lets the leader return a document to the clerk, and re-assign only with a reason', async () => {
    const doc = await registeredDocument();
    const clerk = await as('stc.vanthu');
    const leader = await as('stc.gd');
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, { lead: { unitId: 'stc-qlns' } })).status).toBe(409);
    await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') });
    expect((await leader.post(`/api/incoming/${doc.id}/return`, { reason: 'Chuyển nhầm, trình Phó Giám đốc' })).status).toBe(204);
    expect((await clerk.get(`/api/incoming/${doc.id}`)).body.status).toBe('REGISTERED');
    expect(await notificationsOf('stc.vanthu', 'incoming.returned')).toBe(1);

    await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.pgd') });
    const deputy = await as('stc.pgd');
    expect(
      (await deputy.post(`/api/incoming/${doc.id}/assign`, { lead: { userId: ids.get('stc.cv.qlns') }, dueDate: inDays(3) })).status,
    ).toBe(204);
    expect((await deputy.post(`/api/incoming/${doc.id}/assign`, { lead: { unitId: 'stc-qlns' }, dueDate: inDays(7) })).status).toBe(422);
    expect(
      (
        await deputy.post(`/api/incoming/${doc.id}/assign`, {
          lead: { unitId: 'stc-qlns' },
          dueDate: inDays(7),
          reason: 'Giao lại cho phòng',
        })
      ).status,
    ).toBe(204);
    const view = (await clerk.get(`/api/incoming/${doc.id}`)).body;
    expect(view.assignments.map((a: { active: boolean; user: unknown; unit: unknown }) => [a.active, a.user !== null])).toEqual([
      [false, true],
      [true, false],
    ]);
    // The specialist's earlier personal line is gone from their queue.
    const specialist = await as('stc.cv.qlns');
    expect(
      (await specialist.get('/api/incoming/queue?tab=todo')).body.items.map((i: { documentId: string }) => i.documentId),
    ).not.toContain(doc.id);

    // The leader extends the unit's deadline with a reason; the unit head hears of it.
    const line = view.assignments.find((a: { active: boolean }) => a.active);
    expect(
      (await deputy.post(`/api/incoming/assignments/${line.id}/extend`, { dueDate: inDays(10), reason: 'Chờ số liệu của các huyện' }))
        .status,
    ).toBe(204);
    expect((await clerk.get(`/api/incoming/${doc.id}`)).body.dueDate).toBe(inDays(10));
    expect(await notificationsOf('stc.tp.qlns', 'incoming.deadline_changed')).toBe(1);
  });

  it('shows a secret document only to the people granted or assigned', async () => {
    const doc = await registeredDocument({ secrecy: 'MAT', subject: 'Tài liệu mật về ngân sách' });
    await t.database.db.insert(incomingAccessGrants).values({ documentId: doc.id, userId: ids.get('stc.vanthu')! });
    const clerk = await as('stc.vanthu');
    const leader = await as('stc.gd');
    const deputy = await as('stc.pgd');
    expect((await clerk.get(`/api/incoming/${doc.id}`)).status).toBe(200);
    expect((await leader.get(`/api/incoming/${doc.id}`)).status).toBe(404);
    await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') });
    expect((await leader.get(`/api/incoming/${doc.id}`)).status).toBe(200);
    expect((await deputy.get(`/api/incoming/${doc.id}`)).status).toBe(404);
    expect((await deputy.get(`/api/incoming/${doc.id}/routing-options`)).status).toBe(404);
    // Nobody can grant themselves in; the director can grant the deputy explicitly.
    expect((await deputy.post(`/api/incoming/${doc.id}/access`, { userId: ids.get('stc.pgd') })).status).toBe(404);
    expect((await leader.post(`/api/incoming/${doc.id}/access`, { userId: ids.get('snv.gd') })).status).toBe(422);
    expect((await leader.post(`/api/incoming/${doc.id}/access`, { userId: ids.get('stc.pgd') })).status).toBe(204);
    expect((await deputy.get(`/api/incoming/${doc.id}`)).status).toBe(200);
    expect((await deputy.get('/api/incoming?q=mật')).body.items.map((i: { id: string }) => i.id)).toEqual([doc.id]);
    const other = await registeredDocument({ secrecy: 'MAT', subject: 'Một tài liệu mật khác' });
    expect((await deputy.get(`/api/incoming/${other.id}`)).status).toBe(404);
    // An organisation's other clerk (guessing ids) and a stranger get the same 404.
    expect((await (await as('snv.vanthu')).get(`/api/incoming/${doc.id}`)).status).toBe(404);
    expect((await (await as('snv.vanthu')).get('/api/incoming/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('lets a cooperating unit post its input, and drops open cooperation from queues and reminders once the lead completes', async () => {
    const doc = await registeredDocument();
    const clerk = await as('stc.vanthu');
    const leader = await as('stc.gd');
    const head = await as('stc.tp.qlns');
    const specialist = await as('stc.cv.qlns');
    await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') });
    const cal = await loadCalendar(t.database.db, today, inDays(30));
    const due = shiftWorkingDays(today, 1, cal);
    expect(
      (
        await leader.post(`/api/incoming/${doc.id}/assign`, {
          lead: { userId: ids.get('stc.cv.qlns') },
          cooperate: [{ unitId: 'stc-qlns' }],
          dueDate: due,
        })
      ).status,
    ).toBe(204);
    const line = (await head.get('/api/incoming/queue?tab=todo')).body.items.find((i: { documentId: string }) => i.documentId === doc.id);
    expect(line.role).toBe('PHOI_HOP');
    expect((await head.post(`/api/incoming/assignments/${line.assignmentId}/complete`, { resultNote: 'x' })).status).toBe(409);
    const lead = (await specialist.get('/api/incoming/queue?tab=todo')).body.items.find(
      (i: { documentId: string }) => i.documentId === doc.id,
    );
    expect((await specialist.post(`/api/incoming/assignments/${lead.assignmentId}/input`, { note: 'x' })).status).toBe(409);
    expect(
      (
        await specialist.post(`/api/incoming/assignments/${lead.assignmentId}/complete`, {
          resultNote: 'Đã xử lý, không cần ý kiến phối hợp',
        })
      ).status,
    ).toBe(204);

    expect((await head.get('/api/incoming/queue?tab=todo')).body.items.map((i: { documentId: string }) => i.documentId)).not.toContain(
      doc.id,
    );
    const before = await notificationsOf('stc.tp.qlns', 'incoming.due_soon');
    await sendDeadlineReminders(t.database.db, new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX), today);
    expect(await notificationsOf('stc.tp.qlns', 'incoming.due_soon')).toBe(before);
    // Input can still be posted for the record.
    expect((await head.post(`/api/incoming/assignments/${line.assignmentId}/input`, { note: 'Phòng QLNS thống nhất' })).status).toBe(204);
    const view = (await clerk.get(`/api/incoming/${doc.id}`)).body;
    expect(view.assignments.find((a: { role: string }) => a.role === 'PHOI_HOP')).toMatchObject({
      status: 'DONE',
      resultNote: 'Phòng QLNS thống nhất',
    });
  });
});

describe('deadline reminders', () => {
  it('tells assignees one working day ahead and the assigner once overdue, once each however often it runs', async () => {
    const doc = await registeredDocument();
    const clerk = await as('stc.vanthu');
    const leader = await as('stc.gd');
    await clerk.post(`/api/incoming/${doc.id}/submit`, { leaderId: ids.get('stc.gd') });
    const cal = await loadCalendar(t.database.db, today, inDays(30));
    const due = shiftWorkingDays(today, 1, cal);
    expect((await leader.post(`/api/incoming/${doc.id}/assign`, { lead: { unitId: 'stc-qlns' }, dueDate: due })).status).toBe(204);

    const notifier = new Notifier(t.database.db, redis, t.config.QUEUE_PREFIX);
    const before = await notificationsOf('stc.tp.qlns', 'incoming.due_soon');
    await sendDeadlineReminders(t.database.db, notifier, today);
    await sendDeadlineReminders(t.database.db, notifier, today);
    expect(await notificationsOf('stc.tp.qlns', 'incoming.due_soon')).toBe(before + 1);
    // Dates in Vietnamese titles read dd/MM/yyyy, never as stored (issue 17).
    const titlesOf = async (kind: string) =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(sql`${notifications.userId} = ${ids.get('stc.tp.qlns')} and ${notifications.kind} = ${kind}`)
      ).map((n) => n.titleVi);
    const viDue = `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`;
    for (const kind of ['incoming.due_soon', 'incoming.assigned']) {
      const titles = await titlesOf(kind);
      expect(titles.filter((x) => x.includes(viDue)).length).toBeGreaterThanOrEqual(1);
      expect(titles.filter((x) => x.includes(due))).toEqual([]);
    }

    // The day after the deadline, the leader who assigned it hears it is overdue — once.
    const overdueBefore = await notificationsOf('stc.gd', 'incoming.overdue');
    await sendDeadlineReminders(t.database.db, notifier, addDays(due, 1));
    await sendDeadlineReminders(t.database.db, notifier, addDays(due, 2));
    expect(await notificationsOf('stc.gd', 'incoming.overdue')).toBe(overdueBefore + 1);
    const head = await as('stc.tp.qlns');
    await t.database.db
      .update(incomingDocuments)
      .set({ dueDate: inDays(-3) })
      .where(eq(incomingDocuments.id, doc.id));
    await t.database.db.execute(sql`update incoming_assignments set due_date = ${inDays(-3)} where document_id = ${doc.id}`);
    const overdue = (await head.get('/api/incoming/queue?tab=overdue')).body;
    expect(overdue.items[0]).toMatchObject({ documentId: doc.id, overdue: true });
  });
});
