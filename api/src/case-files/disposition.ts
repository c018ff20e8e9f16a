import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { forbidden } from '../http/problem';
import { ARCHIVIST_ROLES, LEADER_ROLES } from '../incoming/access';
import { organisations } from '../organisations/schema';
import { users } from '../users/schema';
import { requireNotHeld } from '../legal-holds/check';
import { audit, isArchivist, isLeader, organisationOf, requireReadable, wrongStatus } from './access';
import { getCaseFile } from './listing';
import { disposalReviewDate } from './retention';
import { caseFileDisposalApprovals, caseFiles, type DisposalCapacity } from './schema';
import { summaries } from './summary';
import { problem } from '../http/problems';

/** Hủy hồ sơ: the disposition report and the two approvals of a disposal. */

/**
 * Disposition report (danh mục tài liệu hết giá trị): transferred files whose retention has run out by `asOf`,
 * with the approvals given so far. Archivists and leaders of the organisation.
 */
export async function dispositionReport(db: Db, actor: Actor, organisationId: string | undefined, asOf = todayInVietnam()) {
  const orgId = organisationOf(actor, organisationId, [...ARCHIVIST_ROLES, ...LEADER_ROLES]);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const candidates = await summaries(
    db,
    and(
      eq(caseFiles.organisationId, orgId),
      eq(caseFiles.status, 'TRANSFERRED'),
      isNotNull(caseFiles.retentionYears),
      isNotNull(caseFiles.endDate),
    ),
  );
  const items = candidates.filter((c) => c.disposalReviewDate !== null && c.disposalReviewDate <= asOf);
  const approvals = items.length
    ? await db
        .select({ a: caseFileDisposalApprovals, fullName: users.fullName })
        .from(caseFileDisposalApprovals)
        .innerJoin(users, eq(users.id, caseFileDisposalApprovals.userId))
        .where(
          inArray(
            caseFileDisposalApprovals.caseFileId,
            items.map((i) => i.id),
          ),
        )
    : [];
  return {
    organisationId: orgId,
    organisationName: org.name,
    asOf,
    items: items.map((i) => ({
      ...i,
      approvals: approvals
        .filter(({ a }) => a.caseFileId === i.id)
        .map(({ a, fullName }) => ({
          capacity: a.capacity,
          user: { id: a.userId, fullName },
          reason: a.reason,
          approvedAt: a.approvedAt.toISOString(),
        })),
    })),
  };
}

/**
 * One of the two approvals a disposal needs: an archivist's and a leader's of the organisation, two different
 * people, in either order. With the second the file becomes DISPOSED; the approvals stay as its disposal record.
 * Permanent files are never disposed, nor files whose period has not run out.
 */
export async function approveDisposal(db: Db, actor: Actor, id: string, reason: string, today = todayInVietnam()) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    const archivist = isArchivist(actor, cf.organisationId);
    const leader = isLeader(actor, cf.organisationId);
    if (!archivist && !leader) throw forbidden('Only an archivist and a leader of the organisation approve a disposal');
    // Not even the first approval while held: a disposal is not prepared on frozen material.
    await requireNotHeld(tx, { caseFileIds: [id], withContents: true });
    if (cf.retentionYears === null) throw problem('case_file.permanent');
    if (cf.status !== 'TRANSFERRED') throw wrongStatus(cf, 'case_file.not_in_archive');
    const review = disposalReviewDate(cf.endDate, cf.retentionYears)!;
    if (review > today) throw problem('case_file.not_expired', { review });
    const given = await tx.select().from(caseFileDisposalApprovals).where(eq(caseFileDisposalApprovals.caseFileId, id));
    if (given.some((a) => a.userId === actor.userId)) {
      throw problem('case_file.same_approver');
    }
    const capacity: DisposalCapacity | undefined =
      archivist && !given.some((a) => a.capacity === 'ARCHIVIST')
        ? 'ARCHIVIST'
        : leader && !given.some((a) => a.capacity === 'LEADER')
          ? 'LEADER'
          : undefined;
    if (!capacity) throw problem('case_file.approval_given');
    await tx.insert(caseFileDisposalApprovals).values({ caseFileId: id, capacity, userId: actor.userId, reason });
    const complete = given.length + 1 === 2;
    await audit(tx, actor, cf, 'disposal_approve', { capacity, reason });
    if (complete) {
      await tx.update(caseFiles).set({ status: 'DISPOSED', disposedAt: new Date(), updatedAt: new Date() }).where(eq(caseFiles.id, id));
      await audit(tx, actor, cf, 'dispose', {
        approvals: [
          ...given.map((a) => ({ capacity: a.capacity, userId: a.userId, reason: a.reason })),
          { capacity, userId: actor.userId, reason },
        ],
      });
    }
  });
  return getCaseFile(db, actor, id);
}
