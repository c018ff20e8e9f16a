import { Readable } from 'node:stream';
import { aliasedTable, and, asc, desc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { requireNotHeld } from '../legal-holds/check';
import type { Actor } from '../auth/context';
import { auditEvents } from '../audit/schema';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { discardUnreferenced, storeUploads } from '../files/blob-refs';
import { inspectPdf } from '../files/pdf';
import { checkAndClean, requireOne, type CheckedFile } from '../files/check';
import type { UploadedFile } from '../files/upload';
import { Problem, forbidden, notFound } from '../http/problem';
import { organisations, units } from '../organisations/schema';
import type { BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { outgoingSigningRequests } from '../signing/schema';
import { exchangeStatusesOf } from '../exchange/outbox';
import {
  DRAFTING_ROLES,
  maySign,
  organisationsServed,
  requireVisible,
  viewerOf,
  visibleTo,
  type OutgoingRow,
  type OutgoingViewer,
} from './access';
import { documentTypeOf, numberAndSymbol } from './document-types';
import { dutiesFrom, dutyConflict, separationEnforced, type DraftDuties, type DutyConflict } from './duties';
import {
  outgoingComments,
  outgoingDeliveries,
  outgoingDocuments,
  outgoingFileRoles,
  outgoingFiles,
  outgoingRecipients,
  outgoingStepAssignees,
  outgoingSteps,
  outgoingVersions,
} from './schema';
import type { MetadataInput, OutgoingAction, RecipientInput } from './validation';
import { answeredBy, linkReplies } from './replies';
import { problem, problemOf, type ParamArgs, type ProblemKey } from '../http/problems';

export type OutgoingUpload = UploadedFile<'MAIN' | 'SOURCE' | 'ATTACHMENT'>;
type AssigneeRow = typeof outgoingStepAssignees.$inferSelect;

/** A problem of the document's state: the detail names the state. */
export const invalidState = <K extends ProblemKey>(doc: OutgoingRow, key: K, ...[params]: ParamArgs<K>) =>
  problemOf(key, params, { context: { en: `the document is ${doc.status}` } });

/**
 * Takes a PDF delivered by the signing capability (signed, or numbered and sealed): stores it, and in one
 * transaction applies `apply` (a conditional update that returns the row only from the expected state) and
 * audits `action` as the system. Otherwise a 409 from `refuse`, and the stored bytes are dropped again.
 */
export async function acceptDeliveredPdf(
  db: Db,
  blobs: BlobStore,
  documentId: string,
  pdf: Uint8Array,
  step: { action: string; apply: (tx: Tx, sha256: string) => Promise<OutgoingRow | undefined>; refuse: (doc: OutgoingRow) => Problem },
): Promise<void> {
  await inspectPdf(pdf, `${step.action}.pdf`);
  const { sha256 } = await blobs.put(Readable.from([Buffer.from(pdf)]));
  try {
    await db.transaction(async (tx) => {
      const updated = await step.apply(tx, sha256);
      if (!updated) {
        const [doc] = await tx.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, documentId));
        if (!doc) throw notFound(`Outgoing document ${documentId}`, 'văn bản đi');
        throw step.refuse(doc);
      }
      await recordAudit(tx, {
        actorId: null,
        actorRole: null,
        action: step.action,
        entityType: 'outgoing_document',
        entityId: documentId,
        data: { sha256, signerId: updated.signerId },
      });
    });
  } catch (e) {
    await discardUnreferenced(db, blobs, [sha256]);
    throw e;
  }
}

/** Recipients as stored: internal ones checked and named from the organisation tree. */
export async function resolveRecipients(db: Db | Tx, input: RecipientInput[]) {
  const out: Omit<typeof outgoingRecipients.$inferInsert, 'documentId'>[] = [];
  for (const [ordinal, r] of input.entries()) {
    const bad = (what: string) =>
      problem('validation#recipients', { ordinal, what }, { errors: [{ path: `recipients.${ordinal}`, message: what }] });
    if (r.kind === 'ORGANISATION') {
      const [o] = await db.select().from(organisations).where(eq(organisations.id, r.organisationId));
      if (!o) throw bad(`no organisation ${r.organisationId}`);
      out.push({ ordinal, kind: r.kind, organisationId: o.id, organCode: o.organCode, name: o.name });
    } else if (r.kind === 'UNIT') {
      const [u] = await db
        .select({ u: units, orgName: organisations.name })
        .from(units)
        .innerJoin(organisations, eq(organisations.id, units.organisationId))
        .where(eq(units.id, r.unitId));
      if (!u) throw bad(`no unit ${r.unitId}`);
      out.push({ ordinal, kind: r.kind, organisationId: u.u.organisationId, unitId: u.u.id, name: `${u.u.name} — ${u.orgName}` });
    } else {
      out.push({ ordinal, kind: r.kind, organCode: r.organCode, name: r.name });
    }
  }
  return out;
}

type VersionFile = Pick<
  typeof outgoingFiles.$inferSelect,
  'role' | 'sha256' | 'size' | 'originalName' | 'mediaType' | 'pageCount' | 'activeContent' | 'originalSha256'
>;
async function insertFiles(tx: Tx, documentId: string, versionId: string, files: VersionFile[]) {
  if (files.length === 0) return;
  await tx.insert(outgoingFiles).values(
    files.map((f, ordinal) => ({
      documentId,
      versionId,
      role: f.role,
      ordinal,
      sha256: f.sha256,
      size: f.size,
      originalName: f.originalName,
      mediaType: f.mediaType,
      pageCount: f.pageCount,
      activeContent: f.activeContent,
      originalSha256: f.originalSha256,
    })),
  );
}

const roleOrder = { MAIN: 0, SOURCE: 1, ATTACHMENT: 2 } as const;
async function checkAll(files: OutgoingUpload[]) {
  const checked: CheckedFile<OutgoingUpload['role']>[] = [];
  for (const f of [...files].sort((a, b) => roleOrder[a.role] - roleOrder[b.role])) {
    // Cleaned now, before anyone reviews or signs it, so the signatures are made over the clean bytes.
    checked.push(await checkAndClean(f));
  }
  if (checked.filter((f) => f.role === 'SOURCE').length > 1) {
    throw problem('validation#send_at_most_one', {}, { errors: [{ path: 'source', message: 'at most one' }] });
  }
  return checked;
}

/** A specialist's new draft (dự thảo), version 1, of their organisation or of the committee their office serves. */
export async function createOutgoing(
  db: Db,
  blobs: BlobStore,
  actor: Actor,
  input: { metadata: MetadataInput; organisationId?: string; reason?: string },
  files: OutgoingUpload[],
) {
  const served = await organisationsServed(db, actor, DRAFTING_ROLES);
  if (served.length === 0) throw forbidden('Only specialists, unit heads and leaders draft outgoing documents');
  const own = actor.roles.find((g) => DRAFTING_ROLES.includes(g.role))!.organisationId;
  const organisationId = input.organisationId ?? own;
  if (!served.includes(organisationId)) throw forbidden(`You do not draft for organisation ${organisationId}`);
  requireOne(files, 'MAIN', 'main', 'upload.main_required#draft');
  const recipients = await resolveRecipients(db, input.metadata.recipients);
  const [me] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, actor.userId));
  const checked = await checkAll(files);
  const id = await storeUploads(db, blobs, checked, (stored) =>
    db.transaction(async (tx) => {
      const { recipients: _r, replyTo, ...meta } = input.metadata;
      const [doc] = await tx
        .insert(outgoingDocuments)
        .values({ ...meta, organisationId, draftingUnitId: me?.unitId ?? null, authorId: actor.userId })
        .returning({ id: outgoingDocuments.id });
      const [version] = await tx
        .insert(outgoingVersions)
        .values({ documentId: doc.id, number: 1, reason: input.reason ?? null, createdBy: actor.userId })
        .returning();
      await insertFiles(tx, doc.id, version.id, stored);
      if (recipients.length) await tx.insert(outgoingRecipients).values(recipients.map((r) => ({ ...r, documentId: doc.id })));
      if (replyTo?.length) await linkReplies(tx, actor, { id: doc.id, organisationId }, replyTo);
      await recordAudit(tx, {
        ...auditActor(actor, 'CHUYEN_VIEN'),
        action: 'outgoing.create',
        entityType: 'outgoing_document',
        entityId: doc.id,
        data: {
          organisationId,
          ...input.metadata,
          version: 1,
          files: stored.map((f) => ({ role: f.role, name: f.originalName, sha256: f.sha256 })),
        },
      });
      return doc.id;
    }),
  );
  return getOutgoing(db, actor, id);
}

async function versionRow(db: Db | Tx, documentId: string, number: number) {
  const [v] = await db
    .select()
    .from(outgoingVersions)
    .where(and(eq(outgoingVersions.documentId, documentId), eq(outgoingVersions.number, number)));
  if (!v) throw notFound(`Version ${number}`, 'phiên bản');
  return v;
}

/**
 * A revision by the author while the draft is theirs (DRAFT, or RETURNED for revision): uploaded roles
 * replace the previous version's files of that role, the others carry over; metadata may change too.
 */
export async function reviseOutgoing(
  db: Db,
  blobs: BlobStore,
  actor: Actor,
  id: string,
  input: { reason: string; metadata?: Partial<MetadataInput>; dropSource?: boolean; dropAttachments?: boolean },
  files: OutgoingUpload[],
) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  if (doc.authorId !== actor.userId) throw forbidden('Only the author revises a draft');
  const checked = await checkAll(files);
  const recipients = input.metadata?.recipients ? await resolveRecipients(db, input.metadata.recipients) : undefined;
  await storeUploads(db, blobs, checked, (stored) =>
    db.transaction(async (tx) => {
      const locked = await requireVisible(tx, viewer, id, true);
      if (locked.status !== 'DRAFT' && locked.status !== 'RETURNED') {
        throw invalidState(locked, 'outgoing.not_editable');
      }
      await requireNotHeld(tx, { documents: [{ kind: 'OUTGOING', id }] });
      const prev = await versionRow(tx, id, locked.currentVersion);
      const prevFiles = await tx
        .select()
        .from(outgoingFiles)
        .where(eq(outgoingFiles.versionId, prev.id))
        .orderBy(asc(outgoingFiles.ordinal));
      const pick = (role: OutgoingUpload['role'], drop = false) => {
        const fresh = stored.filter((f) => f.role === role);
        return fresh.length ? fresh : drop ? [] : prevFiles.filter((f) => f.role === role);
      };
      const next = [...pick('MAIN'), ...pick('SOURCE', input.dropSource), ...pick('ATTACHMENT', input.dropAttachments)];
      const number = locked.currentVersion + 1;
      const [version] = await tx
        .insert(outgoingVersions)
        .values({ documentId: id, number, reason: input.reason, createdBy: actor.userId })
        .returning();
      await insertFiles(tx, id, version.id, next);
      const { recipients: _r, replyTo, ...meta } = input.metadata ?? {};
      await tx
        .update(outgoingDocuments)
        .set({ ...meta, currentVersion: number, updatedAt: new Date() })
        .where(eq(outgoingDocuments.id, id));
      if (replyTo?.length) await linkReplies(tx, actor, locked, replyTo);
      if (recipients) {
        await tx.delete(outgoingRecipients).where(eq(outgoingRecipients.documentId, id));
        if (recipients.length) await tx.insert(outgoingRecipients).values(recipients.map((r) => ({ ...r, documentId: id })));
      }
      await recordAudit(tx, {
        ...auditActor(actor, 'CHUYEN_VIEN'),
        action: 'outgoing.revise',
        entityType: 'outgoing_document',
        entityId: id,
        data: {
          version: number,
          reason: input.reason,
          metadata: input.metadata,
          files: next.map((f) => ({ role: f.role, name: f.originalName, sha256: f.sha256 })),
        },
      });
    }),
  );
  return getOutgoing(db, actor, id);
}

/** A comment on a version (the current one unless named); any participant may comment at any stage. */
export async function commentOnOutgoing(db: Db, actor: Actor, id: string, input: { body: string; version?: number }) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  const version = await versionRow(db, id, input.version ?? doc.currentVersion);
  await db.transaction(async (tx) => {
    const [c] = await tx
      .insert(outgoingComments)
      .values({ documentId: id, versionId: version.id, authorId: actor.userId, body: input.body })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      actorRole: null,
      requestId: actor.requestId,
      ip: actor.ip,
      action: 'outgoing.comment',
      entityType: 'outgoing_document',
      entityId: id,
      data: { commentId: c.id, version: version.number },
    });
  });
  return getOutgoing(db, actor, id);
}

/**
 * The assignee row of the current step the viewer may act on: their own pending one, else one of a leader
 * who delegated to them today (signing steps only under a delegation that includes signing).
 */
export function actingRow(rows: AssigneeRow[], viewer: OutgoingViewer, isSigner: boolean): AssigneeRow | undefined {
  const pending = rows.filter((r) => r.decision === 'PENDING');
  return (
    pending.find((r) => r.userId === viewer.actor.userId) ??
    pending.find((r) => viewer.delegators.some((d) => d.delegatorId === r.userId && (d.canSign || !isSigner)))
  );
}

const nameOf = (column: AnyColumn) => sql<string | null>`(select full_name from users where id = ${column})`;

function summaryOf(r: { doc: OutgoingRow; authorName: string | null; signerName: string | null; signerActorName: string | null }) {
  const { doc } = r;
  const onBehalf = doc.signerId && doc.signerActedBy && doc.signerActedBy !== doc.signerId;
  return {
    id: doc.id,
    organisationId: doc.organisationId,
    draftingUnitId: doc.draftingUnitId,
    author: { id: doc.authorId, fullName: r.authorName ?? '' },
    status: doc.status,
    documentType: doc.documentType,
    documentTypeName: documentTypeOf(doc.documentType)?.name ?? doc.documentType,
    subject: doc.subject,
    urgency: doc.urgency,
    secrecy: doc.secrecy,
    dueDate: doc.dueDate,
    currentVersion: doc.currentVersion,
    currentStep: doc.currentStep,
    returnedStep: doc.returnedStep,
    // The one whose authority the signature carries acted in person, or a deputy did for them ("KT.").
    signer: doc.signerId
      ? onBehalf
        ? { id: doc.signerActedBy!, fullName: r.signerActorName ?? '' }
        : { id: doc.signerId, fullName: r.signerName ?? '' }
      : null,
    signedOnBehalfOf: onBehalf ? { id: doc.signerId!, fullName: r.signerName ?? '' } : null,
    signed: doc.signedSha256 !== null,
    issued:
      doc.issuedNumber !== null && doc.registerId && doc.symbol && doc.issueDate && doc.issuedYear
        ? {
            registerId: doc.registerId,
            year: doc.issuedYear,
            number: doc.issuedNumber,
            numberAndSymbol: numberAndSymbol(doc.issuedNumber, doc.symbol),
            symbol: doc.symbol,
            issueDate: doc.issueDate,
            paperSignature: doc.paperSignature ?? false,
          }
        : null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

function summaryQuery(db: Db, where: SQL | undefined, page?: { limit: number; offset: number }) {
  return db
    .select({
      doc: outgoingDocuments,
      authorName: nameOf(outgoingDocuments.authorId),
      signerName: nameOf(outgoingDocuments.signerId),
      signerActorName: nameOf(outgoingDocuments.signerActedBy),
    })
    .from(outgoingDocuments)
    .where(where)
    .orderBy(desc(outgoingDocuments.updatedAt))
    .limit(page?.limit ?? 1)
    .offset(page?.offset ?? 0);
}

export async function listOutgoing(
  db: Db,
  actor: Actor,
  filter: { status?: OutgoingRow['status']; mine?: boolean; limit: number; offset: number },
) {
  const viewer = await viewerOf(db, actor);
  const where = and(
    visibleTo(viewer),
    filter.status ? eq(outgoingDocuments.status, filter.status) : undefined,
    filter.mine ? eq(outgoingDocuments.authorId, actor.userId) : undefined,
  );
  const rows = await summaryQuery(db, where, filter);
  return { items: rows.map(summaryOf), total: await db.$count(outgoingDocuments, where) };
}

/** The latest digital-signing request of the document's current version (signing/outgoing.ts). */
export async function latestSigningRequest(db: Db, doc: OutgoingRow) {
  const [row] = await db
    .select()
    .from(outgoingSigningRequests)
    .where(and(eq(outgoingSigningRequests.documentId, doc.id), eq(outgoingSigningRequests.version, doc.currentVersion)))
    .orderBy(desc(outgoingSigningRequests.createdAt))
    .limit(1);
  return row;
}

/**
 * What the viewer may do now, the same rules the actions enforce; and, when it is the viewer's turn to approve or
 * sign but separation of duties forbids it, why (approve and sign are then not offered).
 */
function allowedActions(
  viewer: OutgoingViewer,
  doc: OutgoingRow,
  current: { isSigner: boolean; rows: AssigneeRow[] } | undefined,
  duties: DraftDuties,
  signingQueued = false,
): { actions: OutgoingAction[]; conflict: DutyConflict | null } {
  const out: OutgoingAction[] = [];
  let conflict: DutyConflict | null = null;
  const me = viewer.actor.userId;
  const isAuthor = doc.authorId === me;
  const clerk = viewer.clerkOf.includes(doc.organisationId);
  if (isAuthor && (doc.status === 'DRAFT' || doc.status === 'RETURNED')) out.push('revise', 'submit');
  const turn = doc.status === 'IN_REVIEW' && current ? actingRow(current.rows, viewer, current.isSigner) : undefined;
  if (turn) {
    conflict = dutyConflict(duties, [me, turn.userId], current!.isSigner);
    out.push(...(conflict ? [] : (['approve'] as const)), 'return', 'forward', 'reject');
  }
  if (doc.status === 'APPROVED_AWAITING_SIGNATURE' && maySign(viewer, doc) && !signingQueued) {
    conflict = dutyConflict(duties, [me, doc.signerId], true);
    if (!conflict) out.push('sign');
  }
  if (clerk && doc.status === 'SIGNED') out.push('issue');
  if (clerk && doc.status === 'APPROVED_AWAITING_SIGNATURE') out.push('issue_paper_signature');
  if (clerk && doc.status === 'ISSUED' && (doc.issuedSha256 !== null || !doc.signedSha256)) out.push('dispatch');
  // Sends outside the system (post, e-mail, hand) and their dispatch slips, recipient by recipient.
  if (clerk && doc.status === 'DISPATCHED') out.push('record_manual_send');
  out.push('comment');
  return { actions: out, conflict };
}

type FileRow = typeof outgoingFiles.$inferSelect;

/**
 * What changed since the version the reviewers last saw: the one last returned (or the previous one), file by
 * file by SHA-256 (files paired by role and order within the role), with the comments made on the versions in
 * between — the ones the revision answers — and the author's reasons. Null for a first version.
 */
export function revisionOf(
  current: number,
  versions: { id: string; number: number; reason: string | null }[],
  files: FileRow[],
  comments: { versionId: string; authorId: string; authorName: string; body: string; createdAt: Date }[],
  history: { action: string; data: unknown }[],
) {
  if (current < 2) return null;
  const returned = history
    .filter((e) => e.action === 'outgoing.return')
    .map((e) => Number((e.data as { version?: number } | null)?.version))
    .filter((v) => v < current);
  const from = returned.length ? Math.max(...returned) : current - 1;
  const numberOf = new Map(versions.map((v) => [v.id, v.number]));
  const at = (n: number) => {
    const v = versions.find((x) => x.number === n);
    const byRole = new Map<string, FileRow[]>();
    for (const f of files.filter((x) => x.versionId === v?.id).sort((a, b) => a.ordinal - b.ordinal))
      byRole.set(f.role, [...(byRole.get(f.role) ?? []), f]);
    return byRole;
  };
  const before = at(from);
  const after = at(current);
  const pair = (f: FileRow | undefined) => (f ? { originalName: f.originalName, sha256: f.sha256 } : null);
  const changes = outgoingFileRoles.flatMap((role) => {
    const b = before.get(role) ?? [];
    const a = after.get(role) ?? [];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => ({
      role,
      change: !b[i]
        ? ('ADDED' as const)
        : !a[i]
          ? ('REMOVED' as const)
          : a[i].sha256 === b[i].sha256
            ? ('UNCHANGED' as const)
            : ('CHANGED' as const),
      before: pair(b[i]),
      after: pair(a[i]),
    }));
  });
  return {
    fromVersion: from,
    toVersion: current,
    reasons: versions
      .filter((v) => v.number > from && v.number <= current && v.reason)
      .map((v) => ({ version: v.number, reason: v.reason! })),
    files: changes,
    commentsAnswered: comments
      .filter((c) => (numberOf.get(c.versionId) ?? 0) >= from && (numberOf.get(c.versionId) ?? 0) < current)
      .map((c) => ({
        version: numberOf.get(c.versionId)!,
        author: { id: c.authorId, fullName: c.authorName },
        body: c.body,
        createdAt: c.createdAt.toISOString(),
      })),
  };
}

async function buildView(db: Db, viewer: OutgoingViewer, id: string) {
  const rows = await summaryQuery(db, and(eq(outgoingDocuments.id, id), visibleTo(viewer)));
  const row = rows[0];
  if (!row) throw notFound(`Outgoing document ${id}`, 'văn bản đi');
  const doc = row.doc;
  const creator = aliasedTable(users, 'creator');
  const [versions, files, comments, recipients, steps, assignees, history] = await Promise.all([
    db
      .select({ v: outgoingVersions, name: creator.fullName })
      .from(outgoingVersions)
      .innerJoin(creator, eq(creator.id, outgoingVersions.createdBy))
      .where(eq(outgoingVersions.documentId, id))
      .orderBy(asc(outgoingVersions.number)),
    db.select().from(outgoingFiles).where(eq(outgoingFiles.documentId, id)).orderBy(asc(outgoingFiles.ordinal)),
    db
      .select({ c: outgoingComments, name: users.fullName })
      .from(outgoingComments)
      .innerJoin(users, eq(users.id, outgoingComments.authorId))
      .where(eq(outgoingComments.documentId, id))
      .orderBy(asc(outgoingComments.createdAt)),
    db
      .select({ r: outgoingRecipients, d: outgoingDeliveries })
      .from(outgoingRecipients)
      .leftJoin(outgoingDeliveries, eq(outgoingDeliveries.recipientId, outgoingRecipients.id))
      .where(eq(outgoingRecipients.documentId, id))
      .orderBy(asc(outgoingRecipients.ordinal)),
    db.select().from(outgoingSteps).where(eq(outgoingSteps.documentId, id)).orderBy(asc(outgoingSteps.ordinal)),
    db.select().from(outgoingStepAssignees).where(eq(outgoingStepAssignees.documentId, id)),
    db
      .select({ e: auditEvents, actorName: users.fullName })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.entityType, 'outgoing_document'), eq(auditEvents.entityId, id)))
      .orderBy(asc(auditEvents.id)),
  ]);
  // Everyone named on the page beside the steps' people: whoever recorded a manual send (one query for all names).
  const peopleIds = [
    ...new Set([
      ...assignees.flatMap((a) => [a.userId, ...(a.actedBy ? [a.actedBy] : [])]),
      ...recipients.flatMap(({ d }) => (d?.manualRecordedBy ? [d.manualRecordedBy] : [])),
    ]),
  ];
  const names = new Map(
    peopleIds.length
      ? (await db.select({ id: users.id, fullName: users.fullName }).from(users).where(inArray(users.id, peopleIds))).map((u) => [
          u.id,
          u.fullName,
        ])
      : [],
  );
  const person = (uid: string) => ({ id: uid, fullName: names.get(uid) ?? '' });
  const currentStep = steps.find((s) => s.ordinal === doc.currentStep);
  const signing = await latestSigningRequest(db, doc);
  const exchange = (await exchangeStatusesOf(db, [id])).get(id);
  const duties = dutiesFrom(await separationEnforced(db, doc.organisationId), doc.authorId, steps, assignees);
  const allowed = allowedActions(
    viewer,
    doc,
    currentStep && { isSigner: currentStep.isSigner, rows: assignees.filter((a) => a.stepId === currentStep.id) },
    duties,
    signing?.state === 'QUEUED',
  );
  const file = (f: typeof outgoingFiles.$inferSelect) => ({
    id: f.id,
    role: f.role,
    originalName: f.originalName,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    pageCount: f.pageCount,
    // Scripts or launch actions the upload had; `sha256` is then the cleaned copy, `originalSha256` the upload.
    activeContent: f.activeContent,
    originalSha256: f.originalSha256,
  });
  return {
    ...summaryOf(row),
    answers: await answeredBy(db, viewer.actor, id),
    recipients: recipients.map(({ r, d }) => ({
      id: r.id,
      kind: r.kind,
      organisationId: r.organisationId,
      unitId: r.unitId,
      organCode: r.organCode,
      name: r.name,
      delivery: d
        ? {
            id: d.id,
            status: d.status,
            incomingDocumentId: d.incomingDocumentId,
            deliveredAt: d.deliveredAt?.toISOString() ?? null,
            manual:
              d.manualMethod && d.manualSentOn
                ? {
                    method: d.manualMethod,
                    sentOn: d.manualSentOn,
                    note: d.manualNote,
                    recordedBy: d.manualRecordedBy ? person(d.manualRecordedBy) : null,
                  }
                : null,
          }
        : null,
      exchange: (d && r.organCode && exchange?.get(r.organCode)) || null,
    })),
    versions: versions.map(({ v, name }) => ({
      number: v.number,
      reason: v.reason,
      createdBy: { id: v.createdBy, fullName: name },
      createdAt: v.createdAt.toISOString(),
      files: files.filter((f) => f.versionId === v.id).map(file),
      comments: comments
        .filter(({ c }) => c.versionId === v.id)
        .map(({ c, name: n }) => ({
          id: c.id,
          author: { id: c.authorId, fullName: n },
          body: c.body,
          createdAt: c.createdAt.toISOString(),
        })),
    })),
    steps: steps.map((s) => ({
      ordinal: s.ordinal,
      label: s.label,
      mode: s.mode,
      isSigner: s.isSigner,
      added: s.added,
      status: s.status,
      completedAt: s.completedAt?.toISOString() ?? null,
      assignees: assignees
        .filter((a) => a.stepId === s.id)
        .map((a) => ({
          id: a.id,
          user: person(a.userId),
          decision: a.decision,
          actedBy: a.actedBy && a.actedBy !== a.userId ? person(a.actedBy) : null,
          decidedAt: a.decidedAt?.toISOString() ?? null,
          forwardedFrom: a.forwardedFrom,
        })),
    })),
    history: history.map(({ e, actorName }) => ({
      at: e.at.toISOString(),
      actorName: actorName ?? null,
      actorRole: e.actorRole,
      action: e.action,
      data: e.data,
    })),
    issuedFileAvailable: doc.issuedNumber !== null && (doc.issuedSha256 !== null || !doc.signedSha256),
    // Progress of the digital signature: QUEUED while the worker completes it, DONE, or FAILED (sign again).
    signing: signing
      ? {
          state: signing.state,
          requestedAt: signing.createdAt.toISOString(),
          completedAt: signing.completedAt?.toISOString() ?? null,
          error: signing.error,
          signedBy: signing.signedBy,
        }
      : null,
    sealed: doc.signedSha256 !== null && doc.issuedSha256 !== null,
    revision: revisionOf(
      doc.currentVersion,
      versions.map(({ v }) => v),
      files,
      comments.map(({ c, name: n }) => ({ ...c, authorName: n })),
      history.map(({ e }) => e),
    ),
    allowedActions: allowed.actions,
    dutyConflict: allowed.conflict,
  };
}

/** The document as the actor sees it; `viewer` when the caller has just computed it (a write answering with the view). */
export async function getOutgoing(db: Db, actor: Actor, id: string, viewer?: OutgoingViewer) {
  return buildView(db, viewer ?? (await viewerOf(db, actor)), id);
}

/** A file of any version (earlier versions stay readable). */
export async function openOutgoingFile(db: Db, blobs: BlobStore, actor: Actor, id: string, fileId: string) {
  await requireVisible(db, await viewerOf(db, actor), id);
  const [f] = await db
    .select()
    .from(outgoingFiles)
    .where(and(eq(outgoingFiles.id, fileId), eq(outgoingFiles.documentId, id)));
  if (!f) throw notFound(`File ${fileId}`, 'tệp');
  return { stream: await blobs.get(f.sha256), name: f.originalName, mediaType: f.mediaType };
}
