import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import { todayInVietnam } from '../calendar/working-days';
import { users } from '../users/schema';
import type { Db, Tx } from '../db/client';
import { notFound } from '../http/problem';
import { auditActor, recordAudit } from '../audit/service';
import type { Actor } from '../auth/context';
import { organisations, units } from './schema';
import { problem } from '../http/problems';

export interface UnitView {
  id: string;
  name: string;
  abbrev: string;
  active: boolean;
}

/** Organisations in tree order (parents before children, siblings by name), each with its units. */
export async function listOrganisations(db: Db) {
  const orgs = await db.select().from(organisations).orderBy(asc(organisations.name));
  const allUnits = await db.select().from(units).orderBy(asc(units.name));
  const unitsByOrg = new Map<string, UnitView[]>();
  for (const u of allUnits) {
    const list = unitsByOrg.get(u.organisationId) ?? [];
    list.push({ id: u.id, name: u.name, abbrev: u.abbrev, active: u.active });
    unitsByOrg.set(u.organisationId, list);
  }
  const children = new Map<string | null, typeof orgs>();
  for (const o of orgs) {
    const list = children.get(o.parentId) ?? [];
    list.push(o);
    children.set(o.parentId, list);
  }
  const ordered: Array<(typeof orgs)[number] & { depth: number }> = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const o of children.get(parentId) ?? []) {
      ordered.push({ ...o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return ordered.map((o) => ({
    id: o.id,
    parentId: o.parentId,
    name: o.name,
    shortName: o.shortName,
    organCode: o.organCode,
    kind: o.kind,
    placeName: o.placeName,
    validFrom: o.validFrom,
    validTo: o.validTo,
    separationOfDuties: o.separationOfDuties,
    depth: o.depth,
    units: unitsByOrg.get(o.id) ?? [],
  }));
}

/** Ids of the given organisations and all their descendants (the tree is small: a province is a few thousand). */
export async function subtreeIds(db: Db, rootIds: string[]): Promise<Set<string>> {
  const result = new Set<string>();
  if (rootIds.length === 0) return result;
  const all = await db.select({ id: organisations.id, parentId: organisations.parentId }).from(organisations);
  const children = new Map<string, string[]>();
  for (const o of all) if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const stack = rootIds.filter((id) => all.some((o) => o.id === id));
  while (stack.length) {
    const id = stack.pop()!;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

/** Top-level organisations (no parent), e.g. the provincial People's Committee. */
export async function rootOrganisationIds(db: Db): Promise<Set<string>> {
  const rows = await db.select({ id: organisations.id }).from(organisations).where(isNull(organisations.parentId));
  return new Set(rows.map((r) => r.id));
}

export async function requireOrganisation(db: Db, id: string) {
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  if (!org) throw notFound(`Organisation ${id}`, 'cơ quan');
  return org;
}

/** An organisation whose last day has not passed: a dissolved one takes no new accounts. */
export async function requireOpenOrganisation(db: Db, id: string) {
  const org = await requireOrganisation(db, id);
  if (org.validTo && org.validTo < todayInVietnam()) throw alreadyDissolved(id, org.validTo);
  return org;
}

/** The caller checks that the organisation exists and that the actor administers it. */
export async function createUnit(db: Db, input: { organisationId: string; name: string; abbrev: string }, actor: Actor): Promise<UnitView> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(units)
      .values(input)
      .onConflictDoNothing({ target: [units.organisationId, units.abbrev] })
      .returning();
    if (!created) {
      throw problem('unit.abbrev_taken', { abbrev: input.abbrev }, { errors: [{ path: 'abbrev', message: 'already used' }] });
    }
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'unit.create',
      entityType: 'unit',
      entityId: created.id,
      data: input,
    });
    return { id: created.id, name: created.name, abbrev: created.abbrev, active: created.active };
  });
}

/**
 * Turns separation of duties on the organisation's outgoing documents on or off (outgoing/duties.ts). Turning it
 * off lets an author approve or sign their own draft (a commune whose chairman drafts and signs alone): a deliberate
 * act of its administrator, with the reason in the audit log. The caller checks that the actor administers it.
 */
export async function setSeparationOfDuties(db: Db, actor: Actor, organisationId: string, input: { enforced: boolean; reason: string }) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ on: organisations.separationOfDuties })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for('update');
    await tx.update(organisations).set({ separationOfDuties: input.enforced }).where(eq(organisations.id, organisationId));
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'organisation.separation_of_duties',
      entityType: 'organisation',
      entityId: organisationId,
      data: { enforced: input.enforced, before: before.on, reason: input.reason },
    });
    return { organisationId, separationOfDuties: input.enforced };
  });
}

/**
 * The active people of an organisation (civil servants' names and positions are no secret inside the
 * system): what pickers show when choosing a reviewer, a deputy or an assignee.
 */
export async function listPeople(db: Db, organisationId: string) {
  await requireOrganisation(db, organisationId);
  return db
    .select({ id: users.id, fullName: users.fullName, position: users.position, unitId: users.unitId, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.organisationId, organisationId), isNull(users.disabledAt)))
    .orderBy(asc(users.fullName));
}

/**
 * Giải thể: the organisation is valid up to `lastDay` (its documents stay in history and search) and its active
 * accounts are disabled, so nobody logs in or works for it any more; disabled accounts keep their names in the
 * records they signed, assigned or registered. Its units stay as they were, for the same reason. A dissolution
 * recorded on or after its last day takes effect at once; one planned for a later day (a merger decided ahead)
 * is only recorded, and the hourly housekeeping (closeDissolvedOrganisations) disables the accounts once that
 * day has passed, so they work through their last day.
 */
export async function dissolveOrganisation(db: Db, actor: Actor, organisationId: string, lastDay = todayInVietnam()) {
  const org = await requireOrganisation(db, organisationId);
  if (org.validTo !== null) throw alreadyDissolved(organisationId, org.validTo);
  if (org.validFrom && lastDay < org.validFrom) {
    throw problem('validation#lastday_is_before_the', {}, { errors: [{ path: 'lastDay', message: 'before validFrom' }] });
  }
  const [me] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, actor.userId));
  if (me?.organisationId === organisationId) {
    throw problem('organisation.cannot_dissolve_own');
  }
  const effectiveNow = lastDay <= todayInVietnam();
  return db.transaction(async (tx) => {
    // Only an organisation not yet dissolved: two administrators dissolving it at once get one 409.
    const [marked] = await tx
      .update(organisations)
      .set({ validTo: lastDay, dissolutionEffectiveAt: effectiveNow ? new Date() : null })
      .where(and(eq(organisations.id, organisationId), isNull(organisations.validTo)))
      .returning({ id: organisations.id });
    if (!marked) throw alreadyDissolved(organisationId, lastDay);
    const disabled = effectiveNow ? await disableAccountsOf(tx, organisationId) : [];
    await recordAudit(tx, {
      ...auditActor(actor, 'QUAN_TRI'),
      action: 'organisation.dissolve',
      entityType: 'organisation',
      entityId: organisationId,
      data: { lastDay, disabledUsers: disabled },
    });
    return { organisationId, validTo: lastDay, disabledUsers: disabled.length };
  });
}

const alreadyDissolved = (organisationId: string, validTo: string) => problem('organisation.dissolved', { organisationId, validTo });

async function disableAccountsOf(tx: Db | Tx, organisationId: string): Promise<string[]> {
  const rows = await tx
    .update(users)
    .set({ disabledAt: new Date() })
    .where(and(eq(users.organisationId, organisationId), isNull(users.disabledAt)))
    .returning({ id: users.id });
  return rows.map((u) => u.id);
}

/**
 * Run hourly by the maintenance worker: disables the accounts still active in organisations whose last day has
 * passed (a dissolution planned ahead). Idempotent; each organisation where it disabled someone gets one audit entry.
 */
export async function closeDissolvedOrganisations(db: Db, today = todayInVietnam()): Promise<{ disabledUsers: number }> {
  const ended = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(lt(organisations.validTo, today), isNull(organisations.dissolutionEffectiveAt)));
  let total = 0;
  for (const { id } of ended) {
    await db.transaction(async (tx) => {
      // Taken once: a second run, or a run after an administrator enabled an account again, changes nothing.
      const [taken] = await tx
        .update(organisations)
        .set({ dissolutionEffectiveAt: new Date() })
        .where(and(eq(organisations.id, id), isNull(organisations.dissolutionEffectiveAt)))
        .returning({ id: organisations.id });
      if (!taken) return;
      const disabled = await disableAccountsOf(tx, id);
      total += disabled.length;
      await recordAudit(tx, {
        actorId: null,
        actorRole: null,
        action: 'organisation.dissolution_effective',
        entityType: 'organisation',
        entityId: id,
        data: { disabledUsers: disabled },
      });
    });
  }
  return { disabledUsers: total };
}
