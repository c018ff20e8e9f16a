import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db, Tx } from '../db/client';
import { notFound } from '../http/problem';
import { requireVisible as requireVisibleIncoming } from '../incoming/access';
import { ISSUED_STATES, requireVisible as requireVisibleOutgoing, viewerOf } from '../outgoing/access';
import { outgoingDocuments } from '../outgoing/schema';
import { requireNotHeld } from '../legal-holds/check';
import { audit, mayWorkOn, readableBy, requireReadable, requireUnitChange, wrongStatus, type CaseFileRow } from './access';
import { getCaseFile } from './listing';
import { caseFileDocuments, caseFiles, type FiledDocumentKind } from './schema';
import { fileCodeOf } from './summary';
import { problem } from '../http/problems';

/** Lập hồ sơ: filing documents into open case files, taking them out, moving and reordering them. */

const requireOpen = (cf: CaseFileRow) => {
  if (cf.status !== 'OPEN') throw wrongStatus(cf, 'case_file.not_open#documents_are_filed_into');
};

/** The document must be one the actor may open (404 otherwise, as for a missing id), of the case file's organisation, and final. */
async function requireFileable(tx: Tx, actor: Actor, cf: CaseFileRow, kind: FiledDocumentKind, documentId: string) {
  const doc =
    kind === 'INCOMING'
      ? await requireVisibleIncoming(tx, actor, documentId)
      : await requireVisibleOutgoing(tx, await viewerOf(tx, actor), documentId);
  if (doc.organisationId !== cf.organisationId) {
    throw problem('case_file.other_organisation#document_belongs_to_another', { documentId });
  }
  const final =
    kind === 'INCOMING' ? doc.status !== 'DRAFT' : ISSUED_STATES.includes((doc as typeof outgoingDocuments.$inferSelect).status);
  if (!final) {
    throw problem(kind === 'INCOMING' ? 'case_file.document_not_final#incoming' : 'case_file.document_not_final#outgoing');
  }
}

const documentColumn = (kind: FiledDocumentKind) =>
  kind === 'INCOMING' ? caseFileDocuments.incomingDocumentId : caseFileDocuments.outgoingDocumentId;

async function nextOrdinal(tx: Tx, caseFileId: string) {
  const [{ n }] = await tx
    .select({ n: sql<number>`coalesce(max(${caseFileDocuments.ordinal}), 0)::int` })
    .from(caseFileDocuments)
    .where(eq(caseFileDocuments.caseFileId, caseFileId));
  return n + 1;
}

/** Closes the gap an entry left behind, so DocOrdinal stays 1…n (the case file row is locked). */
const closeGap = (tx: Tx, caseFileId: string, ordinal: number) =>
  tx
    .update(caseFileDocuments)
    .set({ ordinal: sql`${caseFileDocuments.ordinal} - 1` })
    .where(and(eq(caseFileDocuments.caseFileId, caseFileId), gt(caseFileDocuments.ordinal, ordinal)));

/**
 * Lập hồ sơ: files an incoming or outgoing document into an open case file at the next DocOrdinal. The actor
 * must be able to open the document and work on the case file; a document sits in one case file at most.
 */
export async function fileDocument(db: Db, actor: Actor, id: string, input: { kind: FiledDocumentKind; documentId: string }) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    await requireFileable(tx, actor, cf, input.kind, input.documentId);
    await requireNotHeld(tx, { caseFileIds: [id], documents: [{ kind: input.kind, id: input.documentId }] });
    const [already] = await tx
      .select({
        caseFileId: caseFileDocuments.caseFileId,
        code: sql<string>`${caseFiles.organId} || '.' || ${caseFiles.year} || '.' || ${caseFiles.notation}`,
      })
      .from(caseFileDocuments)
      .innerJoin(caseFiles, eq(caseFiles.id, caseFileDocuments.caseFileId))
      .where(eq(documentColumn(input.kind), input.documentId));
    if (already) {
      throw problem('case_file.already_filed#the_document_is_already', { code: already.code, caseFileId: already.caseFileId });
    }
    const ordinal = await nextOrdinal(tx, id);
    const [entry] = await tx
      .insert(caseFileDocuments)
      .values({
        caseFileId: id,
        ordinal,
        incomingDocumentId: input.kind === 'INCOMING' ? input.documentId : null,
        outgoingDocumentId: input.kind === 'OUTGOING' ? input.documentId : null,
        filedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!entry) throw problem('case_file.already_filed#the_document_was_just');
    await audit(tx, actor, cf, 'file', { ...input, ordinal });
  });
  return getCaseFile(db, actor, id);
}

async function requireEntry(tx: Tx, caseFileId: string, entryId: string) {
  const [e] = await tx
    .select()
    .from(caseFileDocuments)
    .where(and(eq(caseFileDocuments.id, entryId), eq(caseFileDocuments.caseFileId, caseFileId)));
  if (!e) throw notFound(`Entry ${entryId} of case file ${caseFileId}`, 'văn bản trong hồ sơ');
  return e;
}

const entryDocuments = (e: typeof caseFileDocuments.$inferSelect) =>
  e.incomingDocumentId
    ? [{ kind: 'INCOMING' as const, id: e.incomingDocumentId }]
    : e.outgoingDocumentId
      ? [{ kind: 'OUTGOING' as const, id: e.outgoingDocumentId }]
      : [];

const entrySource = (e: typeof caseFileDocuments.$inferSelect) => ({
  kind: e.incomingDocumentId ? 'INCOMING' : 'OUTGOING',
  documentId: e.incomingDocumentId ?? e.outgoingDocumentId,
});

/** Takes a document out of an open case file (e.g. a duplicate found while closing); later ones move up. */
export async function unfileDocument(db: Db, actor: Actor, id: string, entryId: string) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [id], documents: entryDocuments(e) });
    await tx.delete(caseFileDocuments).where(eq(caseFileDocuments.id, entryId));
    await closeGap(tx, id, e.ordinal);
    await audit(tx, actor, cf, 'unfile', { ...entrySource(e), ordinal: e.ordinal });
  });
  return getCaseFile(db, actor, id);
}

/** Moves a document to another open case file of the organisation, at its end; both files are locked in id order. */
export async function moveDocument(db: Db, actor: Actor, id: string, entryId: string, toCaseFileId: string) {
  if (toCaseFileId === id)
    throw problem('validation#move_to_a_different', {}, { errors: [{ path: 'toCaseFileId', message: 'same case file' }] });
  await db.transaction(async (tx) => {
    const [first, second] = [id, toCaseFileId].sort();
    const locked = new Map([
      [first, await requireReadable(tx, actor, first, true)],
      [second, await requireReadable(tx, actor, second, true)],
    ]);
    const from = locked.get(id)!;
    const to = locked.get(toCaseFileId)!;
    for (const cf of [from, to]) {
      requireUnitChange(actor, cf);
      requireOpen(cf);
    }
    if (to.organisationId !== from.organisationId) throw problem('case_file.other_organisation#the_target_case_file');
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [from.id, to.id], documents: entryDocuments(e) });
    const ordinal = await nextOrdinal(tx, to.id);
    await tx
      .update(caseFileDocuments)
      .set({ caseFileId: to.id, ordinal, filedBy: actor.userId, filedAt: new Date() })
      .where(eq(caseFileDocuments.id, entryId));
    await closeGap(tx, id, e.ordinal);
    await audit(tx, actor, from, 'move_out', { ...entrySource(e), to: to.id, ordinal: e.ordinal });
    await audit(tx, actor, to, 'move_in', { ...entrySource(e), from: id, ordinal });
  });
  return getCaseFile(db, actor, id);
}

/** Puts a document at another position (DocOrdinal) of an open case file; the ones in between shift by one. */
export async function reorderDocument(db: Db, actor: Actor, id: string, entryId: string, ordinal: number) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [id] });
    const last = (await nextOrdinal(tx, id)) - 1;
    const target = Math.min(ordinal, last);
    if (target === e.ordinal) return;
    const col = caseFileDocuments.ordinal;
    const shift =
      target < e.ordinal
        ? sql`case when ${col} >= ${target} and ${col} < ${e.ordinal} then ${col} + 1 else ${col} end`
        : sql`case when ${col} > ${e.ordinal} and ${col} <= ${target} then ${col} - 1 else ${col} end`;
    await tx
      .update(caseFileDocuments)
      .set({ ordinal: shift })
      .where(and(eq(caseFileDocuments.caseFileId, id), sql`${caseFileDocuments.id} <> ${entryId}`));
    await tx.update(caseFileDocuments).set({ ordinal: target }).where(eq(caseFileDocuments.id, entryId));
    await audit(tx, actor, cf, 'reorder', { ...entrySource(e), from: e.ordinal, to: target });
  });
  return getCaseFile(db, actor, id);
}

/**
 * For search (GET /api/search?caseFileId=…): the case files a document is filed in (at most one), so another
 * capability can filter by case file without knowing this table.
 */
export async function caseFileIdsOfDocument(db: Db | Tx, kind: FiledDocumentKind, documentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: caseFileDocuments.caseFileId })
    .from(caseFileDocuments)
    .where(eq(documentColumn(kind), documentId));
  return rows.map((r) => r.id);
}

/** Open case files of the document's organisation the actor may file into (the "Lập hồ sơ" picker). */
export async function fileTargets(db: Db, actor: Actor, kind: FiledDocumentKind, documentId: string) {
  const doc =
    kind === 'INCOMING'
      ? await requireVisibleIncoming(db, actor, documentId)
      : await requireVisibleOutgoing(db, await viewerOf(db, actor), documentId);
  const rows = await db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.organisationId, doc.organisationId), eq(caseFiles.status, 'OPEN'), readableBy(actor)))
    .orderBy(desc(caseFiles.year), asc(caseFiles.notation));
  const filedIn = await caseFileIdsOfDocument(db, kind, documentId);
  return {
    filedIn,
    items: rows.filter((cf) => mayWorkOn(actor, cf)).map((cf) => ({ id: cf.id, code: fileCodeOf(cf), title: cf.title, year: cf.year })),
  };
}
