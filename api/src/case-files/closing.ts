import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { forbidden } from '../http/problem';
import { requireNotHeld } from '../legal-holds/check';
import { audit, isLeader, requireReadable, requireUnitChange, wrongStatus } from './access';
import { getCaseFile } from './listing';
import { caseFileDocuments, caseFiles } from './schema';
import { problem } from '../http/problems';

/** Kết thúc hồ sơ (closing a case file once its work is done) and reopening it before it goes to the archive. */

/**
 * Kết thúc hồ sơ: needs at least one document; sets the end date (default today) and takes the re-assessed
 * retention and title (Điều 29: review, re-assess the retention, finalise).
 */
export async function closeCaseFile(
  db: Db,
  actor: Actor,
  id: string,
  input: { endDate?: string; retentionYears?: number | null; title?: string },
) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    if (cf.status !== 'OPEN') throw wrongStatus(cf, 'case_file.not_open#only_an_open_case');
    await requireNotHeld(tx, { caseFileIds: [id] });
    if ((await tx.$count(caseFileDocuments, eq(caseFileDocuments.caseFileId, id))) === 0) {
      throw problem('case_file.empty');
    }
    const endDate = input.endDate ?? todayInVietnam();
    if (cf.startDate && endDate < cf.startDate) {
      throw problem(
        'validation#enddate_is_before_the',
        { endDate, startDate: cf.startDate },
        { errors: [{ path: 'endDate', message: 'before startDate' }] },
      );
    }
    const retentionYears = input.retentionYears === undefined ? cf.retentionYears : input.retentionYears;
    await tx
      .update(caseFiles)
      .set({ status: 'CLOSED', endDate, retentionYears, title: input.title ?? cf.title, closedAt: new Date(), updatedAt: new Date() })
      .where(eq(caseFiles.id, id));
    await audit(tx, actor, cf, 'close', { endDate, retentionYears, previousRetentionYears: cf.retentionYears, title: input.title });
  });
  return getCaseFile(db, actor, id);
}

/** A leader reopens a closed file that has not gone to the archive yet; its end date is cleared. */
export async function reopenCaseFile(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    if (!isLeader(actor, cf.organisationId)) throw forbidden('Only a leader of the organisation reopens a closed case file');
    requireUnitChange(actor, cf);
    if (cf.status !== 'CLOSED') throw wrongStatus(cf, 'case_file.not_closed#reopen');
    await requireNotHeld(tx, { caseFileIds: [id] });
    await tx.update(caseFiles).set({ status: 'OPEN', endDate: null, closedAt: null, updatedAt: new Date() }).where(eq(caseFiles.id, id));
    await audit(tx, actor, cf, 'reopen', { previousEndDate: cf.endDate });
  });
  return getCaseFile(db, actor, id);
}
