import type { PermissionAlerts } from '../permission-alerts/service';
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import { auditActor, recordAudit } from '../audit/service';
import type { Actor } from '../auth/context';
import { todayInVietnam, viDate } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { forbidden, notFound } from '../http/problem';
import type { NewNotification } from '../notifications/service';
import type { Notifier } from '../notifications/notifier';
import { organisations, units } from '../organisations/schema';
import type { Role } from '../users/roles';
import { roleGrants, users } from '../users/schema';
import { oweStatusForIncoming } from '../exchange/statuses';
import { CLERK_ROLES, LEADER_ROLES, holdsIn, isAssignee, requireVisible, roleIn } from './access';
import { checkAndClean } from '../files/check';
import { storeUploads } from '../files/blob-refs';
import type { UploadedFile } from '../files/upload';
import type { BlobStore } from '../storage/blob-store';
import {
  followForwarded,
  forwardNotifications,
  forwardToOrganisation,
  officesOf,
  organisationsBelow,
  withdrawalNotifications,
  withdrawForwarded,
  type ForwardedFiles,
} from './forwarding';
import {
  incomingAccessGrants,
  incomingAssignmentFiles,
  incomingAssignments,
  incomingComments,
  type AssignmentRole,
} from './processing-schema';
import { incomingDocuments } from './schema';
import { problem, type IncomingAction } from '../http/problems';

type DocumentRow = typeof incomingDocuments.$inferSelect;
type AssignmentRow = typeof incomingAssignments.$inferSelect;
type Status = DocumentRow['status'];

export type Target = { unitId: string } | { userId: string } | { organisationId: string };

const targetKey = (t: Target) => ('unitId' in t ? `u:${t.unitId}` : 'userId' in t ? `p:${t.userId}` : `o:${t.organisationId}`);

const invalidState = (status: Status, wanted: IncomingAction) => problem('incoming.invalid_state#transition', { status, wanted });

async function requireAssignment(db: Db | Tx, actor: Actor, assignmentId: string) {
  const [a] = await db.select().from(incomingAssignments).where(eq(incomingAssignments.id, assignmentId));
  if (!a) throw notFound(`Assignment ${assignmentId}`, 'phân công');
  const doc = await requireVisible(db, actor, a.documentId);
  return { a, doc };
}

/**
 * Moves the document from one of `from` to `to` only if it is still in that state: a concurrent action that
 * got there first makes this one fail with 409 instead of both succeeding.
 */
async function transition(tx: Tx, doc: DocumentRow, from: Status[], to: Status, wanted: IncomingAction, extra: Partial<DocumentRow> = {}) {
  const [updated] = await tx
    .update(incomingDocuments)
    .set({ status: to, ...extra })
    .where(and(eq(incomingDocuments.id, doc.id), inArray(incomingDocuments.status, from)))
    .returning({ id: incomingDocuments.id });
  if (!updated) throw invalidState(doc.status, wanted);
}

export const label = (doc: DocumentRow) => (doc.arrivalNumber ? `số đến ${doc.arrivalNumber}/${doc.arrivalYear}` : 'văn bản');
export const labelEn = (doc: DocumentRow) => (doc.arrivalNumber ? `arrival no. ${doc.arrivalNumber}/${doc.arrivalYear}` : 'a document');
export const link = (doc: DocumentRow) => `/incoming/${doc.id}`;

/** People a line of work reaches: the named person, or the heads of the named unit. */
export async function recipientsOf(db: Db | Tx, targets: { userId: string | null; unitId: string | null }[]): Promise<string[]> {
  const ids = new Set(targets.flatMap((t) => (t.userId ? [t.userId] : [])));
  const unitIds = targets.flatMap((t) => (t.unitId ? [t.unitId] : []));
  if (unitIds.length) {
    const heads = await db
      .select({ userId: roleGrants.userId })
      .from(roleGrants)
      .innerJoin(users, eq(users.id, roleGrants.userId))
      .where(and(eq(roleGrants.role, 'TRUONG_PHONG'), inArray(roleGrants.unitId, unitIds), isNull(users.disabledAt)));
    for (const h of heads) ids.add(h.userId);
  }
  return [...ids];
}

/**
 * People holding a role in the organisations (any role but the administrator's, who handles no documents,
 * unless `roles` says which).
 */
async function activeMembers(db: Db | Tx, organisationIds: string | string[], roles?: Role[]) {
  return db
    .selectDistinct({ id: users.id, fullName: users.fullName, position: users.position, unitId: users.unitId })
    .from(users)
    .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(
      and(
        inArray(roleGrants.organisationId, ([] as string[]).concat(organisationIds)),
        isNull(users.disabledAt),
        roles ? inArray(roleGrants.role, roles) : ne(roleGrants.role, 'QUAN_TRI'),
      ),
    );
}

/**
 * Who and what a leader of the organisation directs work to: its units and people and those of the office
 * serving it (the UBND tỉnh's staff sit in its Văn phòng, docs/domain.md §9.1), and the organisations below it.
 */
async function assignable(db: Db | Tx, organisationId: string) {
  const staffOrgs = [organisationId, ...(await officesOf(db, organisationId))];
  const [people, orgUnits, below] = await Promise.all([
    activeMembers(db, staffOrgs),
    db
      .select({ id: units.id, name: units.name, organisationId: units.organisationId, organisationName: organisations.name })
      .from(units)
      .innerJoin(organisations, eq(organisations.id, units.organisationId))
      .where(and(inArray(units.organisationId, staffOrgs), eq(units.active, true)))
      .orderBy(asc(organisations.name), asc(units.name)),
    organisationsBelow(db, organisationId),
  ]);
  return { staffOrgs, people, units: orgUnits, organisations: below };
}

/** Leaders to submit to; units, people and organisations below to assign, for the document's organisation. */
export async function routingOptions(db: Db, actor: Actor, documentId: string) {
  const doc = await requireVisible(db, actor, documentId);
  const [leaders, targets] = await Promise.all([activeMembers(db, doc.organisationId, LEADER_ROLES), assignable(db, doc.organisationId)]);
  const heads = await db
    .select({ unitId: roleGrants.unitId, id: users.id, fullName: users.fullName, position: users.position })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(inArray(roleGrants.organisationId, targets.staffOrgs), eq(roleGrants.role, 'TRUONG_PHONG'), isNull(users.disabledAt)));
  const unitName = new Map(targets.units.map((u) => [u.id, u.name]));
  const person = (p: { id: string; fullName: string; position: string }) => ({ id: p.id, fullName: p.fullName, position: p.position });
  return {
    leaders: leaders.map(person),
    units: targets.units.map((u) => ({
      id: u.id,
      name: u.name,
      organisationName: u.organisationId === doc.organisationId ? null : u.organisationName,
      heads: heads.filter((h) => h.unitId === u.id).map(person),
    })),
    people: targets.people.map((p) => ({ ...person(p), unitId: p.unitId, unitName: p.unitId ? (unitName.get(p.unitId) ?? null) : null })),
    organisations: targets.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      parentId: o.parentId === doc.organisationId ? null : o.parentId,
    })),
  };
}

/** The clerk presents a registered document to a leader for direction (trình). */
export async function submitToLeader(
  db: Db,
  notifier: Notifier,
  actor: Actor,
  documentId: string,
  input: { leaderId: string; note?: string },
) {
  const doc = await requireVisible(db, actor, documentId);
  if (!holdsIn(actor, doc.organisationId, CLERK_ROLES)) throw forbidden('Only a clerk of the receiving organisation submits documents');
  const leaders = await activeMembers(db, doc.organisationId, LEADER_ROLES);
  const leader = leaders.find((l) => l.id === input.leaderId);
  if (!leader) {
    throw problem('validation#leaderid_is_not_a', {}, { errors: [{ path: 'leaderId', message: 'not a leader of this organisation' }] });
  }
  await db.transaction(async (tx) => {
    await transition(tx, doc, ['REGISTERED'], 'SUBMITTED', 'submitted', { submittedTo: leader.id, submittedAt: new Date() });
    await tx.insert(incomingAccessGrants).values({ documentId: doc.id, userId: leader.id, grantedBy: actor.userId }).onConflictDoNothing();
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'incoming.submit',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { leaderId: leader.id, leaderName: leader.fullName, note: input.note },
    });
  });
  await notifier.send([
    {
      userId: leader.id,
      kind: 'incoming.submitted',
      titleVi: `Trình xin ý kiến chỉ đạo: ${label(doc)} — ${doc.subject ?? ''}`,
      titleEn: `For your direction: ${labelEn(doc)} — ${doc.subject ?? ''}`,
      link: link(doc),
      dedupeKey: `submit:${doc.id}:${Date.now()}`,
    },
  ]);
}

export interface AssignInput {
  lead: Target;
  cooperate: Target[];
  inform: Target[];
  dueDate?: string;
  instruction?: string;
  reason?: string;
}

async function checkTargets(db: Db | Tx, organisationId: string, input: AssignInput) {
  const all = [
    { t: input.lead, path: 'lead' },
    ...input.cooperate.map((t, i) => ({ t, path: `cooperate.${i}` })),
    ...input.inform.map((t, i) => ({ t, path: `inform.${i}` })),
  ];
  const keys = all.map(({ t }) => targetKey(t));
  const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dup >= 0) {
    throw problem('validation#the_same_unit_or', {}, { errors: [{ path: all[dup].path, message: 'duplicate' }] });
  }
  const ok = await assignable(db, organisationId);
  const allowed = new Set([
    ...ok.units.map((u) => `u:${u.id}`),
    ...ok.people.map((p) => `p:${p.id}`),
    ...ok.organisations.map((o) => `o:${o.id}`),
  ]);
  const bad = all.find(({ t }) => !allowed.has(targetKey(t)));
  if (bad) {
    throw problem(
      'validation#an_assigned_unit_or',
      {},
      { errors: [{ path: bad.path, message: 'not assignable from the receiving organisation' }] },
    );
  }
}

function checkDueDate(dueDate: string | undefined, path = 'dueDate') {
  if (dueDate && dueDate < todayInVietnam()) {
    throw problem('validation#the_deadline_cannot_be', {}, { errors: [{ path, message: 'in the past' }] });
  }
}

/**
 * The leader's direction (ý kiến chỉ đạo): one lead (chủ trì), cooperating (phối hợp) and informed (để biết)
 * units or people, a deadline and an instruction. On a document already assigned this is a re-assignment:
 * it needs a reason, and the earlier lines stay in the history, inactive.
 */
export async function assign(db: Db, notifier: Notifier, actor: Actor, documentId: string, input: AssignInput) {
  const doc = await requireVisible(db, actor, documentId);
  if (!holdsIn(actor, doc.organisationId, LEADER_ROLES)) throw forbidden('Only a leader of the receiving organisation directs handling');
  const reassigning = doc.status === 'ASSIGNED' || doc.status === 'IN_PROGRESS';
  if (reassigning && !input.reason) {
    throw problem('validation#a_reason_is_required', {}, { errors: [{ path: 'reason', message: 'required when re-assigning' }] });
  }
  checkDueDate(input.dueDate);
  await checkTargets(db, doc.organisationId, input);
  const lines: { role: AssignmentRole; target: Target }[] = [
    { role: 'CHU_TRI', target: input.lead },
    ...input.cooperate.map((target) => ({ role: 'PHOI_HOP' as const, target })),
    ...input.inform.map((target) => ({ role: 'DE_BIET' as const, target })),
  ];
  // A deadline the document arrived with (from its sender, or from the organisation that handed it down) carries over.
  const dueDate = input.dueDate ?? doc.dueDate ?? null;
  const { rows, forwarded, dropped } = await db.transaction(async (tx) => {
    await transition(
      tx,
      doc,
      reassigning ? ['ASSIGNED', 'IN_PROGRESS'] : ['SUBMITTED'],
      'ASSIGNED',
      reassigning ? 're-assigned' : 'assigned',
      { dueDate },
    );
    const replaced = reassigning
      ? await tx
          .update(incomingAssignments)
          .set({ active: false })
          .where(and(eq(incomingAssignments.documentId, doc.id), eq(incomingAssignments.active, true)))
          .returning()
      : [];
    const rows = await tx
      .insert(incomingAssignments)
      .values(
        lines.map(({ role, target }) => ({
          documentId: doc.id,
          role,
          unitId: 'unitId' in target ? target.unitId : null,
          userId: 'userId' in target ? target.userId : null,
          organisationId: 'organisationId' in target ? target.organisationId : null,
          dueDate: role === 'DE_BIET' ? null : dueDate,
          instruction: input.instruction ?? null,
          assignedBy: actor.userId,
        })),
      )
      .returning();
    // Every record sent before, by any earlier direction: an organisation given the document back gets the same one.
    const sentBefore = reassigning
      ? await tx
          .select()
          .from(incomingAssignments)
          .where(and(eq(incomingAssignments.documentId, doc.id), isNotNull(incomingAssignments.forwardedDocumentId)))
          .orderBy(desc(incomingAssignments.assignedAt))
      : [];
    const forwarded: { line: AssignmentRow; id: string; created: boolean; files: ForwardedFiles }[] = [];
    for (const line of rows.filter((r) => r.organisationId)) {
      const earlier = sentBefore.find((r) => r.organisationId === line.organisationId)?.forwardedDocumentId;
      forwarded.push({ line, ...(await forwardToOrganisation(tx, actor, doc, line, earlier)) });
    }
    const dropped = await withdrawForwarded(tx, replaced, rows, input.reason ?? '');
    await recordAudit(tx, {
      ...auditActor(actor, 'LANH_DAO_CO_QUAN'),
      action: reassigning ? 'incoming.reassign' : 'incoming.assign',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: {
        lead: input.lead,
        cooperate: input.cooperate,
        inform: input.inform,
        dueDate: input.dueDate,
        instruction: input.instruction,
        reason: input.reason,
      },
    });
    await oweStatusForIncoming(tx, doc.id, '04', reassigning ? 'Lãnh đạo đã phân công xử lý lại' : 'Lãnh đạo đã phân công xử lý');
    return { rows, forwarded, dropped };
  });
  const told = await assignmentNotifications(
    db,
    doc,
    rows.filter((r) => !r.organisationId),
  );
  for (const f of forwarded.filter((x) => x.created)) told.push(...(await forwardNotifications(db, doc, f.line, f.id)));
  for (const line of dropped) told.push(...(await withdrawalNotifications(db, doc, line, input.reason ?? '')));
  await notifier.send(told);
  return forwarded.map((f) => f.files);
}

const roleVi: Record<AssignmentRole, string> = { CHU_TRI: 'chủ trì xử lý', PHOI_HOP: 'phối hợp xử lý', DE_BIET: 'để biết' };
const roleEn: Record<AssignmentRole, string> = { CHU_TRI: 'lead the handling of', PHOI_HOP: 'cooperate on', DE_BIET: 'be informed of' };

async function assignmentNotifications(db: Db, doc: DocumentRow, lines: AssignmentRow[]): Promise<NewNotification[]> {
  const items: NewNotification[] = [];
  for (const line of lines) {
    for (const userId of await recipientsOf(db, [line])) {
      items.push({
        userId,
        kind: 'incoming.assigned',
        titleVi: `Được giao ${roleVi[line.role]}: ${label(doc)} — ${doc.subject ?? ''}${line.dueDate ? ` (hạn ${viDate(line.dueDate)})` : ''}`,
        titleEn: `You are asked to ${roleEn[line.role]} ${labelEn(doc)} — ${doc.subject ?? ''}${line.dueDate ? ` (due ${viDate(line.dueDate)})` : ''}`,
        link: link(doc),
        data: { assignmentId: line.id, role: line.role },
        dedupeKey: `assigned:${line.id}`,
      });
    }
  }
  return items;
}

/** The leader sends the document back to the clerk (e.g. wrongly routed), with a reason. */
export async function returnToClerk(db: Db, notifier: Notifier, actor: Actor, documentId: string, input: { reason: string }) {
  const doc = await requireVisible(db, actor, documentId);
  if (!holdsIn(actor, doc.organisationId, LEADER_ROLES)) throw forbidden('Only a leader of the receiving organisation returns documents');
  await db.transaction(async (tx) => {
    await transition(tx, doc, ['SUBMITTED'], 'REGISTERED', 'returned', { submittedTo: null, submittedAt: null });
    await recordAudit(tx, {
      ...auditActor(actor, 'LANH_DAO_CO_QUAN'),
      action: 'incoming.return',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { reason: input.reason },
    });
  });
  if (doc.registeredBy) {
    await notifier.send([
      {
        userId: doc.registeredBy,
        kind: 'incoming.returned',
        titleVi: `Văn bản bị trả lại: ${label(doc)} — ${input.reason}`,
        titleEn: `Returned to the clerk: ${labelEn(doc)} — ${input.reason}`,
        link: link(doc),
        dedupeKey: `return:${doc.id}:${Date.now()}`,
      },
    ]);
  }
}

function assertOpenLine(a: AssignmentRow) {
  if (!a.active) throw problem('incoming.assignment_inactive');
  if (a.status === 'DONE' || a.status === 'READ') throw problem('incoming.assignment_done');
}

/** A unit head passes the unit's work to a specialist of the unit (giao chuyên viên). */
export async function delegate(
  db: Db,
  notifier: Notifier,
  actor: Actor,
  assignmentId: string,
  input: { userId: string; dueDate?: string; note?: string },
) {
  const { a, doc } = await requireAssignment(db, actor, assignmentId);
  if (!a.unitId || !isAssignee(actor, a)) throw forbidden('Only the head of the assigned unit passes its work on');
  assertOpenLine(a);
  checkDueDate(input.dueDate);
  if (input.dueDate && a.dueDate && input.dueDate > a.dueDate) {
    throw problem('validation#the_specialist_s_deadline', {}, { errors: [{ path: 'dueDate', message: 'after the unit deadline' }] });
  }
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(roleGrants, eq(roleGrants.userId, users.id))
    .where(and(eq(users.id, input.userId), isNull(users.disabledAt), or(eq(users.unitId, a.unitId), eq(roleGrants.unitId, a.unitId))))
    .limit(1);
  if (!member) {
    throw problem('validation#not_in_assigned_unit', {}, { errors: [{ path: 'userId', message: 'not in the unit' }] });
  }
  const [child] = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(incomingAssignments)
      .values({
        documentId: doc.id,
        parentId: a.id,
        role: a.role,
        userId: input.userId,
        dueDate: input.dueDate ?? a.dueDate,
        instruction: input.note ?? a.instruction,
        assignedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, 'TRUONG_PHONG'),
      action: 'incoming.delegate',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { assignmentId: a.id, userId: input.userId, dueDate: input.dueDate, note: input.note },
    });
    return rows;
  });
  await notifier.send(await assignmentNotifications(db, doc, [child]));
}

/** The lead (or a cooperating unit) starts work: the document moves to "in progress". */
export async function startWork(db: Db, actor: Actor, assignmentId: string) {
  const { a, doc } = await requireAssignment(db, actor, assignmentId);
  if (!isAssignee(actor, a) || a.role === 'DE_BIET') throw forbidden('Only the assignee starts this work');
  assertOpenLine(a);
  if (a.status !== 'OPEN') throw problem('incoming.already_started');
  await db.transaction(async (tx) => {
    await tx.update(incomingAssignments).set({ status: 'IN_PROGRESS' }).where(eq(incomingAssignments.id, a.id));
    if (a.role === 'CHU_TRI') await transition(tx, doc, ['ASSIGNED', 'IN_PROGRESS'], 'IN_PROGRESS', 'started');
    if (a.role === 'CHU_TRI' && doc.status === 'ASSIGNED') await oweStatusForIncoming(tx, doc.id, '05', 'Đang xử lý');
    // Handed down by another organisation: its line follows ("in progress").
    if (a.role === 'CHU_TRI') await followForwarded(tx, doc.id);
    await recordAudit(tx, {
      ...auditActor(actor, roleOf(actor, a)),
      action: 'incoming.start',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { assignmentId: a.id },
    });
  });
}

const roleOf = (actor: Actor, a: AssignmentRow): Role => (a.userId === actor.userId ? 'CHUYEN_VIEN' : 'TRUONG_PHONG');

/** The line and all lines handed down from it (a unit's line and its specialists'). */
async function lineWithDescendants(tx: Tx, a: AssignmentRow): Promise<string[]> {
  const all = await tx
    .select({ id: incomingAssignments.id, parentId: incomingAssignments.parentId })
    .from(incomingAssignments)
    .where(eq(incomingAssignments.documentId, a.documentId));
  const ids = [a.id];
  for (let i = 0; i < ids.length; i++) ids.push(...all.filter((x) => x.parentId === ids[i]).map((x) => x.id));
  return ids;
}

/** The root of a delegated line: the leader's original direction. */
async function rootLine(tx: Tx, a: AssignmentRow): Promise<AssignmentRow> {
  let line = a;
  while (line.parentId) [line] = await tx.select().from(incomingAssignments).where(eq(incomingAssignments.id, line.parentId));
  return line;
}

export interface FinishInput {
  note: string;
  kind: 'complete' | 'input';
  /** Result files (multipart "files"), checked like any upload. */
  files?: UploadedFile<'ATTACHMENT'>[];
  /** The issued reply this completion is (văn bản trả lời), when issuing it completed the line. */
  resultOutgoingId?: string;
}

/** The people above a line: who delegated it (the unit head) and who assigned the line it came from (the leader). */
async function assignersAbove(tx: Db | Tx, a: AssignmentRow): Promise<string[]> {
  const ids = [a.assignedBy];
  let line = a;
  while (line.parentId) {
    [line] = await tx.select().from(incomingAssignments).where(eq(incomingAssignments.id, line.parentId));
    ids.push(line.assignedBy);
  }
  return ids;
}

/**
 * Finishes a line: the lead completes the document with a result note (kết quả xử lý) and any result files;
 * a cooperating unit posts its input. The line, the lines above it up to the leader's and those below it are
 * closed together. The delegating unit head, the assigning leader and the registering clerk are told; an
 * organisation that handed the document down sees its line done with this result.
 */
export async function finishWork(db: Db, blobs: BlobStore, notifier: Notifier, actor: Actor, assignmentId: string, input: FinishInput) {
  const { a, doc } = await requireAssignment(db, actor, assignmentId);
  if (!isAssignee(actor, a)) throw forbidden('Only the assignee finishes this work');
  const { kind } = input;
  if (kind === 'complete' && a.role !== 'CHU_TRI') throw problem('incoming.not_lead');
  if (kind === 'input' && a.role !== 'PHOI_HOP') throw problem('incoming.not_cooperating');
  assertOpenLine(a);
  const checked = [];
  // Kept and served as the organisation's own result: active content is cleaned out, the upload kept beside it.
  for (const f of input.files ?? []) checked.push(await checkAndClean(f));
  const told = await storeUploads(db, blobs, checked, (stored) =>
    db.transaction((tx) =>
      closeLine(tx, a, doc, {
        ...input,
        by: actor.userId,
        audit: auditActor(actor, roleOf(actor, a)),
        files: stored.map((f) => ({
          sha256: f.sha256,
          size: f.size,
          originalName: f.originalName,
          mediaType: f.mediaType,
          activeContent: f.activeContent,
          originalSha256: f.originalSha256,
        })),
      }),
    ),
  );
  await notifier.send(told.filter((n) => n.userId !== actor.userId));
}

/**
 * The common end of a line (finishWork, or an issued reply): closes it with the lines above and below it,
 * records the result, completes the document when it is the lead's, and says who is to be told.
 */
async function closeLine(
  tx: Tx,
  a: AssignmentRow,
  doc: DocumentRow,
  input: {
    kind: 'complete' | 'input';
    note: string;
    resultOutgoingId?: string;
    by: string;
    audit: { actorId: string | null; actorRole: Role | null };
    files: Pick<
      typeof incomingAssignmentFiles.$inferInsert,
      'sha256' | 'size' | 'originalName' | 'mediaType' | 'activeContent' | 'originalSha256'
    >[];
  },
): Promise<NewNotification[]> {
  const { kind, note } = input;
  const top = await rootLine(tx, a);
  const ids = await lineWithDescendants(tx, top);
  const now = new Date();
  const closed = await tx
    .update(incomingAssignments)
    .set({ status: 'DONE', completedAt: now, completedBy: input.by })
    .where(
      and(
        inArray(incomingAssignments.id, ids),
        eq(incomingAssignments.active, true),
        inArray(incomingAssignments.status, ['OPEN', 'IN_PROGRESS']),
      ),
    )
    .returning({ id: incomingAssignments.id });
  // Two people finishing the same work at once: the second finds nothing left open.
  if (!closed.some((c) => c.id === a.id)) throw problem('incoming.assignment_done');
  await tx
    .update(incomingAssignments)
    .set({ resultNote: note, resultOutgoingId: input.resultOutgoingId ?? null })
    .where(eq(incomingAssignments.id, a.id));
  if (input.files.length) {
    await tx
      .insert(incomingAssignmentFiles)
      .values(input.files.map((f, ordinal) => ({ assignmentId: a.id, ordinal, ...f, createdBy: input.by })));
  }
  if (kind === 'complete') {
    await transition(tx, doc, ['ASSIGNED', 'IN_PROGRESS'], 'COMPLETED', 'completed', { completedAt: now });
    await oweStatusForIncoming(tx, doc.id, '06', 'Đã hoàn thành xử lý');
  }
  await recordAudit(tx, {
    ...input.audit,
    action: kind === 'complete' ? 'incoming.complete' : 'incoming.input',
    entityType: 'incoming_document',
    entityId: doc.id,
    data: {
      assignmentId: a.id,
      note,
      resultOutgoingId: input.resultOutgoingId,
      files: input.files.map((f) => ({
        name: f.originalName,
        sha256: f.sha256,
        size: f.size,
        activeContent: f.activeContent,
        originalSha256: f.originalSha256,
      })),
    },
  });
  const following = kind === 'complete' ? await followForwarded(tx, doc.id) : [];
  const told = new Set([
    ...(await assignersAbove(tx, a)),
    top.assignedBy,
    ...(kind === 'complete' && doc.registeredBy ? [doc.registeredBy] : []),
  ]);
  return [
    ...[...told].map((userId) => ({
      userId,
      kind: kind === 'complete' ? 'incoming.completed' : 'incoming.input',
      titleVi: kind === 'complete' ? `Đã hoàn thành xử lý ${label(doc)}: ${note}` : `Có ý kiến phối hợp cho ${label(doc)}: ${note}`,
      titleEn: kind === 'complete' ? `Completed: ${labelEn(doc)}: ${note}` : `Cooperation input on ${labelEn(doc)}: ${note}`,
      link: link(doc),
      dedupeKey: `${kind}:${a.id}`,
    })),
    ...following,
  ];
}

/** The document's open lead lines (the leader's and those passed down from it), oldest first. */
const openLeadLines = (tx: Db | Tx, documentId: string) =>
  tx
    .select()
    .from(incomingAssignments)
    .where(
      and(
        eq(incomingAssignments.documentId, documentId),
        eq(incomingAssignments.active, true),
        eq(incomingAssignments.role, 'CHU_TRI'),
        inArray(incomingAssignments.status, ['OPEN', 'IN_PROGRESS']),
      ),
    )
    .orderBy(asc(incomingAssignments.assignedAt));

/**
 * The lead line a reply decided by `actor` closes: the one the actor holds (the lead, or the specialist it
 * was passed to), else, for a leader of the receiving organisation, the leader's own direction. Nobody else's
 * reply completes anything (someone only informed or cooperating links a reply for reference only).
 */
const leadLineOf = (actor: Actor, doc: DocumentRow, open: AssignmentRow[]) =>
  open.find((l) => isAssignee(actor, l)) ?? (holdsIn(actor, doc.organisationId, LEADER_ROLES) ? open.find((l) => !l.parentId) : undefined);

/** Whether a reply `actor` links may complete the document's handling (before assignment: its leaders only). */
export async function mayCompleteByReply(db: Db | Tx, actor: Actor, doc: DocumentRow): Promise<boolean> {
  return holdsIn(actor, doc.organisationId, LEADER_ROLES) || leadLineOf(actor, doc, await openLeadLines(db, doc.id)) !== undefined;
}

/**
 * An issued reply (văn bản trả lời) completes the handling it answers: the open lead line the person who chose
 * so (`decider`) may close — checked now, at issuance, as the lines may have changed since — is closed with the
 * reply as its result, on behalf of the reply's author (audited as the system, which acted at issuance).
 * Null when no such line was open.
 */
export async function completeByReply(
  tx: Tx,
  incomingId: string,
  reply: { id: string; authorId: string; label: string },
  decider: Actor,
): Promise<NewNotification[] | null> {
  // Locked, so two issuances answering the same document do not both complete it.
  const [doc] = await tx.select().from(incomingDocuments).where(eq(incomingDocuments.id, incomingId)).for('update');
  if (!doc || (doc.status !== 'ASSIGNED' && doc.status !== 'IN_PROGRESS')) return null;
  const line = leadLineOf(decider, doc, await openLeadLines(tx, incomingId));
  if (!line) return null;
  return closeLine(tx, line, doc, {
    kind: 'complete',
    note: `Đã trả lời bằng văn bản số ${reply.label}`,
    resultOutgoingId: reply.id,
    by: reply.authorId,
    audit: { actorId: null, actorRole: null },
    files: [],
  });
}

/** An informed person (để biết) acknowledges having read the document. */
export async function markInformed(db: Db, actor: Actor, assignmentId: string) {
  const { a, doc } = await requireAssignment(db, actor, assignmentId);
  if (!isAssignee(actor, a) || a.role !== 'DE_BIET') throw forbidden('Only the informed person marks this read');
  assertOpenLine(a);
  await db.transaction(async (tx) => {
    await tx
      .update(incomingAssignments)
      .set({ status: 'READ', completedAt: new Date(), completedBy: actor.userId })
      .where(eq(incomingAssignments.id, a.id));
    await recordAudit(tx, {
      ...auditActor(actor, roleOf(actor, a)),
      action: 'incoming.read',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { assignmentId: a.id },
    });
  });
}

/** A leader extends (or brings forward) the deadline of a line, with a reason. */
export async function extendDeadline(
  db: Db,
  notifier: Notifier,
  actor: Actor,
  assignmentId: string,
  input: { dueDate: string; reason: string },
) {
  const { a, doc } = await requireAssignment(db, actor, assignmentId);
  if (!holdsIn(actor, doc.organisationId, LEADER_ROLES)) throw forbidden('Only a leader of the receiving organisation changes deadlines');
  if (a.role === 'DE_BIET') throw problem('incoming.no_deadline');
  assertOpenLine(a);
  checkDueDate(input.dueDate);
  await db.transaction(async (tx) => {
    const ids = await lineWithDescendants(tx, a);
    await tx.update(incomingAssignments).set({ dueDate: input.dueDate }).where(inArray(incomingAssignments.id, ids));
    if (a.role === 'CHU_TRI' && !a.parentId)
      await tx.update(incomingDocuments).set({ dueDate: input.dueDate }).where(eq(incomingDocuments.id, doc.id));
    // An organisation's line: the record it received carries the new deadline too.
    if (a.forwardedDocumentId)
      await tx.update(incomingDocuments).set({ dueDate: input.dueDate }).where(eq(incomingDocuments.id, a.forwardedDocumentId));
    await recordAudit(tx, {
      ...auditActor(actor, 'LANH_DAO_CO_QUAN'),
      action: 'incoming.extend',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { assignmentId: a.id, from: a.dueDate, to: input.dueDate, reason: input.reason },
    });
  });
  const recipients = await recipientsOf(db, [a]);
  await notifier.send(
    recipients.map((userId) => ({
      userId,
      kind: 'incoming.deadline_changed',
      titleVi: `Hạn xử lý ${label(doc)} đổi thành ${viDate(input.dueDate)}: ${input.reason}`,
      titleEn: `Deadline of ${labelEn(doc)} changed to ${viDate(input.dueDate)}: ${input.reason}`,
      link: link(doc),
      dedupeKey: `extend:${a.id}:${input.dueDate}`,
    })),
  );
}

export async function addComment(db: Db, actor: Actor, documentId: string, body: string) {
  const doc = await requireVisible(db, actor, documentId);
  await db.transaction(async (tx) => {
    const [c] = await tx
      .insert(incomingComments)
      .values({ documentId: doc.id, authorId: actor.userId, body })
      .returning({ id: incomingComments.id });
    await recordAudit(tx, {
      ...auditActor(actor, roleIn(actor, doc.organisationId)),
      action: 'incoming.comment',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { commentId: c.id },
    });
  });
}

/**
 * Grants one more person of the receiving organisation access to a secret (mật) document. Only someone who
 * can see it and is its clerk or a leader of the organisation may widen the circle.
 */
export async function grantAccess(db: Db, actor: Actor, documentId: string, userId: string, alerts: PermissionAlerts) {
  const doc = await requireVisible(db, actor, documentId);
  if (!holdsIn(actor, doc.organisationId, [...CLERK_ROLES, ...LEADER_ROLES]))
    throw forbidden('Only the clerk or a leader of the receiving organisation grants access');
  if (!(await activeMembers(db, doc.organisationId)).some((m) => m.id === userId)) {
    throw problem(
      'validation#not_in_receiving_organisation',
      {},
      { errors: [{ path: 'userId', message: 'not in the receiving organisation' }] },
    );
  }
  const raised = await db.transaction(async (tx) => {
    const [granted] = await tx
      .insert(incomingAccessGrants)
      .values({ documentId: doc.id, userId, grantedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, roleIn(actor, doc.organisationId)),
      action: 'incoming.grant_access',
      entityType: 'incoming_document',
      entityId: doc.id,
      data: { userId },
    });
    // Only a new grant on a secret document widens who reads secrets; others read it by their role anyway.
    if (!granted || doc.secrecy === 'KHONG') return [];
    return alerts.raise(tx, actor, [
      {
        organisationId: doc.organisationId,
        kind: 'SECRET_ACCESS_GRANTED',
        subjectUserId: userId,
        data: { documentId: doc.id, secrecy: doc.secrecy, subject: doc.subject },
      },
    ]);
  });
  await alerts.notify(db, raised);
}
