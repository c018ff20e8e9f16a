import crypto from 'node:crypto';
import { and, asc, eq, ilike, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import type { Actor, RoleGrantView } from '../auth/context';
import { hashPassword, verifyPassword } from '../auth/password';
import { sessions } from '../auth/schema';
import { auditActor, recordAudit } from '../audit/service';
import { forbidden, notFound } from '../http/problem';
import { organisations, units } from '../organisations/schema';
import { requireOpenOrganisation, requireOrganisation, subtreeIds } from '../organisations/service';
import type { PermissionAlerts } from '../permission-alerts/service';
import type { Role } from './roles';
import { roleGrants, users } from './schema';
import { problem } from '../http/problems';

/** Clerks (văn thư) who issue for an organisation: its own, and those of the office that serves it. */
export async function clerksOf(db: Db | Tx, organisationId: string): Promise<string[]> {
  const offices = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.parentId, organisationId), eq(organisations.kind, 'OFFICE')));
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(roleGrants.role, 'VAN_THU'),
        inArray(roleGrants.organisationId, [organisationId, ...offices.map((o) => o.id)]),
        isNull(users.disabledAt),
      ),
    );
  return rows.map((r) => r.id);
}

/** A role grant as the API shows it, read with its organisation's and unit's names (also by auth's session lookup). */
export const roleGrantColumns = {
  id: roleGrants.id,
  role: roleGrants.role,
  organisationId: roleGrants.organisationId,
  organisationName: organisations.name,
  unitId: roleGrants.unitId,
  unitName: units.name,
};

export async function roleGrantsOf(db: Db, userIds: string[]): Promise<Map<string, RoleGrantView[]>> {
  const result = new Map<string, RoleGrantView[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .select({ ...roleGrantColumns, userId: roleGrants.userId })
    .from(roleGrants)
    .innerJoin(organisations, eq(organisations.id, roleGrants.organisationId))
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(inArray(roleGrants.userId, userIds))
    .orderBy(asc(roleGrants.createdAt));
  for (const { userId, ...grant } of rows) {
    const list = result.get(userId) ?? [];
    list.push(grant);
    result.set(userId, list);
  }
  return result;
}

const userColumns = {
  id: users.id,
  username: users.username,
  fullName: users.fullName,
  position: users.position,
  organisationId: users.organisationId,
  organisationName: organisations.name,
  organisationShortName: organisations.shortName,
  unitId: users.unitId,
  unitName: units.name,
  email: users.email,
  phone: users.phone,
  disabledAt: users.disabledAt,
  mustChangePassword: users.mustChangePassword,
  createdAt: users.createdAt,
};

async function selectUsers(db: Db, where: SQL | undefined) {
  const rows = await db
    .select(userColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(where)
    .orderBy(asc(organisations.name), asc(users.username));
  const grants = await roleGrantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    fullName: r.fullName,
    position: r.position,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    organisationShortName: r.organisationShortName,
    unitId: r.unitId,
    unitName: r.unitName,
    email: r.email,
    phone: r.phone,
    disabled: r.disabledAt !== null,
    mustChangePassword: r.mustChangePassword,
    roles: grants.get(r.id) ?? [],
    createdAt: r.createdAt.toISOString(),
  }));
}

export type UserView = Awaited<ReturnType<typeof selectUsers>>[number];

export async function getMe(db: Db, userId: string) {
  const [u] = await selectUsers(db, eq(users.id, userId));
  if (!u) throw notFound('User', 'người dùng');
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    position: u.position,
    organisation: { id: u.organisationId, name: u.organisationName, shortName: u.organisationShortName },
    unit: u.unitId ? { id: u.unitId, name: u.unitName ?? '' } : null,
    email: u.email,
    phone: u.phone,
    roles: u.roles,
    isAdmin: u.roles.some((g) => g.role === 'QUAN_TRI'),
    mustChangePassword: u.mustChangePassword,
  };
}

/** Organisations an administrator manages: those where they hold QUAN_TRI, and everything below them. */
export async function managedOrganisations(db: Db, actor: Actor): Promise<Set<string>> {
  return subtreeIds(
    db,
    actor.roles.filter((g) => g.role === 'QUAN_TRI').map((g) => g.organisationId),
  );
}

export async function assertManages(db: Db, actor: Actor, organisationId: string) {
  if (!(await managedOrganisations(db, actor)).has(organisationId)) {
    throw forbidden(`You do not administer organisation ${organisationId}`);
  }
}

export async function listUsers(db: Db, actor: Actor, filter: { organisationId?: string; q?: string }) {
  const managed = [...(await managedOrganisations(db, actor))];
  if (filter.organisationId && !managed.includes(filter.organisationId)) return [];
  const conditions: SQL[] = [inArray(users.organisationId, filter.organisationId ? [filter.organisationId] : managed)];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.username, like), ilike(users.fullName, like), ilike(users.position, like))!);
  }
  return selectUsers(db, and(...conditions));
}

/**
 * An administrator acts on an account only when they manage the account's organisation and every organisation
 * where it holds a role: otherwise the administrator of a child organisation could reset the password of (and so
 * become) a province administrator whose account happens to sit in that child organisation.
 */
async function assertManagesUser(db: Db, actor: Actor, target: { id: string; organisationId: string }) {
  const managed = await managedOrganisations(db, actor);
  const held = await db.select({ organisationId: roleGrants.organisationId }).from(roleGrants).where(eq(roleGrants.userId, target.id));
  const outside = [target.organisationId, ...held.map((g) => g.organisationId)].find((id) => !managed.has(id));
  if (outside) throw forbidden(`You do not administer organisation ${outside}, where this user belongs or holds a role`);
}

async function requireUser(db: Db, id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound(`User ${id}`, 'người dùng');
  return u;
}

/** A unit, when given, must belong to the organisation. */
async function assertUnitInOrganisation(db: Db, organisationId: string, unitId: string | null | undefined, path: string) {
  if (!unitId) return;
  const [u] = await db.select().from(units).where(eq(units.id, unitId));
  if (!u || u.organisationId !== organisationId) {
    throw problem(
      'validation#unit_does_not_belong',
      { unitId, organisationId },
      { errors: [{ path, message: 'unit does not belong to the organisation' }] },
    );
  }
}

export interface RoleGrantInput {
  role: Role;
  organisationId: string;
  unitId?: string | null;
}

export interface NewUser {
  username: string;
  fullName: string;
  position: string;
  organisationId: string;
  unitId?: string | null;
  password: string;
  email?: string;
  phone?: string;
  roles?: RoleGrantInput[];
}

export async function createUser(db: Db, actor: Actor, input: NewUser, alerts: PermissionAlerts): Promise<UserView> {
  await requireOpenOrganisation(db, input.organisationId);
  await assertManages(db, actor, input.organisationId);
  await assertUnitInOrganisation(db, input.organisationId, input.unitId, 'unitId');
  for (const [i, g] of (input.roles ?? []).entries()) {
    await requireOrganisation(db, g.organisationId);
    await assertManages(db, actor, g.organisationId);
    await assertUnitInOrganisation(db, g.organisationId, g.unitId, `roles.${i}.unitId`);
  }
  const passwordHash = await hashPassword(input.password);
  let raised: string[] = [];
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        username: input.username.toLowerCase(),
        fullName: input.fullName,
        position: input.position,
        organisationId: input.organisationId,
        unitId: input.unitId ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        passwordHash,
        // The administrator chose this password: the user replaces it at first login.
        mustChangePassword: true,
      })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id });
    if (!created) {
      throw problem('user.username_taken', { username: input.username }, { errors: [{ path: 'username', message: 'already taken' }] });
    }
    if (input.roles?.length) {
      await tx
        .insert(roleGrants)
        .values(input.roles.map((g) => ({ userId: created.id, role: g.role, organisationId: g.organisationId, unitId: g.unitId ?? null })))
        .onConflictDoNothing();
    }
    raised = await alerts.raise(
      tx,
      actor,
      (input.roles ?? []).map((g) => ({
        organisationId: g.organisationId,
        kind: 'ROLE_GRANTED' as const,
        subjectUserId: created.id,
        data: { role: g.role, unitId: g.unitId ?? null, newAccount: true },
      })),
    );
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      data: { username: input.username.toLowerCase(), organisationId: input.organisationId, roles: input.roles ?? [] },
    });
    return created.id;
  });
  await alerts.notify(db, raised);
  const [view] = await selectUsers(db, eq(users.id, id));
  return view;
}

export async function setUserDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<UserView> {
  const target = await requireUser(db, userId);
  await assertManagesUser(db, actor, target);
  if (disabled && userId === actor.userId) {
    throw problem('user.cannot_disable_self');
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(users.id, userId));
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: userId,
    });
  });
  const [view] = await selectUsers(db, eq(users.id, userId));
  return view;
}

export async function grantRole(
  db: Db,
  actor: Actor,
  userId: string,
  grant: RoleGrantInput,
  alerts: PermissionAlerts,
): Promise<RoleGrantView> {
  const target = await requireUser(db, userId);
  await assertManagesUser(db, actor, target);
  await requireOrganisation(db, grant.organisationId);
  await assertManages(db, actor, grant.organisationId);
  await assertUnitInOrganisation(db, grant.organisationId, grant.unitId, 'unitId');
  let raised: string[] = [];
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(roleGrants)
      .values({ userId, role: grant.role, organisationId: grant.organisationId, unitId: grant.unitId ?? null })
      .onConflictDoNothing()
      .returning({ id: roleGrants.id });
    if (!created) {
      throw problem('role.already_granted');
    }
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'role.grant',
      entityType: 'user',
      entityId: userId,
      data: grant,
    });
    raised = await alerts.raise(tx, actor, [
      {
        organisationId: grant.organisationId,
        kind: 'ROLE_GRANTED',
        subjectUserId: userId,
        data: { role: grant.role, unitId: grant.unitId ?? null },
      },
    ]);
    return created.id;
  });
  await alerts.notify(db, raised);
  const grants = (await roleGrantsOf(db, [userId])).get(userId) ?? [];
  return grants.find((g) => g.id === id)!;
}

export async function revokeRole(db: Db, actor: Actor, userId: string, grantId: string, alerts: PermissionAlerts): Promise<void> {
  const target = await requireUser(db, userId);
  await assertManagesUser(db, actor, target);
  const [grant] = await db
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId)));
  if (!grant) throw notFound(`Role grant ${grantId}`, 'vai trò');
  if (grant.role === 'QUAN_TRI' && userId === actor.userId) {
    throw problem('role.cannot_revoke_own_admin');
  }
  const raised = await db.transaction(async (tx) => {
    await tx.delete(roleGrants).where(eq(roleGrants.id, grantId));
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'role.revoke',
      entityType: 'user',
      entityId: userId,
      data: { role: grant.role, organisationId: grant.organisationId, unitId: grant.unitId },
    });
    return alerts.raise(tx, actor, [
      {
        organisationId: grant.organisationId,
        kind: 'ROLE_REVOKED',
        subjectUserId: userId,
        data: { role: grant.role, unitId: grant.unitId },
      },
    ]);
  });
  await alerts.notify(db, raised);
}

export interface UserChanges {
  fullName?: string;
  position?: string;
  unitId?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** Name, position, unit (of the user's own organisation), e-mail and phone; the username and organisation stay. */
export async function updateUser(db: Db, actor: Actor, userId: string, changes: UserChanges): Promise<UserView> {
  const target = await requireUser(db, userId);
  await assertManagesUser(db, actor, target);
  await assertUnitInOrganisation(db, target.organisationId, changes.unitId, 'unitId');
  await db.transaction(async (tx) => {
    await tx.update(users).set(changes).where(eq(users.id, userId));
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, target[k as keyof UserChanges]]));
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'user.update',
      entityType: 'user',
      entityId: userId,
      data: { before, after: changes },
    });
  });
  const [view] = await selectUsers(db, eq(users.id, userId));
  return view;
}

/** A temporary password: 12 characters without look-alikes (0/O, 1/l/I), easy to read out over the phone. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Đặt lại mật khẩu: the administrator gives (or lets the system make) a temporary password; the user's
 * sessions end and the next login must replace it. The password itself is never logged or audited.
 */
export async function resetPassword(db: Db, actor: Actor, userId: string, password = temporaryPassword()) {
  const target = await requireUser(db, userId);
  await assertManagesUser(db, actor, target);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, { ...auditActor(actor, 'QUAN_TRI'), action: 'user.reset_password', entityType: 'user', entityId: userId });
  });
  return { temporaryPassword: password };
}

/**
 * The user's own change (đổi mật khẩu): the current password proves it is them; the new one must differ.
 * Clears a forced change; the user's other sessions end, this one stays.
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  sessionTokenHash: string,
  input: { currentPassword: string; newPassword: string },
) {
  const me = await requireUser(db, actor.userId);
  if (!(await verifyPassword(input.currentPassword, me.passwordHash))) {
    throw problem('auth.wrong_password', {}, { errors: [{ path: 'currentPassword', message: 'wrong password' }] });
  }
  if (input.newPassword === input.currentPassword) {
    throw problem('auth.password_unchanged', {}, { errors: [{ path: 'newPassword', message: 'same as the current password' }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date() })
      .where(eq(users.id, actor.userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, actor.userId), ne(sessions.tokenHash, sessionTokenHash)));
    await recordAudit(tx, {
      actorId: actor.userId,
      actorRole: null,
      requestId: actor.requestId,
      ip: actor.ip,
      action: 'user.change_password',
      entityType: 'user',
      entityId: actor.userId,
      data: { forced: me.mustChangePassword },
    });
  });
  return getMe(db, actor.userId);
}
