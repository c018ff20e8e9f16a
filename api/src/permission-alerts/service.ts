import { and, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { notFound } from '../http/problem';
import type { Notifier } from '../notifications/notifier';
import { roleGrants, users } from '../users/schema';
import { permissionAlerts, type permissionChangeKinds } from './schema';
import { problem } from '../http/problems';

export type PermissionChangeKind = (typeof permissionChangeKinds)[number];
export interface PermissionChange {
  organisationId: string;
  kind: PermissionChangeKind;
  subjectUserId: string;
  data: Record<string, unknown>;
}

const kindVi: Record<PermissionChangeKind, string> = {
  ROLE_GRANTED: 'cấp vai trò',
  ROLE_REVOKED: 'thu hồi vai trò',
  SECRET_ACCESS_GRANTED: 'cấp quyền xem văn bản mật',
  DELEGATION_CREATED: 'ủy quyền',
  DELEGATION_REVOKED: 'thu hồi ủy quyền',
};
const kindEn: Record<PermissionChangeKind, string> = {
  ROLE_GRANTED: 'role granted',
  ROLE_REVOKED: 'role revoked',
  SECRET_ACCESS_GRANTED: 'access to a secret document granted',
  DELEGATION_CREATED: 'delegation given',
  DELEGATION_REVOKED: 'delegation revoked',
};

/** `ORG=username,ORG=username` (PERMISSION_ALERT_CONFIRMERS) as organisation → usernames. */
export function parseConfirmers(spec: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [org, username] = part.split('=').map((s) => s.trim());
    if (!org || !username) throw new Error(`PERMISSION_ALERT_CONFIRMERS: "${part}" is not ORGANISATION_ID=username`);
    out.set(org, [...(out.get(org) ?? []), username.toLowerCase()]);
  }
  return out;
}

/**
 * Cảnh báo thay đổi quyền: services raise an alert in the transaction of the change (so the alert exists exactly
 * when the change does) and tell the confirmers after it committed.
 */
export class PermissionAlerts {
  constructor(
    private readonly notifier: Notifier,
    private readonly configured: Map<string, string[]>,
  ) {}

  async raise(tx: Tx, actor: Actor, changes: PermissionChange[]): Promise<string[]> {
    if (!changes.length) return [];
    const rows = await tx
      .insert(permissionAlerts)
      .values(changes.map((c) => ({ ...c, changedBy: actor.userId })))
      .returning({ id: permissionAlerts.id });
    return rows.map((r) => r.id);
  }

  /** The organisation's confirmers: its configured ones, else its heads (lãnh đạo cơ quan); active accounts only. */
  async confirmersOf(db: Db | Tx, organisationId: string): Promise<string[]> {
    const named = this.configured.get(organisationId);
    const rows = named
      ? await db
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.username, named), isNull(users.disabledAt)))
      : await db
          .select({ id: users.id })
          .from(roleGrants)
          .innerJoin(users, eq(users.id, roleGrants.userId))
          .where(and(eq(roleGrants.organisationId, organisationId), eq(roleGrants.role, 'LANH_DAO_CO_QUAN'), isNull(users.disabledAt)));
    return [...new Set(rows.map((r) => r.id))];
  }

  /** After the change committed: every confirmer of the organisation is told (not the one who made the change). */
  async notify(db: Db, alertIds: string[]) {
    if (!alertIds.length) return;
    const alerts = await db
      .select({ a: permissionAlerts, subjectName: users.fullName })
      .from(permissionAlerts)
      .innerJoin(users, eq(users.id, permissionAlerts.subjectUserId))
      .where(inArray(permissionAlerts.id, alertIds));
    for (const { a, subjectName } of alerts) {
      const to = (await this.confirmersOf(db, a.organisationId)).filter((u) => u !== a.changedBy);
      await this.notifier.send(
        to.map((userId) => ({
          userId,
          kind: 'permission.changed',
          titleVi: `Thay đổi quyền cần xác nhận: ${kindVi[a.kind]} — ${subjectName}`,
          titleEn: `Permission change to confirm: ${kindEn[a.kind]} — ${subjectName}`,
          link: '/permission-alerts',
          data: { alertId: a.id },
          dedupeKey: `permission-alert:${a.id}`,
        })),
      );
    }
  }

  /** Alerts of the organisations the actor confirms for: unconfirmed ones, or (all) the confirmed too, newest first. */
  async list(db: Db, actor: Actor, opts: { all?: boolean }) {
    const orgs = [...new Set(actor.roles.map((g) => g.organisationId))];
    const mine: string[] = [];
    for (const o of [...new Set([...orgs, ...this.configured.keys()])])
      if ((await this.confirmersOf(db, o)).includes(actor.userId)) mine.push(o);
    if (!mine.length) return { items: [] };
    return {
      items: await this.rows(
        db,
        and(inArray(permissionAlerts.organisationId, mine), opts.all ? undefined : isNull(permissionAlerts.confirmedAt)),
      ),
    };
  }

  /** Alerts matching `where` with the names of their subject, changer and confirmer, newest first. */
  private async rows(db: Db, where: SQL | undefined) {
    const subject = alias(users, 'subject');
    const changer = alias(users, 'changer');
    const confirmer = alias(users, 'confirmer');
    const rows = await db
      .select({ a: permissionAlerts, subjectName: subject.fullName, changedByName: changer.fullName, confirmedByName: confirmer.fullName })
      .from(permissionAlerts)
      .innerJoin(subject, eq(subject.id, permissionAlerts.subjectUserId))
      .innerJoin(changer, eq(changer.id, permissionAlerts.changedBy))
      .leftJoin(confirmer, eq(confirmer.id, permissionAlerts.confirmedBy))
      .where(where)
      .orderBy(desc(permissionAlerts.changedAt))
      .limit(500);
    return rows.map(({ a, subjectName, changedByName, confirmedByName }) => ({
      id: a.id,
      organisationId: a.organisationId,
      kind: a.kind,
      subjectUserId: a.subjectUserId,
      subjectName,
      changedBy: a.changedBy,
      changedByName,
      changedAt: a.changedAt.toISOString(),
      data: a.data as Record<string, unknown>,
      confirmedAt: a.confirmedAt?.toISOString() ?? null,
      confirmedByName,
      confirmNote: a.confirmNote,
    }));
  }

  /** A confirmer acknowledges the change; audited. Nobody confirms a change they made or that concerns them. */
  async confirm(db: Db, actor: Actor, id: string, note: string | undefined) {
    await db.transaction(async (tx) => {
      const [a] = await tx.select().from(permissionAlerts).where(eq(permissionAlerts.id, id)).for('update');
      if (!a || !(await this.confirmersOf(tx, a.organisationId)).includes(actor.userId))
        throw notFound(`Permission alert ${id}`, 'cảnh báo thay đổi quyền');
      if (a.confirmedAt) throw problem('permission_alert.confirmed', { id, confirmedAt: a.confirmedAt.toISOString() });
      if (a.changedBy === actor.userId || a.subjectUserId === actor.userId) {
        throw problem('permission_alert.own_change');
      }
      await tx
        .update(permissionAlerts)
        .set({ confirmedAt: new Date(), confirmedBy: actor.userId, confirmNote: note ?? null })
        .where(eq(permissionAlerts.id, id));
      const role = actor.roles.find((g) => g.organisationId === a.organisationId)?.role ?? 'LANH_DAO_CO_QUAN';
      await recordAudit(tx, {
        ...auditActor(actor, role),
        action: 'permission_alert.confirm',
        entityType: 'permission_alert',
        entityId: id,
        data: { kind: a.kind, subjectUserId: a.subjectUserId, note: note ?? null },
      });
    });
    return (await this.rows(db, eq(permissionAlerts.id, id)))[0]!;
  }
}
