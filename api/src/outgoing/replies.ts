import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { forbidden } from '../http/problem';
import { requireVisible as requireIncoming, roleIn, visibleTo as incomingVisibleTo } from '../incoming/access';
import { completeByReply, mayCompleteByReply } from '../incoming/processing';
import { incomingDocuments } from '../incoming/schema';
import type { Notifier } from '../notifications/notifier';
import type { NewNotification } from '../notifications/service';
import { roleGrantsOf } from '../users/service';
import { requireVisible, viewerOf, type OutgoingRow } from './access';
import { numberAndSymbol } from './document-types';
import { outgoingDocuments, outgoingReplies } from './schema';
import { problem } from '../http/problems';

/** Who decides whether issuing the reply completes the handling: its author and the organisation's leaders and unit heads. */
const DECIDING_ROLES = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG', 'TRUONG_PHONG'];
const mayDecide = (actor: Actor, doc: OutgoingRow) =>
  doc.authorId === actor.userId || actor.roles.some((g) => g.organisationId === doc.organisationId && DECIDING_ROLES.includes(g.role));

/**
 * Links an outgoing document as the reply to incoming documents (văn bản trả lời), in the caller's
 * transaction: each must be one the actor may open, of the organisation that issues the reply. Only who may
 * complete the incoming document's handling (its lead, or a leader) links one that completes it on issue;
 * anyone else's link is kept for reference, with `completeOnIssue` off (issue 17).
 */
export async function linkReplies(
  tx: Tx,
  actor: Actor,
  doc: { id: string; organisationId: string },
  incomingIds: string[],
  completeOnIssue = true,
) {
  for (const [i, incomingId] of incomingIds.entries()) {
    const incoming = await requireIncoming(tx, actor, incomingId).catch(() => null);
    if (!incoming || incoming.organisationId !== doc.organisationId || incoming.status === 'DRAFT') {
      throw problem(
        'validation#replyto_not_a_registered',
        { i },
        { errors: [{ path: `replyTo.${i}`, message: 'not a registered incoming document of the issuing organisation' }] },
      );
    }
    const completes = completeOnIssue && (await mayCompleteByReply(tx, actor, incoming));
    const [linked] = await tx
      .insert(outgoingReplies)
      .values({ outgoingId: doc.id, incomingId, completeOnIssue: completes, linkedBy: actor.userId, decidedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!linked) continue;
    const audit = {
      ...auditActor(actor, roleIn(actor, doc.organisationId)),
      data: { outgoingId: doc.id, incomingId, completeOnIssue: completes },
    };
    await recordAudit(tx, { ...audit, action: 'outgoing.link_reply', entityType: 'outgoing_document', entityId: doc.id });
    await recordAudit(tx, { ...audit, action: 'incoming.reply_linked', entityType: 'incoming_document', entityId: incomingId });
  }
}

/** Links afterwards; a reply already issued completes the handling at once when `completeOnIssue`. */
export async function linkReply(
  db: Db,
  notifier: Notifier,
  actor: Actor,
  id: string,
  input: { incomingId: string; completeOnIssue: boolean },
) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  if (!mayDecide(actor, doc)) throw forbidden('Only the author, a leader or a unit head of the issuing organisation links a reply');
  await db.transaction((tx) => linkReplies(tx, actor, doc, [input.incomingId], input.completeOnIssue));
  if (doc.status === 'ISSUED' || doc.status === 'DISPATCHED') await completeAnswered(db, notifier, id);
}

/** The leader's choice: whether issuing this reply completes the incoming document's handling (default on). */
export async function setCompleteOnIssue(db: Db, actor: Actor, id: string, incomingId: string, completeOnIssue: boolean) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  if (!mayDecide(actor, doc)) throw forbidden('Only the author, a leader or a unit head of the issuing organisation decides this');
  await db.transaction(async (tx) => {
    if (completeOnIssue && !(await mayCompleteByReply(tx, actor, await requireIncoming(tx, actor, incomingId)))) {
      throw forbidden("Only the lead of the incoming document's handling or a leader of its organisation lets a reply complete it");
    }
    const [row] = await tx
      .update(outgoingReplies)
      .set({ completeOnIssue, decidedBy: actor.userId })
      .where(and(eq(outgoingReplies.outgoingId, id), eq(outgoingReplies.incomingId, incomingId), isNull(outgoingReplies.completedAt)))
      .returning();
    if (!row) throw problem('outgoing.reply_not_open');
    await recordAudit(tx, {
      ...auditActor(actor, roleIn(actor, doc.organisationId)),
      action: 'outgoing.reply_completes',
      entityType: 'outgoing_document',
      entityId: id,
      data: { incomingId, completeOnIssue },
    });
  });
}

/** The incoming documents this one answers that the actor may see (the one visibility rule), for its page. */
export async function answeredBy(db: Db, actor: Actor, outgoingId: string) {
  const rows = await db
    .select({ r: outgoingReplies, d: incomingDocuments })
    .from(outgoingReplies)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, outgoingReplies.incomingId))
    .where(and(eq(outgoingReplies.outgoingId, outgoingId), incomingVisibleTo(actor)))
    .orderBy(asc(outgoingReplies.linkedAt));
  return rows.map(({ r, d }) => ({
    incomingId: d.id,
    arrival: d.arrivalNumber !== null ? { number: d.arrivalNumber, year: d.arrivalYear! } : null,
    number: d.number,
    symbol: d.symbol,
    issuerName: d.issuerName,
    subject: d.subject,
    completeOnIssue: r.completeOnIssue,
    completedAt: r.completedAt?.toISOString() ?? null,
  }));
}

/**
 * After issuance: each incoming document this reply answers with `completeOnIssue` has its lead line
 * completed with the reply as the result (and, handed down from another organisation, that one sees it too).
 */
export async function completeAnswered(db: Db, notifier: Notifier, outgoingId: string, issued?: typeof outgoingDocuments.$inferSelect) {
  const [doc] = issued ? [issued] : await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, outgoingId));
  if (!doc || doc.issuedNumber === null || !doc.symbol) return;
  const links = await db
    .select()
    .from(outgoingReplies)
    .where(and(eq(outgoingReplies.outgoingId, outgoingId), eq(outgoingReplies.completeOnIssue, true), isNull(outgoingReplies.completedAt)));
  const deciders = await roleGrantsOf(
    db,
    links.map((l) => l.decidedBy ?? l.linkedBy),
  );
  const told: NewNotification[] = [];
  for (const link of links) {
    const decidedBy = link.decidedBy ?? link.linkedBy;
    const decider = { userId: decidedBy, roles: deciders.get(decidedBy) ?? [] };
    told.push(
      ...(await db.transaction(async (tx) => {
        const done = await completeByReply(
          tx,
          link.incomingId,
          { id: doc.id, authorId: doc.authorId, label: numberAndSymbol(doc.issuedNumber!, doc.symbol!) },
          decider,
        );
        // Marked only when it completed something: a handling not open (yet) stays to the people handling it.
        if (done) {
          await tx
            .update(outgoingReplies)
            .set({ completedAt: new Date() })
            .where(and(eq(outgoingReplies.outgoingId, outgoingId), eq(outgoingReplies.incomingId, link.incomingId)));
        }
        return done ?? [];
      })),
    );
  }
  await notifier.send(told);
}
