import type { Queue } from 'bullmq';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { matchTemplate, resolveStep } from '../approval-chains/service';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { forbidden } from '../http/problem';
import type { NewNotification } from '../notifications/service';
import type { Notifier } from '../notifications/notifier';
import { enqueueAfterCommit } from '../queues/recovery';
import { subtreeIds } from '../organisations/service';
import type { BlobStore } from '../storage/blob-store';
import type { Role } from '../users/roles';
import { users } from '../users/schema';
import { clerksOf } from '../users/service';
import { requireVisible, viewerOf, type OutgoingRow, type OutgoingViewer } from './access';
import { documentTypeOf } from './document-types';
import { outgoingComments, outgoingDocuments, outgoingFiles, outgoingStepAssignees, outgoingSteps, outgoingVersions } from './schema';
import { acceptDeliveredPdf, actingRow, invalidState } from './service';
import { enqueueSigning } from './signing';
import { dutiesOf, dutyConflict, dutyProblem } from './duties';
import { problem } from '../http/problems';

type StepRow = typeof outgoingSteps.$inferSelect;
type AssigneeRow = typeof outgoingStepAssignees.$inferSelect;

const RANK: Role[] = [
  'LANH_DAO_CO_QUAN',
  'CHANH_VAN_PHONG',
  'TRUONG_PHONG',
  'KIEM_TRA_THE_THUC',
  'CHUYEN_VIEN',
  'VAN_THU',
  'LUU_TRU',
  'QUAN_TRI',
];
/** The role an approver acts in, for the audit trail: their most senior one. */
const actingRole = (actor: Actor): Role => RANK.find((r) => actor.roles.some((g) => g.role === r)) ?? 'CHUYEN_VIEN';

const link = (doc: OutgoingRow) => `/outgoing/${doc.id}`;
const typeName = (doc: OutgoingRow) => documentTypeOf(doc.documentType)?.name ?? doc.documentType;

async function pendingOf(tx: Db | Tx, stepId: string) {
  return tx
    .select()
    .from(outgoingStepAssignees)
    .where(and(eq(outgoingStepAssignees.stepId, stepId), eq(outgoingStepAssignees.decision, 'PENDING')));
}

export const notify = (userIds: string[], kind: string, doc: OutgoingRow, vi: string, en: string, key: string): NewNotification[] =>
  [...new Set(userIds)].map((userId) => ({
    userId,
    kind,
    titleVi: `${vi}: ${typeName(doc)} — ${doc.subject}`,
    titleEn: `${en}: ${doc.subject}`,
    link: link(doc),
    dedupeKey: `${kind}:${doc.id}:${key}`,
  }));

/**
 * Copies the matching chain template onto the document: role steps become the people holding the role
 * now; optional steps the author leaves out, or that nobody can take, are kept as SKIPPED for the record.
 */
async function buildChain(tx: Tx, actor: Actor, doc: OutgoingRow, input: { skipOptionalSteps: number[]; extraReviewers: string[] }) {
  const template = await matchTemplate(tx, doc.organisationId, doc.documentType);
  if (!template) {
    throw problem('outgoing.no_chain', { documentType: doc.documentType }, { field: 'chain' });
  }
  const planned: { label: string; mode: StepRow['mode']; userIds: string[]; skipped: boolean; added: boolean }[] = [];
  for (const [i, s] of template.steps.entries()) {
    const userIds = await resolveStep(tx, doc.organisationId, s, doc.draftingUnitId);
    const leaveOut = s.optional && (input.skipOptionalSteps.includes(i + 1) || userIds.length === 0);
    if (!leaveOut && userIds.length === 0) {
      throw problem('outgoing.chain_unresolved', { label: s.label, step: i + 1 }, { field: 'chain' });
    }
    planned.push({ label: s.label, mode: s.mode, userIds, skipped: leaveOut, added: false });
  }
  if (input.skipOptionalSteps.some((n) => !template.steps[n - 1]?.optional)) {
    throw problem('outgoing.step_not_optional', {}, { field: 'skipOptionalSteps' });
  }
  if (input.extraReviewers.length) {
    if (!template.allowAddReviewers) throw problem('outgoing.reviewers_not_allowed', {}, { field: 'extraReviewers' });
    const tree = await subtreeIds(tx as unknown as Db, [doc.organisationId]);
    const found = await tx
      .select({ id: users.id, organisationId: users.organisationId })
      .from(users)
      .where(and(inArray(users.id, input.extraReviewers), isNull(users.disabledAt)));
    if (found.length !== new Set(input.extraReviewers).size || found.some((u) => !tree.has(u.organisationId))) {
      throw problem('outgoing.reviewer_invalid', {}, { field: 'extraReviewers' });
    }
    planned.splice(planned.length - 1, 0, {
      label: 'Góp ý bổ sung',
      mode: 'ALL_OF',
      userIds: [...new Set(input.extraReviewers)],
      skipped: false,
      added: true,
    });
  }
  const first = planned.findIndex((p) => !p.skipped);
  for (const [i, p] of planned.entries()) {
    const [step] = await tx
      .insert(outgoingSteps)
      .values({
        documentId: doc.id,
        ordinal: i + 1,
        label: p.label,
        mode: p.mode,
        isSigner: i === planned.length - 1,
        added: p.added,
        status: p.skipped ? 'SKIPPED' : i === first ? 'ACTIVE' : 'PENDING',
      })
      .returning();
    if (!p.skipped)
      await tx.insert(outgoingStepAssignees).values(p.userIds.map((userId) => ({ stepId: step.id, documentId: doc.id, userId })));
  }
  return { templateId: template.id, first: first + 1, allowAddReviewers: template.allowAddReviewers, afterReturn: template.afterReturn };
}

async function stepAt(tx: Tx, documentId: string, ordinal: number) {
  const [s] = await tx
    .select()
    .from(outgoingSteps)
    .where(and(eq(outgoingSteps.documentId, documentId), eq(outgoingSteps.ordinal, ordinal)));
  return s;
}

/**
 * Back into review after a return. RESTART (the default): every step not left out runs again from the first,
 * so the unit head and the format check see the revised version too; RESUME: the step that returned it takes
 * it up again. Either way approvals given on an earlier version do not carry over to the steps that run again.
 */
async function reopenChain(tx: Tx, doc: OutgoingRow): Promise<number> {
  const steps = await tx.select().from(outgoingSteps).where(eq(outgoingSteps.documentId, doc.id)).orderBy(asc(outgoingSteps.ordinal));
  const again =
    doc.afterReturn === 'RESUME' ? steps.filter((s) => s.ordinal === doc.returnedStep) : steps.filter((s) => s.status !== 'SKIPPED');
  const first = again[0];
  for (const s of again)
    await tx
      .update(outgoingSteps)
      .set({ status: s.id === first.id ? 'ACTIVE' : 'PENDING', completedAt: null })
      .where(eq(outgoingSteps.id, s.id));
  await tx
    .update(outgoingStepAssignees)
    .set({ decision: 'PENDING', actedBy: null, decidedAt: null })
    .where(
      and(
        inArray(
          outgoingStepAssignees.stepId,
          again.map((s) => s.id),
        ),
        eq(outgoingStepAssignees.decision, 'APPROVED'),
      ),
    );
  return first.ordinal;
}

/**
 * The author submits (trình duyệt): a first submission takes the chain; a resubmission after a return runs it
 * again as the chain says (reopenChain), and its people decide on the new version.
 */
export async function submitOutgoing(
  db: Db,
  notifier: Notifier,
  actor: Actor,
  id: string,
  input: { skipOptionalSteps: number[]; extraReviewers: string[]; note?: string },
) {
  const viewer = await viewerOf(db, actor);
  const { doc, stepId } = await db.transaction(async (tx) => {
    const doc = await requireVisible(tx, viewer, id, true);
    if (doc.authorId !== actor.userId) throw forbidden('Only the author submits a draft');
    let ordinal: number;
    let extra: Partial<OutgoingRow> = {};
    if (doc.status === 'DRAFT') {
      const chain = await buildChain(tx, actor, doc, input);
      ordinal = chain.first;
      extra = {
        chainTemplateId: chain.templateId,
        allowAddReviewers: chain.allowAddReviewers,
        afterReturn: chain.afterReturn,
        submittedAt: new Date(),
      };
    } else if (doc.status === 'RETURNED' && doc.returnedStep !== null) {
      ordinal = await reopenChain(tx, doc);
    } else {
      throw invalidState(doc, 'outgoing.not_submittable');
    }
    const [updated] = await tx
      .update(outgoingDocuments)
      .set({ ...extra, status: 'IN_REVIEW', currentStep: ordinal, returnedStep: null, updatedAt: new Date() })
      .where(and(eq(outgoingDocuments.id, id), inArray(outgoingDocuments.status, ['DRAFT', 'RETURNED'])))
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, actingRole(actor)),
      action: doc.status === 'DRAFT' ? 'outgoing.submit' : 'outgoing.resubmit',
      entityType: 'outgoing_document',
      entityId: id,
      data: {
        version: doc.currentVersion,
        step: ordinal,
        note: input.note,
        extraReviewers: input.extraReviewers,
        skipOptionalSteps: input.skipOptionalSteps,
        ...(doc.status === 'RETURNED' ? { afterReturn: doc.afterReturn } : {}),
      },
    });
    return { doc: updated, stepId: (await stepAt(tx, id, ordinal)).id };
  });
  const pending = await pendingOf(db, stepId);
  await notifier.send(
    notify(
      pending.map((p) => p.userId),
      'outgoing.review',
      doc,
      'Trình duyệt',
      'For your approval',
      `${doc.currentVersion}:${doc.currentStep}`,
    ),
  );
}

/** The caller's turn on the current step, with the document row locked until the transaction ends. */
async function currentTurn(tx: Tx, viewer: OutgoingViewer, id: string, wantedVi: string, wanted: string) {
  const doc = await requireVisible(tx, viewer, id, true);
  if (doc.status !== 'IN_REVIEW') {
    throw invalidState(doc, 'outgoing.not_in_review', { status: doc.status, wantedVi, wanted });
  }
  const step = await stepAt(tx, id, doc.currentStep!);
  const rows = await tx.select().from(outgoingStepAssignees).where(eq(outgoingStepAssignees.stepId, step.id));
  const row = actingRow(rows, viewer, step.isSigner);
  if (!row) {
    throw problem('outgoing.not_your_turn', { wantedVi, label: step.label, wanted, ordinal: step.ordinal });
  }
  const onBehalfOf = row.userId !== viewer.actor.userId ? row.userId : undefined;
  return { doc, step, rows, row, onBehalfOf };
}

/** Marks the caller's row decided, only if nobody decided it meanwhile. */
async function decide(tx: Tx, row: AssigneeRow, decision: 'APPROVED' | 'FORWARDED', actor: Actor) {
  const [done] = await tx
    .update(outgoingStepAssignees)
    .set({ decision, actedBy: actor.userId, decidedAt: new Date() })
    .where(and(eq(outgoingStepAssignees.id, row.id), eq(outgoingStepAssignees.decision, 'PENDING')))
    .returning({ id: outgoingStepAssignees.id });
  if (!done) throw problem('outgoing.already_decided');
}

/**
 * Approves at the current step. The step completes with the first approval (ANY_ONE) or the last one
 * (ALL_OF); the chain then moves to the next step, or after the signer's step the document awaits its
 * signature and a signing job is queued. The document row stays locked throughout, so two approvers acting
 * at once are serialised: the second sees the state the first left and cannot approve the same turn twice.
 */
export async function approveOutgoing(db: Db, notifier: Notifier, signingQueue: Queue, actor: Actor, id: string, input: { note?: string }) {
  const viewer = await viewerOf(db, actor);
  const outcome = await db.transaction(async (tx) => {
    const { doc, step, rows, row, onBehalfOf } = await currentTurn(tx, viewer, id, 'duyệt', 'approve');
    const conflict = dutyConflict(await dutiesOf(tx, doc), [actor.userId, row.userId], step.isSigner);
    if (conflict) throw dutyProblem(conflict);
    await decide(tx, row, 'APPROVED', actor);
    const stepDone = step.mode === 'ANY_ONE' || rows.every((r) => r.id === row.id || r.decision !== 'PENDING');
    let next: StepRow | undefined;
    let updated = doc;
    if (stepDone) {
      await tx
        .update(outgoingSteps)
        .set({ status: 'DONE', completedAt: new Date() })
        .where(and(eq(outgoingSteps.id, step.id), eq(outgoingSteps.status, 'ACTIVE')));
      [next] = await tx
        .select()
        .from(outgoingSteps)
        .where(and(eq(outgoingSteps.documentId, id), gt(outgoingSteps.ordinal, step.ordinal), eq(outgoingSteps.status, 'PENDING')))
        .orderBy(asc(outgoingSteps.ordinal))
        .limit(1);
      if (next) {
        await tx.update(outgoingSteps).set({ status: 'ACTIVE' }).where(eq(outgoingSteps.id, next.id));
        [updated] = await tx
          .update(outgoingDocuments)
          .set({ currentStep: next.ordinal, updatedAt: new Date() })
          .where(eq(outgoingDocuments.id, id))
          .returning();
      } else {
        [updated] = await tx
          .update(outgoingDocuments)
          .set({
            status: 'APPROVED_AWAITING_SIGNATURE',
            currentStep: null,
            approvedAt: new Date(),
            signerId: row.userId,
            signerActedBy: actor.userId,
            updatedAt: new Date(),
          })
          .where(and(eq(outgoingDocuments.id, id), eq(outgoingDocuments.status, 'IN_REVIEW')))
          .returning();
      }
    }
    await recordAudit(tx, {
      ...auditActor(actor, actingRole(actor)),
      action: step.isSigner && stepDone ? 'outgoing.approve_final' : 'outgoing.approve',
      entityType: 'outgoing_document',
      entityId: id,
      data: { step: step.ordinal, label: step.label, version: doc.currentVersion, onBehalfOf, note: input.note, stepDone },
    });
    const [main] = await tx
      .select({ sha256: outgoingFiles.sha256 })
      .from(outgoingFiles)
      .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
      .where(and(eq(outgoingFiles.documentId, id), eq(outgoingVersions.number, doc.currentVersion), eq(outgoingFiles.role, 'MAIN')));
    return { doc: updated, next, final: stepDone && !next, signerId: row.userId, mainSha: main.sha256 };
  });
  const { doc } = outcome;
  if (outcome.final) {
    // The hand-off job only waits for the signer (the document's status is what counts), so a lost one is not owed.
    await enqueueAfterCommit(() =>
      enqueueSigning(signingQueue, {
        documentId: id,
        version: doc.currentVersion,
        fileSha256: outcome.mainSha,
        signerId: outcome.signerId,
        actedBy: actor.userId,
      }),
    );
    await notifier.send([
      ...notify([doc.authorId], 'outgoing.approved', doc, 'Đã duyệt, chờ ký số', 'Approved, awaiting signature', `${doc.currentVersion}`),
      ...notify(
        await clerksOf(db, doc.organisationId),
        'outgoing.to_issue',
        doc,
        'Văn bản chờ ban hành',
        'Awaiting issuance',
        `${doc.currentVersion}`,
      ),
    ]);
  } else if (outcome.next) {
    const pending = await pendingOf(db, outcome.next.id);
    await notifier.send(
      notify(
        pending.map((p) => p.userId),
        'outgoing.review',
        doc,
        'Trình duyệt',
        'For your approval',
        `${doc.currentVersion}:${outcome.next.ordinal}`,
      ),
    );
  }
  return doc;
}

/**
 * Ends the caller's turn by sending the document back (RETURNED: to the author; resubmission runs the chain
 * again from its first step or from this one, see reopenChain) or stopping it (REJECTED), with a comment on the current version.
 */
async function closeWithComment(db: Db, actor: Actor, id: string, outcome: 'RETURNED' | 'REJECTED', comment: string) {
  const viewer = await viewerOf(db, actor);
  return db.transaction(async (tx) => {
    const [vi, en] = outcome === 'RETURNED' ? ['trả lại', 'return'] : ['từ chối', 'reject'];
    const { doc, step, onBehalfOf } = await currentTurn(tx, viewer, id, vi, en);
    const [version] = await tx
      .select()
      .from(outgoingVersions)
      .where(and(eq(outgoingVersions.documentId, id), eq(outgoingVersions.number, doc.currentVersion)));
    await tx.insert(outgoingComments).values({ documentId: id, versionId: version.id, authorId: actor.userId, body: comment });
    if (outcome === 'RETURNED') await tx.update(outgoingSteps).set({ status: 'PENDING' }).where(eq(outgoingSteps.id, step.id));
    const [updated] = await tx
      .update(outgoingDocuments)
      .set({ status: outcome, returnedStep: outcome === 'RETURNED' ? step.ordinal : null, currentStep: null, updatedAt: new Date() })
      .where(and(eq(outgoingDocuments.id, id), eq(outgoingDocuments.status, 'IN_REVIEW')))
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, actingRole(actor)),
      action: outcome === 'RETURNED' ? 'outgoing.return' : 'outgoing.reject',
      entityType: 'outgoing_document',
      entityId: id,
      data: { step: step.ordinal, label: step.label, version: doc.currentVersion, comment, onBehalfOf },
    });
    return updated;
  });
}

/** Back to the author with a comment on the current version; the chain's afterReturn says where resubmission resumes. */
export async function returnOutgoing(db: Db, notifier: Notifier, actor: Actor, id: string, input: { comment: string }) {
  const doc = await closeWithComment(db, actor, id, 'RETURNED', input.comment);
  await notifier.send(
    notify(
      [doc.authorId],
      'outgoing.returned',
      doc,
      'Trả lại để chỉnh sửa',
      'Returned for revision',
      `${doc.currentVersion}:${doc.returnedStep}`,
    ),
  );
  return doc;
}

/** Stops the document for good (the author may start a new draft). */
export async function rejectOutgoing(db: Db, notifier: Notifier, actor: Actor, id: string, input: { comment: string }) {
  const doc = await closeWithComment(db, actor, id, 'REJECTED', input.comment);
  await notifier.send(notify([doc.authorId], 'outgoing.rejected', doc, 'Không duyệt', 'Rejected', `${doc.currentVersion}`));
  return doc;
}

/** Passes the caller's part of the step to someone else in the organisation (chuyển xử lý). */
export async function forwardOutgoing(db: Db, notifier: Notifier, actor: Actor, id: string, input: { userId: string; note?: string }) {
  const viewer = await viewerOf(db, actor);
  const doc = await db.transaction(async (tx) => {
    const { doc, step, rows, row, onBehalfOf } = await currentTurn(tx, viewer, id, 'chuyển', 'forward');
    const tree = await subtreeIds(tx as unknown as Db, [doc.organisationId]);
    const [target] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, input.userId), isNull(users.disabledAt)));
    if (
      !target ||
      !tree.has(target.organisationId) ||
      target.id === actor.userId ||
      rows.some((r) => r.userId === target.id && r.decision === 'PENDING')
    ) {
      throw problem(
        'validation#userid_must_be_another',
        {},
        { errors: [{ path: 'userId', message: 'not a valid reviewer to forward to' }] },
      );
    }
    await decide(tx, row, 'FORWARDED', actor);
    await tx.insert(outgoingStepAssignees).values({ stepId: step.id, documentId: id, userId: target.id, forwardedFrom: row.id });
    await recordAudit(tx, {
      ...auditActor(actor, actingRole(actor)),
      action: 'outgoing.forward',
      entityType: 'outgoing_document',
      entityId: id,
      data: { step: step.ordinal, label: step.label, to: target.id, toName: target.fullName, note: input.note, onBehalfOf },
    });
    return doc;
  });
  await notifier.send(
    notify([input.userId], 'outgoing.review', doc, 'Được chuyển xin ý kiến', 'Forwarded to you for approval', `fwd:${Date.now()}`),
  );
  return doc;
}

/**
 * For the signing capability's worker: records the PDF signed by the authority and moves the document from
 * "approved, awaiting signature" to SIGNED (audited as the system). 409 if it is not awaiting a signature.
 */
export async function markSigned(db: Db, blobs: BlobStore, documentId: string, signedPdf: Uint8Array): Promise<void> {
  await acceptDeliveredPdf(db, blobs, documentId, signedPdf, {
    action: 'outgoing.signed',
    apply: async (tx, sha256) =>
      (
        await tx
          .update(outgoingDocuments)
          .set({ status: 'SIGNED', signedSha256: sha256, signedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(outgoingDocuments.id, documentId), eq(outgoingDocuments.status, 'APPROVED_AWAITING_SIGNATURE')))
          .returning()
      )[0],
    refuse: (doc) => invalidState(doc, 'outgoing.not_awaiting_signature#mark_signed'),
  });
}

/** "My approvals": documents whose current step waits for me, or for a leader I stand in for today. */
export async function myApprovals(db: Db, actor: Actor) {
  const viewer = await viewerOf(db, actor);
  const people = [actor.userId, ...viewer.delegators.map((d) => d.delegatorId)];
  const rows = await db
    .select({
      d: outgoingDocuments,
      s: outgoingSteps,
      a: outgoingStepAssignees,
      authorName: sql<string>`(select full_name from users where id = ${outgoingDocuments.authorId})`,
      forName: sql<string>`(select full_name from users where id = ${outgoingStepAssignees.userId})`,
    })
    .from(outgoingStepAssignees)
    .innerJoin(outgoingSteps, eq(outgoingSteps.id, outgoingStepAssignees.stepId))
    .innerJoin(
      outgoingDocuments,
      and(eq(outgoingDocuments.id, outgoingSteps.documentId), eq(outgoingDocuments.currentStep, outgoingSteps.ordinal)),
    )
    .where(
      and(
        eq(outgoingDocuments.status, 'IN_REVIEW'),
        eq(outgoingSteps.status, 'ACTIVE'),
        eq(outgoingStepAssignees.decision, 'PENDING'),
        inArray(outgoingStepAssignees.userId, people),
      ),
    )
    .orderBy(asc(outgoingDocuments.updatedAt));
  const seen = new Set<string>();
  const items = [];
  for (const { d, s, a, authorName, forName } of rows) {
    const mine = a.userId === actor.userId;
    if (!mine && !viewer.delegators.some((x) => x.delegatorId === a.userId && (x.canSign || !s.isSigner))) continue;
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    items.push({
      dutyConflict: dutyConflict(await dutiesOf(db, d), [actor.userId, a.userId], s.isSigner),
      documentId: d.id,
      subject: d.subject,
      documentType: d.documentType,
      urgency: d.urgency,
      secrecy: d.secrecy,
      version: d.currentVersion,
      step: { ordinal: s.ordinal, label: s.label, mode: s.mode, isSigner: s.isSigner },
      author: { id: d.authorId, fullName: authorName },
      onBehalfOf: mine ? null : { id: a.userId, fullName: forName },
      waitingSince: d.updatedAt.toISOString(),
    });
  }
  return { items };
}
