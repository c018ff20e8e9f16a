import { asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { addDays, todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { incomingDocuments, incomingFiles } from '../incoming/schema';
import { units } from '../organisations/schema';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../outgoing/schema';
import { users } from '../users/schema';
import type { CaseFileRow } from './access';
import { TRANSFER_NOTICE_DAYS, disposalReviewDate, maintenanceLabel, mustTransfer, transferDueDate } from './retention';
import { caseFileDocuments, caseFiles } from './schema';

/** A case file as lists and pages show it: FileCode, counts, transfer state (the shared read model of the case-file verbs). */

/** The default rendering of FileCode (docs/domain.md §5.1: the decree gives no serialisation). */
export const fileCodeOf = (cf: Pick<CaseFileRow, 'organId' | 'year' | 'notation'>) => `${cf.organId}.${cf.year}.${cf.notation}`;

/** The transfer (nộp lưu) state of a closed file that must go to the archive, as of `today`. */
export function transferOf(cf: CaseFileRow, today: string) {
  if (cf.status !== 'CLOSED' || !cf.endDate || !mustTransfer(cf.retentionYears)) return null;
  const dueDate = transferDueDate(cf.endDate);
  const state =
    dueDate < today ? 'OVERDUE' : dueDate === today ? 'DUE' : addDays(today, TRANSFER_NOTICE_DAYS) >= dueDate ? 'SOON' : 'LATER';
  return { dueDate, state } as const;
}

type Counts = { docTotal: number; pageTotal: number };

export function summaryOf(
  cf: CaseFileRow,
  names: { unitName: string | null; creatorName: string | null },
  counts: Counts,
  today = todayInVietnam(),
) {
  return {
    id: cf.id,
    organisationId: cf.organisationId,
    unitId: cf.unitId,
    unitName: names.unitName,
    headingId: cf.headingId,
    fileCode: { organId: cf.organId, fileCatalog: cf.year, fileNotation: cf.notation },
    code: fileCodeOf(cf),
    title: cf.title,
    retentionYears: cf.retentionYears,
    maintenance: maintenanceLabel(cf.retentionYears),
    rights: cf.rights,
    language: cf.language,
    creator: { id: cf.creatorId, fullName: names.creatorName ?? cf.creatorName },
    startDate: cf.startDate,
    endDate: cf.endDate,
    description: cf.description,
    status: cf.status,
    ...counts,
    transfer: transferOf(cf, today),
    disposalReviewDate: disposalReviewDate(cf.endDate, cf.retentionYears),
    transferredAt: cf.transferredAt?.toISOString() ?? null,
    disposedAt: cf.disposedAt?.toISOString() ?? null,
    imported: cf.importedAt !== null,
  };
}

/** Page count of a filed document, the same PageAmount the metadata gives (documents.ts): the document's or its main file's. */
const pageAmount = sql`coalesce(
  ${incomingDocuments.pageCount},
  (select ${incomingFiles.pageCount} from ${incomingFiles} where ${incomingFiles.documentId} = ${incomingDocuments.id} and ${incomingFiles.role} = 'MAIN' limit 1),
  (select ${outgoingFiles.pageCount} from ${outgoingFiles} join ${outgoingVersions} on ${outgoingVersions.id} = ${outgoingFiles.versionId}
    where ${outgoingFiles.documentId} = ${outgoingDocuments.id} and ${outgoingVersions.number} = ${outgoingDocuments.currentVersion} and ${outgoingFiles.role} = 'MAIN' limit 1),
  nullif(${caseFileDocuments.importedMetadata} -> 'fields' ->> 'PageAmount', '')::int)`;

/** DocTotal and PageTotal per case file, in one query. */
async function countsOf(db: Db, ids: string[]): Promise<Map<string, Counts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: caseFileDocuments.caseFileId,
      docTotal: sql<number>`count(*)::int`,
      pageTotal: sql<number>`coalesce(sum(${pageAmount}), 0)::int`,
    })
    .from(caseFileDocuments)
    .leftJoin(incomingDocuments, eq(incomingDocuments.id, caseFileDocuments.incomingDocumentId))
    .leftJoin(outgoingDocuments, eq(outgoingDocuments.id, caseFileDocuments.outgoingDocumentId))
    .where(inArray(caseFileDocuments.caseFileId, ids))
    .groupBy(caseFileDocuments.caseFileId);
  return new Map(rows.map((r) => [r.id, { docTotal: r.docTotal, pageTotal: r.pageTotal }]));
}

export const creator = sql<string | null>`(select ${users.fullName} from ${users} where ${users.id} = ${caseFiles.creatorId})`;

export async function summaries(db: Db, where: SQL | undefined) {
  const rows = await db
    .select({ cf: caseFiles, unitName: units.name, creatorName: creator })
    .from(caseFiles)
    .leftJoin(units, eq(units.id, caseFiles.unitId))
    .where(where)
    .orderBy(desc(caseFiles.year), asc(caseFiles.notation));
  const counts = await countsOf(
    db,
    rows.map((r) => r.cf.id),
  );
  const today = todayInVietnam();
  return rows.map((r) => summaryOf(r.cf, r, counts.get(r.cf.id) ?? { docTotal: 0, pageTotal: 0 }, today));
}
