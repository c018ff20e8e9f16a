import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam, viDate } from '../calendar/working-days';
import type { Db } from '../db/client';
import { ARCHIVIST_ROLES, LEADER_ROLES } from '../incoming/access';
import type { NewNotification } from '../notifications/service';
import type { Notifier } from '../notifications/notifier';
import { roleGrants, users } from '../users/schema';
import { requireNotHeld } from '../legal-holds/check';
import { audit, organisationOf, requireReadable, requireUnitChange, wrongStatus } from './access';
import { getCaseFile } from './listing';
import { mustTransfer, transferDueDate } from './retention';
import { caseFiles } from './schema';
import { fileCodeOf, summaries, transferOf } from './summary';
import { problem } from '../http/problems';

/** Nộp lưu: transfer of closed case files to the organisation's archive, its reminders, and the archive's holdings. */

async function archivistsOf(db: Db, organisationId: string) {
  const rows = await db
    .select({ userId: roleGrants.userId })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.organisationId, organisationId), inArray(roleGrants.role, ARCHIVIST_ROLES), isNull(users.disabledAt)));
  return [...new Set(rows.map((r) => r.userId))];
}

const link = (id: string) => `/case-files/${id}`;

/**
 * Nộp lưu: a closed file kept ≥ 5 years (or permanently) goes to the organisation's archive; from then on it is
 * read-only to the unit and archivists manage it. The archivists are told.
 */
export async function transferCaseFile(db: Db, notifier: Notifier, actor: Actor, id: string) {
  const cf = await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    if (cf.status !== 'CLOSED') throw wrongStatus(cf, 'case_file.not_closed#transfer');
    await requireNotHeld(tx, { caseFileIds: [id], withContents: true });
    if (!mustTransfer(cf.retentionYears)) {
      throw problem('case_file.retention_too_short', { retentionYears: cf.retentionYears });
    }
    await tx
      .update(caseFiles)
      .set({ status: 'TRANSFERRED', transferredAt: new Date(), transferredBy: actor.userId, updatedAt: new Date() })
      .where(eq(caseFiles.id, id));
    const due = transferDueDate(cf.endDate!);
    await audit(tx, actor, cf, 'transfer', { dueDate: due, late: todayInVietnam() > due });
    return cf;
  });
  const code = fileCodeOf(cf);
  await notifier.send(
    (await archivistsOf(db, cf.organisationId))
      .filter((u) => u !== actor.userId)
      .map((userId) => ({
        userId,
        kind: 'case_file.transferred',
        titleVi: `Hồ sơ ${code} đã nộp lưu`,
        titleEn: `Case file ${code} transferred to the archive`,
        link: link(id),
        dedupeKey: `case-file-transferred:${id}`,
      })),
  );
  return getCaseFile(db, actor, id);
}

/** Closed files that must go to the archive, with their due date, for an organisation's archivists and leaders or the unit. */
export async function transfersDue(db: Db, actor: Actor, organisationId: string | undefined) {
  const orgId = organisationOf(actor, organisationId);
  const items = (
    await summaries(db, and(eq(caseFiles.organisationId, orgId), eq(caseFiles.status, 'CLOSED'), isNotNull(caseFiles.endDate)))
  )
    .filter((s) => s.transfer !== null)
    .sort((a, b) => a.transfer!.dueDate.localeCompare(b.transfer!.dueDate));
  return { organisationId: orgId, items };
}

/**
 * Run by the maintenance worker: 30 days before a closed file is due at the archive, its responsible person and
 * the organisation's archivists hear of it; once overdue, again. Each notice once per file and due date.
 */
export async function sendTransferReminders(db: Db, notifier: Notifier, today = todayInVietnam()) {
  const rows = await db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.status, 'CLOSED'), isNotNull(caseFiles.endDate)));
  const items: NewNotification[] = [];
  const archivists = new Map<string, string[]>();
  for (const cf of rows) {
    const t = transferOf(cf, today);
    if (!t || t.state === 'LATER') continue;
    if (!archivists.has(cf.organisationId)) archivists.set(cf.organisationId, await archivistsOf(db, cf.organisationId));
    const people = [...new Set([...(cf.creatorId ? [cf.creatorId] : []), ...archivists.get(cf.organisationId)!])];
    const code = fileCodeOf(cf);
    const overdue = t.state === 'OVERDUE';
    for (const userId of people) {
      items.push({
        userId,
        kind: overdue ? 'case_file.transfer_overdue' : 'case_file.transfer_due',
        titleVi: overdue
          ? `Hồ sơ ${code} đã quá hạn nộp lưu (${viDate(t.dueDate)})`
          : `Hồ sơ ${code} đến hạn nộp lưu ngày ${viDate(t.dueDate)}`,
        titleEn: overdue
          ? `Case file ${code} is overdue for the archive (${viDate(t.dueDate)})`
          : `Case file ${code} is due at the archive on ${viDate(t.dueDate)}`,
        link: link(cf.id),
        data: { caseFileId: cf.id, dueDate: t.dueDate },
        dedupeKey: `case-file-${overdue ? 'overdue' : 'due'}:${cf.id}:${t.dueDate}`,
      });
    }
  }
  const sent = await notifier.send(items);
  return { sent: sent.length };
}

/** Case files an archivist manages: those in the organisation's archive (transferred, imported, disposed). */
export async function archiveHoldings(db: Db, actor: Actor, organisationId: string | undefined) {
  const orgId = organisationOf(actor, organisationId, [...ARCHIVIST_ROLES, ...LEADER_ROLES]);
  return {
    organisationId: orgId,
    items: await summaries(db, and(eq(caseFiles.organisationId, orgId), inArray(caseFiles.status, ['TRANSFERRED', 'DISPOSED']))),
  };
}
