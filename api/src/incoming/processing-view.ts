import { aliasedTable, and, asc, eq } from 'drizzle-orm';
import { auditEvents } from '../audit/schema';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { units } from '../organisations/schema';
import { users } from '../users/schema';
import { CLERK_ROLES, LEADER_ROLES, holdsIn, isAssignee } from './access';
import { incomingAssignments, incomingComments } from './processing-schema';
import type { incomingDocuments } from './schema';

export type AllowedAction = { action: string; assignmentId?: string };

const assignee = aliasedTable(users, 'assignee');
const assigner = aliasedTable(users, 'assigner');

/** The handling side of a document: direction lines, comments, history, and what this caller may do next. */
export async function processingView(db: Db, actor: Actor, doc: typeof incomingDocuments.$inferSelect) {
  const lines = await db
      .select({ a: incomingAssignments, unitName: units.name, userName: assignee.fullName, assignerName: assigner.fullName })
      .from(incomingAssignments)
      .leftJoin(units, eq(units.id, incomingAssignments.unitId))
      .leftJoin(assignee, eq(assignee.id, incomingAssignments.userId))
      .leftJoin(assigner, eq(assigner.id, incomingAssignments.assignedBy))
      .where(eq(incomingAssignments.documentId, doc.id))
      .orderBy(asc(incomingAssignments.assignedAt));
  const comments = await db
      .select({ c: incomingComments, authorName: users.fullName })
      .from(incomingComments)
      .innerJoin(users, eq(users.id, incomingComments.authorId))
      .where(eq(incomingComments.documentId, doc.id))
      .orderBy(asc(incomingComments.createdAt));
  const history = await db
      .select({ e: auditEvents, actorName: users.fullName })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.entityType, 'incoming_document'), eq(auditEvents.entityId, doc.id)))
      .orderBy(asc(auditEvents.id));
  const submittedTo = doc.submittedTo
    ? await db.select({ id: users.id, fullName: users.fullName, position: users.position }).from(users).where(eq(users.id, doc.submittedTo))
    : [];

  const allowed: AllowedAction[] = [];
  const clerk = holdsIn(actor, doc.organisationId, CLERK_ROLES);
  const leader = holdsIn(actor, doc.organisationId, LEADER_ROLES);
  if (clerk && doc.status === 'DRAFT' && !doc.refusedAt) allowed.push({ action: 'register' });
  if (clerk && doc.status === 'DRAFT' && !doc.refusedAt && doc.channel === 'AXIS') allowed.push({ action: 'refuse' });
  if (clerk && doc.status === 'REGISTERED') allowed.push({ action: 'submit' });
  if (leader && doc.status === 'SUBMITTED') allowed.push({ action: 'assign' }, { action: 'return' });
  if (leader && (doc.status === 'ASSIGNED' || doc.status === 'IN_PROGRESS')) allowed.push({ action: 'reassign' });
  if (doc.status !== 'DRAFT') allowed.push({ action: 'comment' });
  for (const { a } of lines) {
    if (!a.active || a.status === 'DONE' || a.status === 'READ') continue;
    const mine = isAssignee(actor, a);
    if (leader && a.role !== 'DE_BIET') allowed.push({ action: 'extend', assignmentId: a.id });
    if (!mine) continue;
    if (a.role === 'DE_BIET') {
      allowed.push({ action: 'read', assignmentId: a.id });
      continue;
    }
    if (a.unitId) allowed.push({ action: 'delegate', assignmentId: a.id });
    if (a.status === 'OPEN') allowed.push({ action: 'start', assignmentId: a.id });
    allowed.push({ action: a.role === 'CHU_TRI' ? 'complete' : 'input', assignmentId: a.id });
  }

  return {
    submittedTo: submittedTo[0] ?? null,
    assignments: lines.map(({ a, unitName, userName, assignerName }) => ({
      id: a.id,
      parentId: a.parentId,
      role: a.role,
      unit: a.unitId ? { id: a.unitId, name: unitName ?? '' } : null,
      user: a.userId ? { id: a.userId, fullName: userName ?? '' } : null,
      dueDate: a.dueDate,
      instruction: a.instruction,
      status: a.status,
      resultNote: a.resultNote,
      assignedBy: { id: a.assignedBy, fullName: assignerName ?? '' },
      assignedAt: a.assignedAt.toISOString(),
      completedAt: a.completedAt?.toISOString() ?? null,
      active: a.active,
    })),
    comments: comments.map(({ c, authorName }) => ({ id: c.id, author: { id: c.authorId, fullName: authorName }, body: c.body, createdAt: c.createdAt.toISOString() })),
    history: history.map(({ e, actorName }) => ({ at: e.at.toISOString(), actorName: actorName ?? null, actorRole: e.actorRole, action: e.action, data: e.data })),
    allowedActions: allowed,
  };
}
