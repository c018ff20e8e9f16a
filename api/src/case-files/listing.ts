import { and, asc, eq, ilike, inArray, or } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditEvents } from '../audit/schema';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { visibleTo as incomingVisibleTo } from '../incoming/access';
import { incomingDocuments } from '../incoming/schema';
import { units } from '../organisations/schema';
import { viewerOf, visibleTo as outgoingVisibleTo } from '../outgoing/access';
import { outgoingDocuments } from '../outgoing/schema';
import { users } from '../users/schema';
import { holdsOnCaseFile } from '../legal-holds/service';
import { isArchivist, isLeader, mayWorkOn, readableBy, requireReadable, type CaseFileRow } from './access';
import { filedDocuments, pageTotalOf, type FiledDocument } from './documents';
import { disposalReviewDate, mustTransfer } from './retention';
import { caseFileDisposalApprovals, caseFiles, type DisposalCapacity, type FiledDocumentKind } from './schema';
import { creator, summaries, summaryOf } from './summary';
import type { CaseFileAction } from './validation';

/** Reading case files: the list, one case file with its documents and history, and what the caller may do with it. */

export async function listCaseFiles(
  db: Db,
  actor: Actor,
  filter: { organisationId?: string; year?: number; unitId?: string; status?: CaseFileRow['status']; q?: string },
) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const items = await summaries(
    db,
    and(
      readableBy(actor),
      filter.organisationId ? eq(caseFiles.organisationId, filter.organisationId) : undefined,
      filter.year ? eq(caseFiles.year, filter.year) : undefined,
      filter.unitId ? eq(caseFiles.unitId, filter.unitId) : undefined,
      filter.status ? eq(caseFiles.status, filter.status) : undefined,
      like ? or(ilike(caseFiles.title, like), ilike(caseFiles.notation, like)) : undefined,
    ),
  );
  return { items, total: items.length };
}

/** What the caller may do now; the same rules the actions enforce. */
function allowedActions(
  actor: Actor,
  cf: CaseFileRow,
  docTotal: number,
  approvals: { capacity: DisposalCapacity; userId: string }[],
  today: string,
): CaseFileAction[] {
  const out: CaseFileAction[] = [];
  const works = mayWorkOn(actor, cf);
  const archivist = isArchivist(actor, cf.organisationId);
  const leader = isLeader(actor, cf.organisationId);
  if (works && cf.status === 'OPEN') out.push('edit', 'file', 'unfile', 'move');
  if (works && cf.status === 'OPEN' && docTotal > 0) out.push('close');
  if (works && cf.status === 'CLOSED') out.push('edit');
  if (leader && cf.status === 'CLOSED') out.push('reopen');
  if (works && cf.status === 'CLOSED' && mustTransfer(cf.retentionYears)) out.push('transfer');
  if (archivist && cf.status === 'TRANSFERRED') out.push('edit');
  const review = disposalReviewDate(cf.endDate, cf.retentionYears);
  if (cf.status === 'TRANSFERRED' && review !== null && review <= today && !approvals.some((a) => a.userId === actor.userId)) {
    if ((archivist && !approvals.some((a) => a.capacity === 'ARCHIVIST')) || (leader && !approvals.some((a) => a.capacity === 'LEADER')))
      out.push('approve_disposal');
  }
  if (works && cf.status !== 'DISPOSED' && docTotal > 0) out.push('export');
  return [...new Set(out)];
}

/** Which of these documents the actor may open (the incoming and outgoing visibility rules, not a copy of them). */
export async function visibleDocumentIds(db: Db, actor: Actor, docs: FiledDocument[]) {
  const ids = (kind: FiledDocumentKind) => docs.filter((d) => d.kind === kind && d.documentId).map((d) => d.documentId!);
  const incoming = ids('INCOMING');
  const outgoing = ids('OUTGOING');
  const viewer = outgoing.length ? await viewerOf(db, actor) : null;
  const [a, b] = await Promise.all([
    incoming.length
      ? db
          .select({ id: incomingDocuments.id })
          .from(incomingDocuments)
          .where(and(inArray(incomingDocuments.id, incoming), incomingVisibleTo(actor)))
      : [],
    viewer
      ? db
          .select({ id: outgoingDocuments.id })
          .from(outgoingDocuments)
          .where(and(inArray(outgoingDocuments.id, outgoing), outgoingVisibleTo(viewer)))
      : [],
  ]);
  return new Set([...a, ...b].map((r) => r.id));
}

export async function getCaseFile(db: Db, actor: Actor, id: string) {
  const cf = await requireReadable(db, actor, id);
  const [names] = await db
    .select({ unitName: units.name, creatorName: creator })
    .from(caseFiles)
    .leftJoin(units, eq(units.id, caseFiles.unitId))
    .where(eq(caseFiles.id, id));
  const docs = await filedDocuments(db, id);
  const visible = await visibleDocumentIds(db, actor, docs);
  const approvals = await db
    .select({ a: caseFileDisposalApprovals, fullName: users.fullName })
    .from(caseFileDisposalApprovals)
    .innerJoin(users, eq(users.id, caseFileDisposalApprovals.userId))
    .where(eq(caseFileDisposalApprovals.caseFileId, id))
    .orderBy(asc(caseFileDisposalApprovals.approvedAt));
  const history = await db
    .select({ e: auditEvents, actorName: users.fullName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, 'case_file'), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.id));
  const today = todayInVietnam();
  const holds = await holdsOnCaseFile(db, cf);
  return {
    ...summaryOf(cf, names, { docTotal: docs.length, pageTotal: pageTotalOf(docs) }, today),
    holds: holds.map((h) => ({
      id: h.id,
      scope: h.scope,
      year: h.year,
      reason: h.reason,
      placedAt: h.placedAt,
      placedByName: h.placedByName,
    })),
    documents: docs.map((d) => {
      // Someone who may not open a document sees that it is there (its place in the file), not what it says.
      const shown = d.documentId === null || visible.has(d.documentId);
      const f = d.metadata.fields;
      const numberAndSymbol = f.CodeNumber && f.CodeNotation ? `${f.CodeNumber}/${f.CodeNotation}` : (f.CodeNotation ?? f.CodeNumber);
      return {
        entryId: d.entryId,
        ordinal: d.ordinal,
        kind: d.kind,
        documentId: d.documentId,
        visible: shown,
        numberAndSymbol: shown ? numberAndSymbol : null,
        issuedDate: shown ? f.IssuedDate : null,
        organName: shown ? f.OrganName : null,
        subject: shown ? f.Subject : null,
        typeName: shown ? f.TypeName : null,
        pageAmount: shown && f.PageAmount ? Number(f.PageAmount) : null,
        files: shown ? d.files : [],
      };
    }),
    disposal: {
      approvals: approvals.map(({ a, fullName }) => ({
        capacity: a.capacity,
        user: { id: a.userId, fullName },
        reason: a.reason,
        approvedAt: a.approvedAt.toISOString(),
      })),
    },
    // An export carries every document's text and files: offered only to whoever may open them all (exportCaseFile).
    allowedActions: allowedActions(
      actor,
      cf,
      docs.length,
      approvals.map(({ a }) => a),
      today,
    )
      .filter((a) => a !== 'export' || docs.every((d) => d.documentId === null || visible.has(d.documentId)))
      // While held (phong toả) only reading and export remain: every change is refused by requireNotHeld.
      .filter((a) => !holds.length || a === 'export'),
    history: history.map(({ e, actorName }) => ({
      at: e.at.toISOString(),
      actorName: actorName ?? null,
      actorRole: e.actorRole,
      action: e.action,
      data: e.data,
    })),
  };
}
