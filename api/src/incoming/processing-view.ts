import { aliasedTable, and, asc, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../audit/schema';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { organisations, units } from '../organisations/schema';
import type { BlobStore } from '../storage/blob-store';
import { viewerOf } from '../outgoing/access';
import { users } from '../users/schema';
import { CLERK_ROLES, LEADER_ROLES, holdsIn, isAssignee, requireVisible } from './access';
import { forwardedFrom, forwardedProgress, repliesOf } from './forwarding';
import { incomingAssignmentFiles, incomingAssignments, incomingComments } from './processing-schema';
import type { incomingDocuments } from './schema';
import type { incomingActions } from './validation';

export type AllowedAction = { action: (typeof incomingActions)[number]; assignmentId?: string };

const assignee = aliasedTable(users, 'assignee');
const assigner = aliasedTable(users, 'assigner');

/** The handling side of a document: direction lines, comments, history, and what this caller may do next. */
export async function processingView(db: Db, actor: Actor, doc: typeof incomingDocuments.$inferSelect) {
  const lines = await db
    .select({
      a: incomingAssignments,
      unitName: units.name,
      organisationName: organisations.name,
      userName: assignee.fullName,
      assignerName: assigner.fullName,
    })
    .from(incomingAssignments)
    .leftJoin(units, eq(units.id, incomingAssignments.unitId))
    .leftJoin(organisations, eq(organisations.id, incomingAssignments.organisationId))
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
  const lineIds = lines.map((l) => l.a.id);
  const files = lineIds.length
    ? await db
        .select()
        .from(incomingAssignmentFiles)
        .where(inArray(incomingAssignmentFiles.assignmentId, lineIds))
        .orderBy(asc(incomingAssignmentFiles.ordinal))
    : [];
  const viewer = await viewerOf(db, actor);
  const progress = await forwardedProgress(
    db,
    viewer,
    lines.flatMap((l) => (l.a.forwardedDocumentId ? [l.a.forwardedDocumentId] : [])),
    doc.organisationId,
  );
  const replies = await repliesOf(db, viewer, [doc.id]);
  const submittedTo = doc.submittedTo
    ? await db.select({ id: users.id, fullName: users.fullName, position: users.position }).from(users).where(eq(users.id, doc.submittedTo))
    : [];

  const allowed: AllowedAction[] = [];
  const clerk = holdsIn(actor, doc.organisationId, CLERK_ROLES);
  const leader = holdsIn(actor, doc.organisationId, LEADER_ROLES);
  if (clerk && doc.status === 'DRAFT' && !doc.refusedAt && !doc.revokedAt) allowed.push({ action: 'register' });
  if (clerk && doc.status === 'DRAFT' && !doc.refusedAt && doc.channel === 'AXIS') allowed.push({ action: 'refuse' });
  if (clerk && doc.status === 'DRAFT' && DISCARDABLE.includes(doc.channel)) allowed.push({ action: 'discard' });
  if (clerk && doc.status === 'REGISTERED') allowed.push({ action: 'submit' });
  if (leader && doc.status === 'SUBMITTED') allowed.push({ action: 'assign' }, { action: 'return' });
  if (leader && (doc.status === 'ASSIGNED' || doc.status === 'IN_PROGRESS')) allowed.push({ action: 'reassign' });
  if (doc.status !== 'DRAFT') allowed.push({ action: 'comment' });
  for (const { a } of lines) {
    if (!a.active || a.status === 'DONE' || a.status === 'READ') continue;
    const mine = isAssignee(actor, a);
    if (leader && a.role !== 'DE_BIET' && doc.status !== 'COMPLETED') allowed.push({ action: 'extend', assignmentId: a.id });
    if (!mine) continue;
    if (a.role === 'DE_BIET') {
      allowed.push({ action: 'read', assignmentId: a.id });
      continue;
    }
    if (a.unitId) allowed.push({ action: 'delegate', assignmentId: a.id });
    if (a.status === 'OPEN') allowed.push({ action: 'start', assignmentId: a.id });
    allowed.push({ action: a.role === 'CHU_TRI' ? 'complete' : 'input', assignmentId: a.id });
  }
  // Whoever handles the lead line drafts the reply (văn bản trả lời); the server checks drafting rights again.
  if (
    lines.some(({ a }) => a.active && a.role === 'CHU_TRI' && (a.status === 'OPEN' || a.status === 'IN_PROGRESS') && isAssignee(actor, a))
  )
    allowed.push({ action: 'reply' });

  return {
    submittedTo: submittedTo[0] ?? null,
    assignments: lines.map(({ a, unitName, organisationName, userName, assignerName }) => ({
      id: a.id,
      parentId: a.parentId,
      role: a.role,
      unit: a.unitId ? { id: a.unitId, name: unitName ?? '' } : null,
      organisation: a.organisationId ? { id: a.organisationId, name: organisationName ?? '' } : null,
      forwarded: a.forwardedDocumentId ? (progress.get(a.forwardedDocumentId) ?? null) : null,
      // activeContent: what the upload had, cleaned out of the copy served (the upload kept as originalSha256).
      resultFiles: files
        .filter((f) => f.assignmentId === a.id)
        .map((f) => ({ id: f.id, originalName: f.originalName, mediaType: f.mediaType, size: f.size, activeContent: f.activeContent })),
      resultOutgoingId: a.resultOutgoingId,
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
    comments: comments.map(({ c, authorName }) => ({
      id: c.id,
      author: { id: c.authorId, fullName: authorName },
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
    history: history.map(({ e, actorName }) => ({
      at: e.at.toISOString(),
      actorName: actorName ?? null,
      actorRole: e.actorRole,
      action: e.action,
      data: e.data,
    })),
    forwardedFrom: await forwardedFrom(db, doc.id),
    replies: replies.map(({ incomingId: _i, ...r }) => r),
    allowedActions: allowed,
  };
}

/** Channels of a clerk's own intake: a mistaken upload may be discarded. What another system sent is refused instead. */
export const DISCARDABLE: (typeof incomingDocuments.$inferSelect)['channel'][] = ['PAPER', 'EMAIL', 'HAND'];

/** A result file of a line, for anyone who sees the document. */
export async function openAssignmentFile(db: Db, blobs: BlobStore, actor: Actor, documentId: string, assignmentId: string, fileId: string) {
  await requireVisible(db, actor, documentId);
  const [row] = await db
    .select({ f: incomingAssignmentFiles })
    .from(incomingAssignmentFiles)
    .innerJoin(incomingAssignments, eq(incomingAssignments.id, incomingAssignmentFiles.assignmentId))
    .where(
      and(
        eq(incomingAssignmentFiles.id, fileId),
        eq(incomingAssignmentFiles.assignmentId, assignmentId),
        eq(incomingAssignments.documentId, documentId),
      ),
    );
  if (!row) throw notFound(`File ${fileId}`, 'tệp');
  return { stream: await blobs.get(row.f.sha256), name: row.f.originalName, mediaType: row.f.mediaType };
}
