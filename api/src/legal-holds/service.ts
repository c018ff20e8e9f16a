import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import { requireReadable } from '../case-files/access';
import { caseFileDocuments } from '../case-files/schema';
import type { Db } from '../db/client';
import { forbidden, notFound } from '../http/problem';
import { ARCHIVIST_ROLES, holdsIn, requireVisible as requireVisibleIncoming } from '../incoming/access';
import { incomingDocuments } from '../incoming/schema';
import { outgoingDocuments } from '../outgoing/schema';
import { organisations } from '../organisations/schema';
import { requireVisible as requireVisibleOutgoing, viewerOf } from '../outgoing/access';
import { managedOrganisations } from '../users/service';
import { users } from '../users/schema';
import { legalHolds, type heldDocumentKinds } from './schema';
import { problem } from '../http/problems';

export type PlaceHoldInput =
  | { scope: 'CASE_FILE'; caseFileId: string; reason: string }
  | { scope: 'DOCUMENT'; documentKind: (typeof heldDocumentKinds)[number]; documentId: string; reason: string }
  | { scope: 'ORGANISATION_YEAR'; organisationId: string; year: number; reason: string };

/** Who places and lifts holds on an organisation's material: its archivists (lưu trữ) and the administrators over it. */
async function holdRole(db: Db, actor: Actor, organisationId: string) {
  if (holdsIn(actor, organisationId, ARCHIVIST_ROLES)) return 'LUU_TRU' as const;
  if ((await managedOrganisations(db, actor)).has(organisationId)) return 'QUAN_TRI' as const;
  return null;
}

/** The organisation whose material the hold covers; a target the actor has no footing in answers 404, like a missing one. */
async function heldOrganisation(db: Db, actor: Actor, input: PlaceHoldInput): Promise<string> {
  if (input.scope === 'CASE_FILE') return (await requireReadable(db, actor, input.caseFileId)).organisationId;
  if (input.scope === 'ORGANISATION_YEAR') {
    const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org) throw notFound(`Organisation ${input.organisationId}`, 'cơ quan');
    return org.id;
  }
  const table = input.documentKind === 'INCOMING' ? incomingDocuments : outgoingDocuments;
  const [doc] = await db.select({ organisationId: table.organisationId }).from(table).where(eq(table.id, input.documentId));
  if (!doc || !(await holdRole(db, actor, doc.organisationId))) throw notFound(`Document ${input.documentId}`, 'văn bản');
  return doc.organisationId;
}

/** Phong toả: an archivist or administrator freezes a case file, a document or an organisation's year, with a reason; audited. */
export async function placeHold(db: Db, actor: Actor, input: PlaceHoldInput) {
  const organisationId = await heldOrganisation(db, actor, input);
  const role = await holdRole(db, actor, organisationId);
  if (!role) throw forbidden('Only an archivist (LUU_TRU) of the organisation or an administrator over it places a legal hold');
  const target = {
    scope: input.scope,
    organisationId,
    caseFileId: input.scope === 'CASE_FILE' ? input.caseFileId : null,
    documentKind: input.scope === 'DOCUMENT' ? input.documentKind : null,
    documentId: input.scope === 'DOCUMENT' ? input.documentId : null,
    year: input.scope === 'ORGANISATION_YEAR' ? input.year : null,
  };
  const id = await db.transaction(async (tx) => {
    const same = await tx
      .select({ id: legalHolds.id })
      .from(legalHolds)
      .where(
        and(
          isNull(legalHolds.liftedAt),
          eq(legalHolds.scope, target.scope),
          eq(legalHolds.organisationId, organisationId),
          target.caseFileId ? eq(legalHolds.caseFileId, target.caseFileId) : isNull(legalHolds.caseFileId),
          target.documentId ? eq(legalHolds.documentId, target.documentId) : isNull(legalHolds.documentId),
          target.year ? eq(legalHolds.year, target.year) : isNull(legalHolds.year),
        ),
      );
    if (same.length) throw problem('legal_hold.exists', { id: same[0].id });
    const [hold] = await tx
      .insert(legalHolds)
      .values({ ...target, reason: input.reason, placedBy: actor.userId })
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, role),
      action: 'legal_hold.place',
      entityType: 'legal_hold',
      entityId: hold.id,
      data: { ...target, reason: input.reason },
    });
    return hold.id;
  });
  return getHold(db, id);
}

/** Gỡ phong toả, with a reason; audited. The hold stays, lifted, as its record. */
export async function liftHold(db: Db, actor: Actor, id: string, reason: string) {
  await db.transaction(async (tx) => {
    const [hold] = await tx.select().from(legalHolds).where(eq(legalHolds.id, id)).for('update');
    const role = hold ? await holdRole(db, actor, hold.organisationId) : null;
    if (!hold || !role) throw notFound(`Legal hold ${id}`, 'lệnh phong toả');
    if (hold.liftedAt) throw problem('legal_hold.lifted', { id, liftedAt: hold.liftedAt.toISOString() });
    await tx.update(legalHolds).set({ liftedAt: new Date(), liftedBy: actor.userId, liftReason: reason }).where(eq(legalHolds.id, id));
    await recordAudit(tx, {
      ...auditActor(actor, role),
      action: 'legal_hold.lift',
      entityType: 'legal_hold',
      entityId: id,
      data: { scope: hold.scope, caseFileId: hold.caseFileId, documentId: hold.documentId, year: hold.year, reason },
    });
  });
  return getHold(db, id);
}

const placer = alias(users, 'placer');
const lifter = alias(users, 'lifter');

function holdRows(db: Db) {
  return db
    .select({
      id: legalHolds.id,
      scope: legalHolds.scope,
      organisationId: legalHolds.organisationId,
      caseFileId: legalHolds.caseFileId,
      documentKind: legalHolds.documentKind,
      documentId: legalHolds.documentId,
      year: legalHolds.year,
      reason: legalHolds.reason,
      placedAt: legalHolds.placedAt,
      placedByName: placer.fullName,
      liftedAt: legalHolds.liftedAt,
      liftedByName: lifter.fullName,
      liftReason: legalHolds.liftReason,
    })
    .from(legalHolds)
    .innerJoin(placer, eq(placer.id, legalHolds.placedBy))
    .leftJoin(lifter, eq(lifter.id, legalHolds.liftedBy))
    .$dynamic();
}

type HoldRow = Awaited<ReturnType<ReturnType<typeof holdRows>['execute']>>[number];
const view = (h: HoldRow) => ({ ...h, placedAt: h.placedAt.toISOString(), liftedAt: h.liftedAt?.toISOString() ?? null });

async function getHold(db: Db, id: string) {
  const [h] = await holdRows(db).where(eq(legalHolds.id, id));
  return view(h);
}

/** Holds in force on a case file: its own and its organisation's year (the case-file page shows them and hides what they refuse). */
export async function holdsOnCaseFile(db: Db, cf: { id: string; organisationId: string; year: number }) {
  const rows = await holdRows(db)
    .where(
      and(
        isNull(legalHolds.liftedAt),
        or(
          eq(legalHolds.caseFileId, cf.id),
          and(eq(legalHolds.scope, 'ORGANISATION_YEAR'), eq(legalHolds.organisationId, cf.organisationId), eq(legalHolds.year, cf.year)),
        ),
      ),
    )
    .orderBy(desc(legalHolds.placedAt));
  return rows.map(view);
}

/** The document as its reader sees it (404 to anyone else): its organisation and the year its holds are counted in. */
async function requireDocument(db: Db, actor: Actor, kind: (typeof heldDocumentKinds)[number], id: string) {
  if (kind === 'INCOMING') {
    const doc = await requireVisibleIncoming(db, actor, id);
    return { organisationId: doc.organisationId, year: doc.arrivalYear ?? yearInVietnam(doc.createdAt) };
  }
  const doc = await requireVisibleOutgoing(db, await viewerOf(db, actor), id);
  return { organisationId: doc.organisationId, year: doc.issuedYear ?? yearInVietnam(doc.createdAt) };
}
const yearInVietnam = (at: Date) => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(at));

/**
 * Holds in force on a case file (its own, and its organisation's year) or on a document (its own, its
 * organisation's year, and those of the case files it is filed in) for anyone who reads it, with whether the
 * caller may place or lift them; or every hold of an organisation, lifted ones too, for its archivists and
 * administrators.
 */
export async function listHolds(
  db: Db,
  actor: Actor,
  filter: { caseFileId?: string; documentKind?: (typeof heldDocumentKinds)[number]; documentId?: string; organisationId?: string },
) {
  if (filter.caseFileId) {
    const cf = await requireReadable(db, actor, filter.caseFileId);
    return { items: await holdsOnCaseFile(db, cf), mayManage: (await holdRole(db, actor, cf.organisationId)) !== null };
  }
  if (filter.documentKind && filter.documentId) {
    const { documentKind: kind, documentId: id } = filter;
    const doc = await requireDocument(db, actor, kind, id);
    const col = kind === 'INCOMING' ? caseFileDocuments.incomingDocumentId : caseFileDocuments.outgoingDocumentId;
    const filedIn = (await db.select({ id: caseFileDocuments.caseFileId }).from(caseFileDocuments).where(eq(col, id))).map((r) => r.id);
    const rows = await holdRows(db)
      .where(
        and(
          isNull(legalHolds.liftedAt),
          or(
            and(eq(legalHolds.documentKind, kind), eq(legalHolds.documentId, id)),
            and(
              eq(legalHolds.scope, 'ORGANISATION_YEAR'),
              eq(legalHolds.organisationId, doc.organisationId),
              eq(legalHolds.year, doc.year),
            ),
            filedIn.length ? inArray(legalHolds.caseFileId, filedIn) : undefined,
          ),
        ),
      )
      .orderBy(desc(legalHolds.placedAt));
    return { items: rows.map(view), mayManage: (await holdRole(db, actor, doc.organisationId)) !== null };
  }
  const organisationId = filter.organisationId!;
  if (!(await holdRole(db, actor, organisationId)))
    throw forbidden('Only the archivists of the organisation and administrators over it list its legal holds');
  const rows = await holdRows(db).where(eq(legalHolds.organisationId, organisationId)).orderBy(desc(legalHolds.placedAt)).limit(500);
  return { items: rows.map(view), mayManage: true };
}

/** The organisations whose holds the caller manages (its archivist grants, and those it administers), for the hold screen. */
export async function holdOrganisations(db: Db, actor: Actor) {
  const ids = new Set([
    ...actor.roles.filter((g) => ARCHIVIST_ROLES.includes(g.role)).map((g) => g.organisationId),
    ...(await managedOrganisations(db, actor)),
  ]);
  if (!ids.size) return { items: [] };
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
    .orderBy(organisations.name);
  return { items: rows };
}
