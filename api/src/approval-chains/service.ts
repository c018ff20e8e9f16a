import type { PermissionAlerts } from '../permission-alerts/service';
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import { todayInVietnam } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { forbidden, notFound } from '../http/problem';
import { subtreeIds } from '../organisations/service';
import { units } from '../organisations/schema';
import { assertManages } from '../users/service';
import type { Role } from '../users/roles';
import { roleGrants, users } from '../users/schema';
import { approvalChainTemplates, approvalDelegations, type AfterReturn, type TemplateStep } from './schema';
import { problem, problems } from '../http/problems';

type TemplateRow = typeof approvalChainTemplates.$inferSelect;
export interface TemplateInput {
  organisationId: string;
  documentType: string | null;
  name: string;
  allowAddReviewers: boolean;
  steps: TemplateStep[];
  afterReturn: AfterReturn;
}

export interface StepWarning {
  step: number;
  code: string;
  title: string;
  detail: string;
}

/** The people who could take a step now; for an "author's unit" step, the holders of the role in any unit. */
async function eligibleNow(db: Db, organisationId: string, step: TemplateStep): Promise<string[]> {
  const a = step.assignees;
  if (a.kind === 'ROLE' && a.authorUnit) {
    const tree = [...(await subtreeIds(db, [organisationId]))];
    const rows = await db
      .selectDistinct({ id: roleGrants.userId })
      .from(roleGrants)
      .innerJoin(users, eq(users.id, roleGrants.userId))
      .where(
        and(eq(roleGrants.role, a.role), inArray(roleGrants.organisationId, tree), isNotNull(roleGrants.unitId), isNull(users.disabledAt)),
      );
    return rows.map((r) => r.id);
  }
  if (a.kind === 'USERS') {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, a.userIds), isNull(users.disabledAt)));
    return rows.map((r) => r.id);
  }
  return resolveStep(db, organisationId, step, null);
}

// The problem's texts, also the start of the template's warnings.
const nobodyVi = (i: number, s: TemplateStep) => problems['approval_chain.step_unstaffed'].title({ step: i + 1, label: s.label });
const nobodyEn = (i: number, s: TemplateStep) => problems['approval_chain.step_unstaffed'].detail({ step: i + 1, label: s.label });

/**
 * Every step must be satisfiable inside the organisation's tree and, when required, have at least one person
 * able to take it now (else the author's submission would fail later); the signer step is never optional.
 * Optional steps nobody can take are allowed (they are left out at submission) and come back as warnings.
 * `strict` is for saving; listing (strict false) reports instead of refusing, as people may have left since.
 */
async function checkSteps(db: Db, organisationId: string, steps: TemplateStep[], strict = true): Promise<StepWarning[]> {
  const tree = await subtreeIds(db, [organisationId]);
  const last = steps[steps.length - 1];
  if (last.optional) throw problem('approval_chain.signer_optional', {}, { field: `steps.${steps.length - 1}` });
  const warnings: StepWarning[] = [];
  for (const [i, s] of steps.entries()) {
    if (s.assignees.kind === 'USERS' && strict) {
      const found = await db
        .select({ id: users.id, organisationId: users.organisationId })
        .from(users)
        .where(and(inArray(users.id, s.assignees.userIds), isNull(users.disabledAt)));
      if (found.length !== new Set(s.assignees.userIds).size || found.some((u) => !tree.has(u.organisationId))) {
        throw problem('approval_chain.step_users_invalid', { step: i + 1 }, { field: `steps.${i}` });
      }
    } else if (s.assignees.kind === 'ROLE' && s.assignees.unitId && strict) {
      const [u] = await db.select().from(units).where(eq(units.id, s.assignees.unitId));
      if (!u || !tree.has(u.organisationId)) throw problem('approval_chain.step_unit_invalid', { step: i + 1 }, { field: `steps.${i}` });
    }
    if ((await eligibleNow(db, organisationId, s)).length > 0) continue;
    if (!s.optional && strict) throw problem('approval_chain.step_unstaffed', { step: i + 1, label: s.label }, { field: `steps.${i}` });
    if (!s.optional)
      warnings.push({
        step: i + 1,
        code: 'approval_chain.step_unstaffed',
        title: `${nobodyVi(i, s)}; văn bản trình theo quy trình này sẽ bị từ chối`,
        detail: `${nobodyEn(i, s)}; submissions will fail`,
      });
    else
      warnings.push({
        step: i + 1,
        code: 'approval_chain.optional_step_unstaffed',
        title: `${nobodyVi(i, s)}; bước này sẽ được bỏ qua khi trình`,
        detail: `${nobodyEn(i, s)}; it will be left out at submission`,
      });
  }
  return warnings;
}

const view = (t: TemplateRow, warnings: StepWarning[]) => ({
  id: t.id,
  organisationId: t.organisationId,
  documentType: t.documentType,
  name: t.name,
  allowAddReviewers: t.allowAddReviewers,
  steps: t.steps,
  afterReturn: t.afterReturn,
  active: t.active,
  updatedAt: t.updatedAt.toISOString(),
  warnings,
});

const duplicateTemplate = () => problem('approval_chain.exists');

export async function createTemplate(db: Db, actor: Actor, input: TemplateInput) {
  await assertManages(db, actor, input.organisationId);
  const warnings = await checkSteps(db, input.organisationId, input.steps);
  const row = await db.transaction(async (tx) => {
    // One active chain per organisation and type: serialise creators of the same pair.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`chain:${input.organisationId}:${input.documentType ?? '*'}`}))`);
    if (await findExact(tx, input.organisationId, input.documentType)) throw duplicateTemplate();
    const [created] = await tx
      .insert(approvalChainTemplates)
      .values({ ...input, createdBy: actor.userId })
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'approval_chain.create',
      entityType: 'approval_chain_template',
      entityId: created.id,
      data: input,
    });
    return created;
  });
  return view(row, warnings);
}

async function requireTemplate(db: Db, actor: Actor, id: string) {
  const [t] = await db.select().from(approvalChainTemplates).where(eq(approvalChainTemplates.id, id));
  if (!t) throw notFound(`Approval chain ${id}`, 'quy trình duyệt');
  await assertManages(db, actor, t.organisationId);
  return t;
}

/** Changes apply to drafts submitted afterwards; documents already in review keep their own copy. */
export async function updateTemplate(db: Db, actor: Actor, id: string, input: Omit<TemplateInput, 'organisationId' | 'documentType'>) {
  const t = await requireTemplate(db, actor, id);
  const warnings = await checkSteps(db, t.organisationId, input.steps);
  const [row] = await db.transaction(async (tx) => {
    const updated = await tx
      .update(approvalChainTemplates)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(approvalChainTemplates.id, id))
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'approval_chain.update',
      entityType: 'approval_chain_template',
      entityId: id,
      data: input,
    });
    return updated;
  });
  return view(row, warnings);
}

export async function deactivateTemplate(db: Db, actor: Actor, id: string) {
  await requireTemplate(db, actor, id);
  await db.transaction(async (tx) => {
    await tx.update(approvalChainTemplates).set({ active: false, updatedAt: new Date() }).where(eq(approvalChainTemplates.id, id));
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'approval_chain.deactivate',
      entityType: 'approval_chain_template',
      entityId: id,
    });
  });
}

export async function listTemplates(db: Db, actor: Actor, organisationId?: string) {
  const managed = [
    ...(await subtreeIds(
      db,
      actor.roles.filter((g) => g.role === 'QUAN_TRI').map((g) => g.organisationId),
    )),
  ];
  const orgs = organisationId ? managed.filter((o) => o === organisationId) : managed;
  if (orgs.length === 0) return [];
  const rows = await db
    .select()
    .from(approvalChainTemplates)
    .where(and(inArray(approvalChainTemplates.organisationId, orgs), eq(approvalChainTemplates.active, true)))
    .orderBy(asc(approvalChainTemplates.organisationId), asc(approvalChainTemplates.documentType));
  // Warnings are of now: a step staffed when saved may have lost its people since.
  return Promise.all(rows.map(async (t) => view(t, await checkSteps(db, t.organisationId, t.steps, false))));
}

async function findExact(db: Db | Tx, organisationId: string, documentType: string | null) {
  const [t] = await db
    .select()
    .from(approvalChainTemplates)
    .where(
      and(
        eq(approvalChainTemplates.organisationId, organisationId),
        documentType === null ? isNull(approvalChainTemplates.documentType) : eq(approvalChainTemplates.documentType, documentType),
        eq(approvalChainTemplates.active, true),
      ),
    );
  return t;
}

/** The chain a draft takes: the organisation's chain for its type, else the organisation's default chain. */
export async function matchTemplate(db: Db | Tx, organisationId: string, documentType: string) {
  return (await findExact(db, organisationId, documentType)) ?? (await findExact(db, organisationId, null));
}

/** The people a template step reaches for a given author (role holders are looked up now, at submission). */
export async function resolveStep(db: Db | Tx, organisationId: string, step: TemplateStep, authorUnitId: string | null): Promise<string[]> {
  const a = step.assignees;
  if (a.kind === 'USERS') return [...new Set(a.userIds)];
  const unitId = a.authorUnit ? authorUnitId : (a.unitId ?? null);
  if (a.authorUnit && !authorUnitId) return [];
  const tree = [...(await subtreeIds(db as Db, [organisationId]))];
  const rows = await db
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(
      and(
        eq(roleGrants.role, a.role),
        // A role "in the organisation" is held in it, or in its office (Văn phòng) for an issuing committee.
        unitId ? eq(roleGrants.unitId, unitId) : inArray(roleGrants.organisationId, tree),
        unitId ? undefined : a.role === 'LANH_DAO_CO_QUAN' ? eq(roleGrants.organisationId, organisationId) : undefined,
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(roleGrants.userId));
  return rows.map((r) => r.userId);
}

// ————— Delegation (ủy quyền) —————

export const DELEGATING_ROLES: Role[] = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG', 'TRUONG_PHONG'];

export async function createDelegation(
  db: Db,
  actor: Actor,
  input: { deputyId: string; fromDate: string; toDate: string; canSign: boolean; note?: string },
  alerts: PermissionAlerts,
) {
  const leaderOf = actor.roles.filter((g) => DELEGATING_ROLES.includes(g.role)).map((g) => g.organisationId);
  if (leaderOf.length === 0) throw forbidden('Only leaders delegate approval or signing authority');
  if (input.toDate < input.fromDate) {
    throw problem('validation#todate_is_before_fromdate', {}, { errors: [{ path: 'toDate', message: 'before fromDate' }] });
  }
  const [deputy] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, input.deputyId), isNull(users.disabledAt)));
  if (!deputy || deputy.id === actor.userId || !leaderOf.includes(deputy.organisationId)) {
    throw problem('validation#the_deputy_must_be', {}, { errors: [{ path: 'deputyId', message: 'not a colleague in your organisation' }] });
  }
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(approvalDelegations)
      .values({ ...input, delegatorId: actor.userId })
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, actor.roles.find((g) => DELEGATING_ROLES.includes(g.role))!.role),
      action: 'delegation.create',
      entityType: 'approval_delegation',
      entityId: created.id,
      data: { ...input, deputyName: deputy.fullName },
    });
    const raised = await alerts.raise(tx, actor, [
      {
        organisationId: deputy.organisationId,
        kind: 'DELEGATION_CREATED',
        subjectUserId: deputy.id,
        data: {
          delegationId: created.id,
          delegatorId: actor.userId,
          fromDate: input.fromDate,
          toDate: input.toDate,
          canSign: input.canSign,
        },
      },
    ]);
    return { ...created, raised };
  });
  await alerts.notify(db, row.raised);
  return (await listDelegations(db, actor)).find((d) => d.id === row.id)!;
}

export async function revokeDelegation(db: Db, actor: Actor, id: string, alerts: PermissionAlerts) {
  const [d] = await db.select().from(approvalDelegations).where(eq(approvalDelegations.id, id));
  if (!d || d.delegatorId !== actor.userId) throw notFound(`Delegation ${id}`, 'ủy quyền');
  if (d.revokedAt) return;
  const [deputy] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, d.deputyId));
  const raised = await db.transaction(async (tx) => {
    await tx.update(approvalDelegations).set({ revokedAt: new Date() }).where(eq(approvalDelegations.id, id));
    await recordAudit(tx, {
      actorId: actor.userId,
      actorRole: null,
      requestId: actor.requestId,
      ip: actor.ip,
      action: 'delegation.revoke',
      entityType: 'approval_delegation',
      entityId: id,
    });
    return alerts.raise(tx, actor, [
      {
        organisationId: deputy.organisationId,
        kind: 'DELEGATION_REVOKED',
        subjectUserId: d.deputyId,
        data: { delegationId: id, delegatorId: d.delegatorId },
      },
    ]);
  });
  await alerts.notify(db, raised);
}

/** Delegations the actor gave and received, newest first. */
export async function listDelegations(db: Db, actor: Actor) {
  const rows = await db
    .select({
      d: approvalDelegations,
      delegatorName: sql<string>`(select full_name from users where id = ${approvalDelegations.delegatorId})`,
      deputyName: sql<string>`(select full_name from users where id = ${approvalDelegations.deputyId})`,
    })
    .from(approvalDelegations)
    .where(sql`${approvalDelegations.delegatorId} = ${actor.userId} or ${approvalDelegations.deputyId} = ${actor.userId}`)
    .orderBy(sql`${approvalDelegations.createdAt} desc`);
  const today = todayInVietnam();
  return rows.map(({ d, delegatorName, deputyName }) => ({
    id: d.id,
    delegator: { id: d.delegatorId, fullName: delegatorName },
    deputy: { id: d.deputyId, fullName: deputyName },
    fromDate: d.fromDate,
    toDate: d.toDate,
    canSign: d.canSign,
    note: d.note,
    revoked: d.revokedAt !== null,
    activeToday: d.revokedAt === null && d.fromDate <= today && today <= d.toDate,
  }));
}

/** The people the deputy may act for today, and whether that includes signing. */
export async function delegatorsOf(
  db: Db | Tx,
  deputyId: string,
  today = todayInVietnam(),
): Promise<{ delegatorId: string; canSign: boolean; delegationId: string }[]> {
  const rows = await db
    .select()
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.deputyId, deputyId),
        isNull(approvalDelegations.revokedAt),
        lte(approvalDelegations.fromDate, today),
        gte(approvalDelegations.toDate, today),
      ),
    );
  return rows.map((r) => ({ delegatorId: r.delegatorId, canSign: r.canSign, delegationId: r.id }));
}
