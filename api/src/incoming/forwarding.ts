import { aliasedTable, and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam, viDate } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { oweStatusForIncoming } from '../exchange/statuses';
import type { NewNotification } from '../notifications/service';
import { organisations } from '../organisations/schema';
import { numberAndSymbol } from '../outgoing/document-types';
import { ISSUED_STATES, visibleTo as outgoingVisibleTo, type OutgoingViewer } from '../outgoing/access';
import { outgoingDeliveries, outgoingDocuments, outgoingReplies } from '../outgoing/schema';
import { recordAudit } from '../audit/service';
import { clerksOf } from '../users/service';
import { users } from '../users/schema';
import { incomingAccessGrants, incomingAssignments } from './processing-schema';
import { incomingDocuments, incomingFiles } from './schema';
import { insertDraft } from './drafts';
import type { Queue } from 'bullmq';
import { mediaTypes } from '../files/media-type';
import { validationJobs } from '../signing/incoming-signatures';
import { enqueueTextExtraction } from './extraction';

type DocumentRow = typeof incomingDocuments.$inferSelect;
type AssignmentRow = typeof incomingAssignments.$inferSelect;
type OrganisationRow = typeof organisations.$inferSelect;

const validOn = (o: OrganisationRow, day: string) => (!o.validFrom || o.validFrom <= day) && (!o.validTo || o.validTo >= day);

/**
 * The organisations a leader of `organisationId` may hand a document to: every organisation below it in the
 * tree that exists today (a UBND tỉnh → its Sở and the UBND of lower levels; dissolved ones are history).
 * Its own office (kind OFFICE) is not among them: the office's units are offered as units of the leader's own.
 */
export async function organisationsBelow(db: Db | Tx, organisationId: string, day = todayInVietnam()): Promise<OrganisationRow[]> {
  const all = await db.select().from(organisations).orderBy(asc(organisations.name));
  const below: OrganisationRow[] = [];
  const walk = (parentId: string) => {
    for (const o of all.filter((x) => x.parentId === parentId)) {
      if (!validOn(o, day)) continue;
      if (!(parentId === organisationId && o.kind === 'OFFICE')) below.push(o);
      walk(o.id);
    }
  };
  walk(organisationId);
  return below;
}

/** The offices serving an organisation (Văn phòng UBND tỉnh for the UBND tỉnh): their units work for it. */
export async function officesOf(db: Db | Tx, organisationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.parentId, organisationId), eq(organisations.kind, 'OFFICE')));
  return rows.map((r) => r.id);
}

/**
 * Sends the document to the organisation an assignment line names: an incoming record (channel INTERNAL) in
 * that organisation, with the document's metadata, its files (the same blobs, their extracted text copied)
 * and the line's deadline, ready for its clerk to register. A line that replaces an earlier one for the same
 * organisation (re-assignment) keeps the record already sent; its deadline follows the new line.
 */
export async function forwardToOrganisation(
  tx: Tx,
  actor: Actor,
  doc: DocumentRow,
  line: AssignmentRow,
  earlier?: string | null,
): Promise<{ id: string; created: boolean; files: ForwardedFiles }> {
  if (earlier) {
    // Given back after being taken away: a record withdrawn before registration is in force again.
    await tx
      .update(incomingDocuments)
      .set({ dueDate: line.dueDate, revokedAt: null, revokedReason: null })
      .where(eq(incomingDocuments.id, earlier));
    await tx.update(incomingAssignments).set({ forwardedDocumentId: earlier }).where(eq(incomingAssignments.id, line.id));
    return { id: earlier, created: false, files: { extract: [], validate: [] } };
  }
  const files = await tx.select().from(incomingFiles).where(eq(incomingFiles.documentId, doc.id)).orderBy(asc(incomingFiles.ordinal));
  const created = await insertDraft(
    tx,
    actor,
    'LANH_DAO_CO_QUAN',
    {
      organisationId: line.organisationId!,
      channel: 'INTERNAL',
      prefill: {
        issuerName: doc.issuerName,
        issuerOrganCode: doc.issuerOrganCode,
        number: doc.number,
        symbol: doc.symbol,
        issueDate: doc.issueDate,
        documentType: doc.documentType,
        subject: doc.subject,
        signerName: doc.signerName,
        signerPosition: doc.signerPosition,
        signerAuthority: doc.signerAuthority,
        urgency: doc.urgency,
        secrecy: doc.secrecy,
        dueDate: line.dueDate,
      },
    },
    // The same bytes: what the sender's file was flagged for (scripts, launch actions) holds for the copy too.
    files.map((f) => ({
      role: f.role,
      sha256: f.sha256,
      size: f.size,
      originalName: f.originalName,
      mediaType: f.mediaType,
      pageCount: f.pageCount,
      activeContent: f.activeContent,
    })),
  );
  // Text read (or OCR done) once already is copied, not read again; what is still pending is read for the copy too.
  const copies = await tx.select().from(incomingFiles).where(eq(incomingFiles.documentId, created.id));
  const extract: string[] = [];
  for (const f of files) {
    const copy = copies.find((c) => c.ordinal === f.ordinal)!;
    if (f.extractionState === 'PENDING' || f.ocrState === 'PENDING' || f.ocrState === 'RUNNING') {
      if (copy.mediaType === mediaTypes.PDF) extract.push(copy.id);
      continue;
    }
    await tx
      .update(incomingFiles)
      .set({
        extractionState: f.extractionState,
        extractedText: f.extractedText,
        extractionError: f.extractionError,
        extractedAt: f.extractedAt,
        ocrState: f.ocrState,
        ocrSha256: f.ocrSha256,
        ocrError: f.ocrError,
        ocrAt: f.ocrAt,
      })
      .where(eq(incomingFiles.id, copy.id));
  }
  if (doc.secrecy !== 'KHONG') {
    const clerks = await clerksOf(tx, line.organisationId!);
    if (clerks.length)
      await tx
        .insert(incomingAccessGrants)
        .values(clerks.map((userId) => ({ documentId: created.id, userId, grantedBy: actor.userId })))
        .onConflictDoNothing();
  }
  await tx.update(incomingAssignments).set({ forwardedDocumentId: created.id }).where(eq(incomingAssignments.id, line.id));
  return { id: created.id, created: true, files: { extract, validate: created.pdfFileIds.filter((id) => !extract.includes(id)) } };
}

/**
 * A re-assignment took the document away from organisations (lines in `replaced` none of `current` names
 * again): a record they have not registered yet is withdrawn (thu hồi, with the leader's reason) so their clerk
 * cannot take it into the register; one registered stays theirs. Returns the lines whose organisation to tell.
 */
export async function withdrawForwarded(
  tx: Tx,
  replaced: AssignmentRow[],
  current: AssignmentRow[],
  reason: string,
): Promise<AssignmentRow[]> {
  const dropped = replaced.filter(
    (r, i) =>
      r.forwardedDocumentId &&
      !current.some((c) => c.organisationId === r.organisationId) &&
      replaced.findIndex((x) => x.organisationId === r.organisationId) === i,
  );
  for (const line of dropped) {
    await tx
      .update(incomingDocuments)
      .set({ revokedAt: new Date(), revokedReason: `Cơ quan giao đã giao lại cho nơi khác: ${reason}` })
      .where(and(eq(incomingDocuments.id, line.forwardedDocumentId!), eq(incomingDocuments.status, 'DRAFT')));
  }
  return dropped;
}

/** The clerks of an organisation the document was taken away from are told, with the reason. */
export async function withdrawalNotifications(
  db: Db,
  origin: DocumentRow,
  line: AssignmentRow,
  reason: string,
): Promise<NewNotification[]> {
  const [from] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, origin.organisationId));
  return (await clerksOf(db, line.organisationId!)).map((userId) => ({
    userId,
    kind: 'incoming.withdrawn',
    titleVi: `${from.name} đã thu hồi, giao lại cho nơi khác: ${origin.subject ?? ''} — ${reason}`,
    titleEn: `${from.name} took back what it had assigned you: ${origin.subject ?? ''} — ${reason}`,
    link: `/incoming/${line.forwardedDocumentId}`,
    dedupeKey: `withdrawn:${line.id}`,
  }));
}

/** Copies' files still to read (extraction, which validates signatures too) and those only to validate. */
export interface ForwardedFiles {
  extract: string[];
  validate: string[];
}

/** After commit: the forwarded copies' jobs (a lost enqueue leaves text or the signature report missing, not data). */
export async function enqueueForwardedFiles(queue: Queue, files: ForwardedFiles[]) {
  await enqueueTextExtraction(
    queue,
    files.flatMap((f) => f.extract),
  );
  const validate = files.flatMap((f) => f.validate);
  if (validate.length) await queue.addBulk(validationJobs(validate));
}

const roleVi = { CHU_TRI: 'chủ trì', PHOI_HOP: 'phối hợp', DE_BIET: 'để biết' } as const;
const roleEn = { CHU_TRI: 'lead', PHOI_HOP: 'cooperation', DE_BIET: 'information' } as const;

/** The organisation's clerks are told a document was handed to it, with its role and deadline. */
export async function forwardNotifications(
  db: Db,
  origin: DocumentRow,
  line: AssignmentRow,
  forwardedId: string,
): Promise<NewNotification[]> {
  const [from] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, origin.organisationId));
  return (await clerksOf(db, line.organisationId!)).map((userId) => ({
    userId,
    kind: 'incoming.forwarded',
    titleVi: `${from.name} giao ${roleVi[line.role]}: ${origin.subject ?? ''}${line.dueDate ? ` (hạn ${viDate(line.dueDate)})` : ''} — chờ vào sổ`,
    titleEn: `${from.name} assigned you (${roleEn[line.role]}): ${origin.subject ?? ''}${line.dueDate ? ` (due ${viDate(line.dueDate)})` : ''} — to register`,
    link: `/incoming/${forwardedId}`,
    dedupeKey: `forwarded:${line.id}`,
  }));
}

/** The result of a document's handling: the lead's note and the issued replies, for whoever follows it. */
async function resultOf(db: Db | Tx, documentId: string) {
  const [lead] = await db
    .select()
    .from(incomingAssignments)
    .where(
      and(
        eq(incomingAssignments.documentId, documentId),
        eq(incomingAssignments.role, 'CHU_TRI'),
        eq(incomingAssignments.active, true),
        isNotNull(incomingAssignments.resultNote),
      ),
    )
    .orderBy(desc(incomingAssignments.completedAt))
    .limit(1);
  return { note: lead?.resultNote ?? null, outgoingId: lead?.resultOutgoingId ?? null };
}

/**
 * Follows a forwarded record's progress on the line that sent it: the line starts when the organisation
 * starts, an information line is read once registered, and it is done, with the organisation's result, when
 * the organisation completes; the lead organisation's completion completes the sending document too.
 * Runs in the transaction of the forwarded record's change; returns who to tell afterwards.
 */
export async function followForwarded(tx: Tx, forwardedId: string): Promise<NewNotification[]> {
  const [row] = await tx
    .select({ line: incomingAssignments, origin: incomingDocuments })
    .from(incomingAssignments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
    .where(and(eq(incomingAssignments.forwardedDocumentId, forwardedId), eq(incomingAssignments.active, true)));
  if (!row || row.line.status === 'DONE' || row.line.status === 'READ') return [];
  const { line, origin } = row;
  const [fwd] = await tx.select().from(incomingDocuments).where(eq(incomingDocuments.id, forwardedId));
  const now = new Date();
  if (line.role === 'DE_BIET') {
    if (fwd.status !== 'DRAFT')
      await tx.update(incomingAssignments).set({ status: 'READ', completedAt: now }).where(eq(incomingAssignments.id, line.id));
    return [];
  }
  // The sending document's history says what the organisation did (the system relays it).
  const progressed = (data: Record<string, unknown>) =>
    recordAudit(tx, {
      actorId: null,
      actorRole: null,
      action: 'incoming.forwarded_progress',
      entityType: 'incoming_document',
      entityId: origin.id,
      data: { assignmentId: line.id, organisationId: line.organisationId, ...data },
    });
  if (fwd.status === 'IN_PROGRESS' && line.status === 'OPEN') {
    await tx.update(incomingAssignments).set({ status: 'IN_PROGRESS' }).where(eq(incomingAssignments.id, line.id));
    await progressed({ status: 'IN_PROGRESS' });
    if (line.role === 'CHU_TRI' && origin.status === 'ASSIGNED') {
      await tx
        .update(incomingDocuments)
        .set({ status: 'IN_PROGRESS' })
        .where(and(eq(incomingDocuments.id, origin.id), eq(incomingDocuments.status, 'ASSIGNED')));
      await oweStatusForIncoming(tx, origin.id, '05', 'Đang xử lý');
    }
    return [];
  }
  if (fwd.status !== 'COMPLETED') return [];
  const result = await resultOf(tx, forwardedId);
  const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, line.organisationId!));
  // The reply is the organisation's outgoing document: its number is in the note, the link stays on its side.
  await tx
    .update(incomingAssignments)
    .set({ status: 'DONE', completedAt: now, resultNote: result.note })
    .where(eq(incomingAssignments.id, line.id));
  await progressed({ status: 'COMPLETED', resultNote: result.note, resultOutgoingId: result.outgoingId });
  if (line.role === 'CHU_TRI') {
    const [done] = await tx
      .update(incomingDocuments)
      .set({ status: 'COMPLETED', completedAt: now })
      .where(and(eq(incomingDocuments.id, origin.id), inArray(incomingDocuments.status, ['ASSIGNED', 'IN_PROGRESS'])))
      .returning({ id: incomingDocuments.id });
    if (done) await oweStatusForIncoming(tx, origin.id, '06', 'Đã hoàn thành xử lý');
  }
  const what = origin.arrivalNumber ? `số đến ${origin.arrivalNumber}/${origin.arrivalYear}` : 'văn bản';
  return [
    {
      userId: line.assignedBy,
      kind: 'incoming.completed',
      titleVi: `${org.name} đã hoàn thành ${roleVi[line.role]} ${what}${result.note ? `: ${result.note}` : ''}`,
      titleEn: `${org.name} completed its ${roleEn[line.role]} on ${origin.arrivalNumber ? `arrival no. ${origin.arrivalNumber}/${origin.arrivalYear}` : 'a document'}${result.note ? `: ${result.note}` : ''}`,
      link: `/incoming/${origin.id}`,
      dedupeKey: `forwarded-done:${line.id}`,
    },
  ];
}

const assigner = aliasedTable(users, 'forward_assigner');

/** Where a forwarded record came from: the organisation that handed it over, the role, deadline and instruction. */
export async function forwardedFrom(db: Db, documentId: string) {
  const [row] = await db
    .select({
      line: incomingAssignments,
      organisationId: organisations.id,
      organisationName: organisations.name,
      assignerName: assigner.fullName,
      assignerPosition: assigner.position,
    })
    .from(incomingAssignments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
    .innerJoin(organisations, eq(organisations.id, incomingDocuments.organisationId))
    .innerJoin(assigner, eq(assigner.id, incomingAssignments.assignedBy))
    .where(eq(incomingAssignments.forwardedDocumentId, documentId))
    .orderBy(desc(incomingAssignments.assignedAt))
    .limit(1);
  if (!row) return null;
  return {
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    role: row.line.role,
    dueDate: row.line.dueDate,
    instruction: row.line.instruction,
    assignedBy: { fullName: row.assignerName, position: row.assignerPosition },
    assignedAt: row.line.assignedAt.toISOString(),
    active: row.line.active,
  };
}

/**
 * Progress of forwarded records, for the sending organisation's page: registered, assigned, in progress,
 * completed; each reply with the sending organisation's own incoming copy of it when it was sent there.
 */
export async function forwardedProgress(db: Db, viewer: OutgoingViewer, forwardedIds: string[], viewerOrganisationId: string) {
  if (forwardedIds.length === 0) return new Map<string, ForwardedProgress>();
  const docs = await db.select().from(incomingDocuments).where(inArray(incomingDocuments.id, forwardedIds));
  const replies = await repliesOf(db, viewer, forwardedIds, true);
  const copies = replies.length
    ? await db
        .select({ outgoingId: outgoingDeliveries.documentId, incomingId: outgoingDeliveries.incomingDocumentId })
        .from(outgoingDeliveries)
        .innerJoin(incomingDocuments, eq(incomingDocuments.id, outgoingDeliveries.incomingDocumentId))
        .where(
          and(
            inArray(
              outgoingDeliveries.documentId,
              replies.map((r) => r.id),
            ),
            eq(incomingDocuments.organisationId, viewerOrganisationId),
          ),
        )
    : [];
  const out = new Map<string, ForwardedProgress>();
  for (const d of docs) {
    const result = d.status === 'COMPLETED' ? await resultOf(db, d.id) : { note: null };
    out.set(d.id, {
      status: d.status,
      arrival: d.arrivalNumber !== null ? { number: d.arrivalNumber, year: d.arrivalYear! } : null,
      registeredAt: d.registeredAt?.toISOString() ?? null,
      completedAt: d.completedAt?.toISOString() ?? null,
      dueDate: d.dueDate,
      resultNote: result.note,
      replies: replies
        .filter((r) => r.incomingId === d.id)
        .map(({ incomingId: _i, ...r }) => ({ ...r, receivedAs: copies.find((c) => c.outgoingId === r.id)?.incomingId ?? null })),
    });
  }
  return out;
}

export interface ForwardedProgress {
  status: DocumentRow['status'];
  arrival: { number: number; year: number } | null;
  registeredAt: string | null;
  completedAt: string | null;
  dueDate: string | null;
  resultNote: string | null;
  /** receivedAs: the sending organisation's incoming record of the reply, when it was dispatched to it. */
  replies: (Reply & { receivedAs: string | null })[];
}

export interface Reply {
  id: string;
  subject: string;
  status: string;
  numberAndSymbol: string | null;
  issueDate: string | null;
  completeOnIssue: boolean;
  completedAt: string | null;
}

/**
 * The outgoing documents answering these incoming ones (văn bản trả lời) that the viewer may see, by the
 * outgoing visibility rule, oldest first. `handedDown`: the incoming ones are another organisation's records
 * of a document the viewer's organisation handed down; it follows their issued ordinary replies (what it is
 * sent anyway), never their drafts or secret ones, unless the rule lets the viewer see them.
 */
export async function repliesOf(
  db: Db | Tx,
  viewer: OutgoingViewer,
  incomingIds: string[],
  handedDown = false,
): Promise<(Reply & { incomingId: string })[]> {
  if (incomingIds.length === 0) return [];
  const seen = handedDown
    ? or(outgoingVisibleTo(viewer), and(inArray(outgoingDocuments.status, ISSUED_STATES), eq(outgoingDocuments.secrecy, 'KHONG')))
    : outgoingVisibleTo(viewer);
  const rows = await db
    .select({ r: outgoingReplies, o: outgoingDocuments })
    .from(outgoingReplies)
    .innerJoin(outgoingDocuments, eq(outgoingDocuments.id, outgoingReplies.outgoingId))
    .where(and(inArray(outgoingReplies.incomingId, incomingIds), seen))
    .orderBy(asc(outgoingReplies.linkedAt), sql`${outgoingDocuments.id}`);
  return rows.map(({ r, o }) => ({
    incomingId: r.incomingId,
    id: o.id,
    subject: o.subject,
    status: o.status,
    numberAndSymbol: o.issuedNumber !== null && o.symbol ? numberAndSymbol(o.issuedNumber, o.symbol) : null,
    issueDate: o.issueDate,
    completeOnIssue: r.completeOnIssue,
    completedAt: r.completedAt?.toISOString() ?? null,
  }));
}
