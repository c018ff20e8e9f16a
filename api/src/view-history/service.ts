import { and, desc, eq, lt } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { forbidden } from '../http/problem';
import { CLERK_ROLES, LEADER_ROLES as INCOMING_LEADERS, holdsIn, requireVisible as requireVisibleIncoming } from '../incoming/access';
import { requireVisible as requireVisibleOutgoing, viewerOf } from '../outgoing/access';
import { users } from '../users/schema';
import { documentViews, viewedDocumentKinds } from './schema';

export type ViewedDocumentKind = (typeof viewedDocumentKinds)[number];
export type ViewedWhat = 'PAGE' | 'ORIGINAL' | 'STAMPED' | 'SEARCHABLE' | 'ISSUED' | 'SIGNED' | 'FILE';

/** One read of a document: its page opened, or a file downloaded. Called after access was granted. */
export async function recordView(
  db: Db,
  actor: Actor,
  read: { kind: ViewedDocumentKind; documentId: string; fileId?: string | null; what: ViewedWhat },
) {
  await db.insert(documentViews).values({
    userId: actor.userId,
    documentKind: read.kind,
    documentId: read.documentId,
    fileId: read.fileId ?? null,
    what: read.what,
    ip: actor.ip ?? null,
  });
}

/**
 * Who read the document and when, newest first. Its history is for those who answer for the organisation's
 * documents: its clerks and leaders (of the issuing or receiving organisation); others who may read the
 * document (assignees, grantees) are refused, as is anyone who may not see it at all (404, like a missing id).
 */
export async function listViews(db: Db, actor: Actor, kind: ViewedDocumentKind, documentId: string, limit = 500) {
  if (kind === 'INCOMING') {
    const doc = await requireVisibleIncoming(db, actor, documentId);
    if (!holdsIn(actor, doc.organisationId, [...CLERK_ROLES, ...INCOMING_LEADERS]))
      throw forbidden('Only the clerks and leaders of the organisation see who read its documents');
  } else {
    const viewer = await viewerOf(db, actor);
    const doc = await requireVisibleOutgoing(db, viewer, documentId);
    if (![...viewer.clerkOf, ...viewer.leaderOf].includes(doc.organisationId))
      throw forbidden('Only the clerks and leaders of the organisation see who read its documents');
  }
  const rows = await db
    .select({
      at: documentViews.at,
      userId: documentViews.userId,
      userName: users.fullName,
      fileId: documentViews.fileId,
      what: documentViews.what,
      ip: documentViews.ip,
    })
    .from(documentViews)
    .innerJoin(users, eq(users.id, documentViews.userId))
    .where(and(eq(documentViews.documentKind, kind), eq(documentViews.documentId, documentId)))
    .orderBy(desc(documentViews.at), desc(documentViews.id))
    .limit(limit);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}

/** Housekeeping: view history older than the configured retention is deleted. Idempotent. */
export async function pruneViewHistory(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const deleted = await db.delete(documentViews).where(lt(documentViews.at, cutoff)).returning({ id: documentViews.id });
  return deleted.length;
}
