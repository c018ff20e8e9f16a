import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { caseFileDocuments, caseFiles } from '../case-files/schema';
import type { Db, Tx } from '../db/client';
import { incomingDocuments } from '../incoming/schema';
import { outgoingDocuments } from '../outgoing/schema';
import { legalHolds } from './schema';
import { problem } from '../http/problems';

type DocumentKind = 'INCOMING' | 'OUTGOING';

/** What a mutating path is about to touch. */
export interface HoldTarget {
  /** Case files changed (edited, filed into, emptied, moved between, transferred, disposed of). */
  caseFileIds?: string[];
  /** Documents changed, deleted or moved between case files. */
  documents?: { kind: DocumentKind; id: string }[];
  /** The documents inside the case files count too (transfer, disposal: they go with the file). */
  withContents?: boolean;
}

const yearOf = (explicit: SQL, created: SQL) =>
  sql<number>`coalesce(${explicit}, extract(year from ${created} at time zone 'Asia/Ho_Chi_Minh')::int)`;

/**
 * The one check every mutating path runs (in its transaction) before it touches a case file or document:
 * refused with 409 while a legal hold (phong toả) covers it — held directly, through the case file the document
 * sits in, or through its organisation's year.
 */
export async function requireNotHeld(db: Db | Tx, target: HoldTarget): Promise<void> {
  const docs = new Map((target.documents ?? []).map((d) => [`${d.kind}:${d.id}`, d]));
  const caseFileIds = new Set(target.caseFileIds ?? []);
  // A document is held with the case file it sits in.
  for (const d of docs.values()) {
    const col = d.kind === 'INCOMING' ? caseFileDocuments.incomingDocumentId : caseFileDocuments.outgoingDocumentId;
    for (const r of await db.select({ id: caseFileDocuments.caseFileId }).from(caseFileDocuments).where(eq(col, d.id)))
      caseFileIds.add(r.id);
  }
  if (target.withContents && target.caseFileIds?.length) {
    const contents = await db
      .select({ incoming: caseFileDocuments.incomingDocumentId, outgoing: caseFileDocuments.outgoingDocumentId })
      .from(caseFileDocuments)
      .where(inArray(caseFileDocuments.caseFileId, target.caseFileIds));
    for (const c of contents) {
      if (c.incoming) docs.set(`INCOMING:${c.incoming}`, { kind: 'INCOMING', id: c.incoming });
      if (c.outgoing) docs.set(`OUTGOING:${c.outgoing}`, { kind: 'OUTGOING', id: c.outgoing });
    }
  }
  const ids = (kind: DocumentKind) => [...docs.values()].filter((d) => d.kind === kind).map((d) => d.id);
  const years: { organisationId: string; year: number }[] = [
    ...(caseFileIds.size
      ? await db
          .select({ organisationId: caseFiles.organisationId, year: caseFiles.year })
          .from(caseFiles)
          .where(inArray(caseFiles.id, [...caseFileIds]))
      : []),
    ...(ids('INCOMING').length
      ? await db
          .select({
            organisationId: incomingDocuments.organisationId,
            year: yearOf(sql`${incomingDocuments.arrivalYear}`, sql`${incomingDocuments.createdAt}`),
          })
          .from(incomingDocuments)
          .where(inArray(incomingDocuments.id, ids('INCOMING')))
      : []),
    ...(ids('OUTGOING').length
      ? await db
          .select({
            organisationId: outgoingDocuments.organisationId,
            year: yearOf(sql`${outgoingDocuments.issuedYear}`, sql`${outgoingDocuments.createdAt}`),
          })
          .from(outgoingDocuments)
          .where(inArray(outgoingDocuments.id, ids('OUTGOING')))
      : []),
  ];
  const covers: SQL[] = [
    ...(caseFileIds.size ? [inArray(legalHolds.caseFileId, [...caseFileIds])] : []),
    ...(['INCOMING', 'OUTGOING'] as const).flatMap((k) =>
      ids(k).length ? [and(eq(legalHolds.documentKind, k), inArray(legalHolds.documentId, ids(k)))!] : [],
    ),
    ...years.map((y) =>
      and(eq(legalHolds.scope, 'ORGANISATION_YEAR'), eq(legalHolds.organisationId, y.organisationId), eq(legalHolds.year, Number(y.year)))!,
    ),
  ];
  if (!covers.length) return;
  const [hold] = await db
    .select()
    .from(legalHolds)
    .where(and(isNull(legalHolds.liftedAt), or(...covers)))
    .limit(1);
  if (hold) throw heldProblem(hold);
}

const scopeEn = (h: typeof legalHolds.$inferSelect) =>
  h.scope === 'CASE_FILE'
    ? `case file ${h.caseFileId}`
    : h.scope === 'DOCUMENT'
      ? `document ${h.documentId}`
      : `everything of ${h.organisationId} for ${h.year}`;

export const heldProblem = (h: typeof legalHolds.$inferSelect) =>
  problem('legal_hold.active', { id: h.id, scope: scopeEn(h), placedAt: h.placedAt.toISOString(), reason: h.reason });
