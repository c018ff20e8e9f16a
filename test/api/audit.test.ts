import { asc, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../api/src/audit/schema';
import { entryHash } from '../../api/src/audit/chain';
import { AUDIT_CHAINS, auditChains, chainOf, recordAudit, setAuditChains } from '../../api/src/audit/service';
import { loadConfig } from '../../api/src/config';
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
    // Concurrent appends of one person still form one chain.
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
    expect(report.body).toEqual({ ok: true, checked: 13, chains: 1 });
    expect(new Set(all.map((e) => e.chain))).toEqual(
      new Set([chainOf({ actorId: all[0].actorId, action: '', entityType: '', entityId: '' })]),
    );
  });

  it('lets two people append at once to chains of their own, and keeps a transaction to the chain it began in', async () => {
    const entry = (actorId: string | null, entityId = 'x') => ({ actorId, action: 'probe', entityType: 'probe', entityId });
    const a = 'probe-actor-a';
    const b = Array.from({ length: 50 }, (_, i) => `probe-actor-b${i}`).find((id) => chainOf(entry(id)) !== chainOf(entry(a)))!;
    const db = t.database.db;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const inside = new Promise<void>((r) => (appended = r));
    // A's transaction appends, then stays open holding its chain's lock.
    const open = db.transaction(async (tx) => {
      await recordAudit(tx, entry(a, 'first'));
      // The system's entry for another entity, in the same transaction: A's chain, not a second lock.
      await recordAudit(tx, entry(null, 'another-entity'));
      appended();
      await held;
    });
    await inside;
    // B appends and commits meanwhile; a second entry of A waits for A's transaction.
    await recordAudit(db, entry(b));
    let secondOfA = false;
    const waiting = recordAudit(db, entry(a, 'second')).then(() => (secondOfA = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondOfA).toBe(false);
    release();
    await Promise.all([open, waiting]);
    const probes = await db.select().from(auditEvents).where(eq(auditEvents.action, 'probe')).orderBy(asc(auditEvents.id));
    expect(probes.map((p) => [p.actorId, p.entityId, p.chain])).toEqual([
      [a, 'first', chainOf(entry(a))],
      [null, 'another-entity', chainOf(entry(a))],
      [b, 'x', chainOf(entry(b))],
      [a, 'second', chainOf(entry(a))],
    ]);
    expect(probes[3].prevHash).toBe(probes[1].hash);
    expect((await admin.get('/api/admin/audit/verify')).body).toEqual({ ok: true, checked: 17, chains: 3 });
  });

  it('notices an entry moved to another chain', async () => {
    const [moved] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.entityId, 'second'));
    const other = (moved.chain % AUDIT_CHAINS) + 1;
    await t.database.db.update(auditEvents).set({ chain: other }).where(eq(auditEvents.id, moved.id));
    expect((await admin.get('/api/admin/audit/verify')).body).toMatchObject({ ok: false, firstBroken: { id: moved.id } });
    await t.database.db.update(auditEvents).set({ chain: moved.chain }).where(eq(auditEvents.id, moved.id));
    expect((await admin.get('/api/admin/audit/verify')).body.ok).toBe(true);
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

  it('still verifies the entries an installation wrote while the log was one chain (chain 0, hashed without it)', async () => {
    const db = t.database.db;
    await db.delete(auditEvents);
    let prevHash: string | null = null;
    for (let id = 1; id <= 3; id++) {
      const fields = {
        id,
        at: new Date(),
        actorId: null,
        actorRole: null,
        action: 'old',
        entityType: 'probe',
        entityId: `${id}`,
        data: null,
        requestId: null,
        ip: null,
        prevHash,
      };
      const hash = entryHash(fields);
      await db.insert(auditEvents).values({ ...fields, hash });
      prevHash = hash;
    }
    await db.execute(sql`select setval('audit_events_id_seq', 3)`);
    await recordAudit(db, { actorId: 'someone', action: 'new', entityType: 'probe', entityId: '4' });
    expect((await admin.get('/api/admin/audit/verify')).body).toEqual({ ok: true, checked: 4, chains: 2 });
  });

  it('with AUDIT_CHAINS=1 writes every entry to one chain (the reference of `npm run bench:writes`), which verifies with the others', async () => {
    expect(loadConfig({}).AUDIT_CHAINS).toBe(AUDIT_CHAINS);
    expect(loadConfig({ AUDIT_CHAINS: '1' }).AUDIT_CHAINS).toBe(1);
    expect(() => loadConfig({ AUDIT_CHAINS: '0' })).toThrow(/AUDIT_CHAINS/);
    const entry = (actorId: string) => ({ actorId, action: 'probe-one-chain', entityType: 'probe', entityId: actorId });
    const actors = Array.from({ length: 8 }, (_, i) => `one-chain-actor-${i}`);
    expect(new Set(actors.map((a) => chainOf(entry(a)))).size).toBeGreaterThan(1);
    setAuditChains(1);
    try {
      expect(auditChains()).toBe(1);
      await Promise.all(actors.map((a) => recordAudit(t.database.db, entry(a))));
    } finally {
      setAuditChains(AUDIT_CHAINS);
    }
    const written = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'probe-one-chain'))
      .orderBy(asc(auditEvents.id));
    expect(written.map((e) => e.chain)).toEqual(Array(actors.length).fill(1));
    // One after the other, each linked to the entry before it.
    for (let i = 1; i < written.length; i++) expect(written[i].prevHash).toBe(written[i - 1].hash);
    expect((await admin.get('/api/admin/audit/verify')).body.ok).toBe(true);
  });

  it('is for administrators only', async () => {
    const clerk = await loggedIn(t.app, 'qn.vanthu');
    expect((await clerk.get('/api/admin/audit/verify')).status).toBe(403);
  });
});
