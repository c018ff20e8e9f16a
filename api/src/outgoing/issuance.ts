import type { Queue } from 'bullmq';
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, openAuditEntry, recordAudit } from '../audit/service';
import { todayInVietnam } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { mediaTypes } from '../files/media-type';
import { forbidden } from '../http/problem';
import { enqueueExchangeSends, exchangeStatusesOf, goesOverExchange, queueForExchange, type ExchangeDispatch } from '../exchange/outbox';
import { enqueueTextExtraction } from '../incoming/extraction';
import { incomingAccessGrants } from '../incoming/processing-schema';
import { insertDraft, type DraftFile, type DraftPrefill } from '../incoming/drafts';
import type { Notifier } from '../notifications/notifier';
import { enqueueAfterCommit } from '../queues/recovery';
import { organisations, units } from '../organisations/schema';
import { registers } from '../registers/schema';
import { allocateNumber, registerYear } from '../registers/service';
import type { BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { clerksOf } from '../users/service';
import { organisationsServed, requireVisible, viewerOf, visibleTo, type OutgoingRow } from './access';
import { buildSymbol, documentTypeOf, numberAndSymbol, signingAuthority } from './document-types';
import { ensureIssuedCopy, issuedFiles, sealingOf } from './issued-copy';
import { outgoingDeliveries, outgoingDocuments, outgoingRecipients } from './schema';
import { acceptDeliveredPdf, getOutgoing, invalidState } from './service';
import { completeAnswered } from './replies';
import { enqueueSealing, withdrawSigning } from './signing';
import { notify } from './workflow';
import { problem } from '../http/problems';

export function requireClerk(clerkOf: string[], doc: OutgoingRow) {
  if (!clerkOf.includes(doc.organisationId))
    throw forbidden('Only a clerk (VAN_THU) of the issuing organisation issues and dispatches documents');
}

async function outgoingRegister(db: Db, doc: OutgoingRow, registerId?: string) {
  const scope = doc.secrecy === 'KHONG' ? ('ALL' as const) : ('SECRET' as const);
  const [register] = await db
    .select()
    .from(registers)
    .where(
      and(
        eq(registers.organisationId, doc.organisationId),
        eq(registers.direction, 'DI'),
        eq(registers.active, true),
        registerId ? eq(registers.id, registerId) : eq(registers.scope, scope),
      ),
    )
    .orderBy(asc(registers.createdAt))
    .limit(1);
  if (!register || register.scope !== scope) {
    throw problem(
      scope === 'SECRET' ? 'outgoing.no_register#secret' : 'outgoing.no_register#ordinary',
      { registerId },
      { errors: [{ path: 'registerId', message: `needs an active DI register with scope ${scope}` }] },
    );
  }
  return register;
}

/**
 * Ban hành: the clerk gives the document the next number of the organisation's outgoing register for the
 * Vietnamese calendar year (row-locked counter, so concurrent issuances get distinct, gapless numbers), its
 * ký hiệu and today's date, then draws them on a copy of the PDF. Allowed once signed, or from "approved,
 * awaiting signature" only with an explicit paper-signature declaration, which is audited.
 */
export async function issueOutgoing(
  db: Db,
  blobs: BlobStore,
  signingQueue: Queue,
  notifier: Notifier,
  actor: Actor,
  id: string,
  input: { registerId?: string; paperSignature: boolean; note?: string },
  now = new Date(),
) {
  const viewer = await viewerOf(db, actor);
  const before = await requireVisible(db, viewer, id);
  requireClerk(viewer.clerkOf, before);
  const register = await outgoingRegister(db, before, input.registerId);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, before.organisationId));
  const [unit] = before.draftingUnitId ? await db.select().from(units).where(eq(units.id, before.draftingUnitId)) : [];
  const year = registerYear(now);
  const issueDate = todayInVietnam(now);
  const doc = await db.transaction(async (tx) => {
    const doc = await requireVisible(tx, viewer, id, true);
    if (doc.status === 'ISSUED' || doc.status === 'DISPATCHED') {
      throw invalidState(doc, 'outgoing.already_issued', { numberAndSymbol: numberAndSymbol(doc.issuedNumber!, doc.symbol!) });
    }
    if (doc.status === 'APPROVED_AWAITING_SIGNATURE' && !input.paperSignature) {
      throw invalidState(doc, 'outgoing.not_signed#issue');
    }
    if (doc.status !== 'SIGNED' && doc.status !== 'APPROVED_AWAITING_SIGNATURE') {
      throw invalidState(doc, 'outgoing.not_approved');
    }
    const symbol = buildSymbol(doc.documentType, org.shortName, unit?.abbrev);
    const paper = doc.status === 'APPROVED_AWAITING_SIGNATURE';
    const audit = await openAuditEntry(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: paper ? 'outgoing.issue_paper_signature' : 'outgoing.issue',
      entityType: 'outgoing_document',
      entityId: id,
    });
    // The number last: from here to the commit every other clerk of the register waits for this transaction.
    const number = await allocateNumber(tx, register.id, year);
    const [updated] = await tx
      .update(outgoingDocuments)
      .set({
        status: 'ISSUED',
        registerId: register.id,
        issuedYear: year,
        issuedNumber: number,
        symbol,
        issueDate,
        issuedAt: now,
        issuedBy: actor.userId,
        paperSignature: paper,
        updatedAt: now,
      })
      .where(and(eq(outgoingDocuments.id, id), inArray(outgoingDocuments.status, ['SIGNED', 'APPROVED_AWAITING_SIGNATURE'])))
      .returning();
    await audit({
      registerId: register.id,
      year,
      number,
      symbol,
      numberAndSymbol: numberAndSymbol(number, symbol),
      issueDate,
      paperSignature: paper,
      note: input.note,
    });
    return updated;
  });
  if (doc.paperSignature) {
    await withdrawSigning(signingQueue, id, doc.currentVersion).catch(() => undefined);
    await ensureIssuedCopy(db, blobs, id);
  } else {
    // ISSUED with a digital signature and no issued copy yet is the durable mark (signing/recovery.ts).
    await enqueueAfterCommit(() => enqueueSealing(signingQueue, sealingOf(org, doc)));
  }
  const label = numberAndSymbol(doc.issuedNumber!, doc.symbol!);
  await notifier.send(notify([doc.authorId], 'outgoing.issued', doc, `Đã ban hành số ${label}`, `Issued as ${label}`, 'issued'));
  // A reply (văn bản trả lời) completes the handling it answers, unless a leader chose otherwise.
  await completeAnswered(db, notifier, id, doc);
  return getOutgoing(db, actor, id, viewer);
}

/**
 * For the signing capability's worker: the signed PDF with số, ký hiệu and date added and the organisation's
 * seal signature, as incremental updates. It becomes the issued copy that dispatch sends (audited as the system).
 */
export async function markSealed(db: Db, blobs: BlobStore, documentId: string, sealedPdf: Uint8Array): Promise<void> {
  await acceptDeliveredPdf(db, blobs, documentId, sealedPdf, {
    action: 'outgoing.sealed',
    apply: async (tx, sha256) =>
      (
        await tx
          .update(outgoingDocuments)
          .set({ issuedSha256: sha256, updatedAt: new Date() })
          .where(
            and(
              eq(outgoingDocuments.id, documentId),
              eq(outgoingDocuments.status, 'ISSUED'),
              isNotNull(outgoingDocuments.signedSha256),
              isNull(outgoingDocuments.issuedSha256),
            ),
          )
          .returning()
      )[0],
    refuse: (doc) => invalidState(doc, 'outgoing.not_awaiting_seal'),
  });
}

const awaitingSeal = (doc: OutgoingRow) => invalidState(doc, 'outgoing.awaiting_seal');

export async function openIssuedFile(db: Db, blobs: BlobStore, actor: Actor, id: string) {
  const doc = await requireVisible(db, await viewerOf(db, actor), id);
  const sha = await ensureIssuedCopy(db, blobs, id);
  if (!sha) throw doc.issuedNumber !== null ? awaitingSeal(doc) : invalidState(doc, 'outgoing.not_issued#issued_copy');
  return {
    stream: await blobs.get(sha),
    name: `${numberAndSymbol(doc.issuedNumber!, doc.symbol!).replace('/', '_')}.pdf`,
    mediaType: mediaTypes.PDF,
  };
}

/**
 * How dispatch reaches a recipient: INTERNAL (an incoming record on this system), EXCHANGE (over the axis) or
 * MANUAL (neither: an external agency while the exchange is off or without an organ code — post, e-mail, hand).
 */
export function routeOf(
  routing: ExchangeDispatch['routing'] | undefined,
  senderOrganCode: string | null,
  r: { kind: string; organCode: string | null; organisationId: string | null },
  secrecy: string,
) {
  if (routing && goesOverExchange(routing, senderOrganCode, r)) return secrecy === 'KHONG' ? ('EXCHANGE' as const) : ('MANUAL' as const);
  return r.kind === 'EXTERNAL' || !r.organisationId ? ('MANUAL' as const) : ('INTERNAL' as const);
}

/**
 * Phát hành: internal recipients get an incoming record (received, channel INTERNAL, linked back) in their
 * organisation, with the issued PDF as main file and the attachments; external ones a delivery row waiting
 * for the exchange capability, or for the clerk to send it outside the system when the axis cannot reach them. One incoming record per recipient organisation, however many of its units are named.
 */
export async function dispatchOutgoing(
  db: Db,
  blobs: BlobStore,
  extractionQueue: Queue,
  notifier: Notifier,
  actor: Actor,
  id: string,
  exchange?: ExchangeDispatch,
) {
  const viewer = await viewerOf(db, actor);
  const before = await requireVisible(db, viewer, id);
  requireClerk(viewer.clerkOf, before);
  const issued = await issuedFiles(db, blobs, before);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, before.organisationId));
  // Who signed in person (a deputy under ủy quyền, or the signer), and whose authority the signature carries.
  const [authority] = before.signerId ? await db.select().from(users).where(eq(users.id, before.signerId)) : [];
  const [signer] =
    before.signerActedBy && before.signerActedBy !== before.signerId
      ? await db.select().from(users).where(eq(users.id, before.signerActedBy))
      : [authority];
  const recipients = await db
    .select()
    .from(outgoingRecipients)
    .where(eq(outgoingRecipients.documentId, id))
    .orderBy(asc(outgoingRecipients.ordinal));
  const { pdfFileIds, delivered, outboxIds } = await db.transaction(async (tx) => {
    const doc = await requireVisible(tx, viewer, id, true);
    if (doc.status === 'DISPATCHED') throw invalidState(doc, 'outgoing.already_dispatched');
    if (doc.status !== 'ISSUED') throw invalidState(doc, 'outgoing.not_issued#dispatch');
    if (!issued) throw awaitingSeal(doc);
    const incomingFilesOf: DraftFile[] = issued.files.map((f) => ({
      role: f.role as DraftFile['role'],
      sha256: f.sha256,
      size: f.size,
      originalName: f.originalName,
      mediaType: f.mediaType,
      pageCount: f.pageCount,
    }));
    const byOrg = new Map<string, string>();
    const pdfFileIds: string[] = [];
    const delivered: { organisationId: string; incomingId: string }[] = [];
    const outboxIds: string[] = [];
    for (const r of recipients) {
      const route = routeOf(exchange?.routing, org.organCode, r, doc.secrecy);
      const organisationId = r.organisationId;
      if (route !== 'INTERNAL' || !organisationId) {
        // What the axis cannot carry (exchange off, no organ code) the clerk sends by post, e-mail or hand (manual-send.ts).
        await tx
          .insert(outgoingDeliveries)
          .values({ documentId: id, recipientId: r.id, status: route === 'EXCHANGE' ? 'WAITING_FOR_EXCHANGE' : 'AWAITING_MANUAL_SEND' });
        if (route === 'EXCHANGE') {
          const queued = await queueForExchange(tx, doc, org, r);
          if (queued) outboxIds.push(queued);
        }
        continue;
      }
      let incomingId = byOrg.get(organisationId);
      if (!incomingId) {
        const created = await deliverInternally(tx, actor, organisationId, incomingFilesOf, {
          issuerName: org.name,
          issuerOrganCode: org.organCode,
          number: doc.issuedNumber! < 10 ? `0${doc.issuedNumber}` : String(doc.issuedNumber),
          symbol: doc.symbol,
          issueDate: doc.issueDate,
          documentType: documentTypeOf(doc.documentType)?.name ?? doc.documentType,
          subject: doc.subject,
          signerName: signer?.fullName ?? null,
          signerPosition: signer?.position ?? null,
          signerAuthority: signer ? signingAuthority(org.kind, signer.position, signer === authority ? null : authority?.position) : null,
          urgency: doc.urgency,
          secrecy: doc.secrecy,
          dueDate: doc.dueDate,
          sourceOutgoingId: doc.id,
        });
        incomingId = created.id;
        byOrg.set(organisationId, incomingId);
        pdfFileIds.push(...created.pdfFileIds);
        delivered.push({ organisationId: organisationId, incomingId });
      }
      await tx
        .insert(outgoingDeliveries)
        .values({ documentId: id, recipientId: r.id, status: 'DELIVERED', incomingDocumentId: incomingId, deliveredAt: new Date() });
    }
    await tx
      .update(outgoingDocuments)
      .set({ status: 'DISPATCHED', dispatchedAt: new Date(), updatedAt: new Date() })
      .where(eq(outgoingDocuments.id, id));
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'outgoing.dispatch',
      entityType: 'outgoing_document',
      entityId: id,
      data: {
        internal: [...byOrg.entries()].map(([organisationId, incomingDocumentId]) => ({ organisationId, incomingDocumentId })),
        external: recipients.filter((r) => r.kind === 'EXTERNAL').map((r) => r.organCode),
        exchange: outboxIds.length,
      },
    });
    return { pdfFileIds, delivered, outboxIds };
  });
  // After commit: a lost enqueue leaves the files PENDING and the outbox rows QUEUED, which the recovery sweep queues again.
  await enqueueAfterCommit(() => enqueueTextExtraction(extractionQueue, pdfFileIds));
  if (exchange && outboxIds.length) await enqueueAfterCommit(() => enqueueExchangeSends(exchange.queue, outboxIds, exchange.retry));
  for (const d of delivered) await tellReceivingClerks(db, notifier, d, org.name, before.subject);
  return getOutgoing(db, actor, id);
}

/**
 * Internal delivery, in the dispatch transaction: a received (draft, channel INTERNAL) incoming record in the
 * recipient organisation with the sender's data, so registering is a confirmation. A secret document is visible
 * only by grant: the receiving clerks get one, as registration gives. Used by dispatch and by copies/dispatch.ts.
 */
export async function deliverInternally(tx: Tx, actor: Actor, organisationId: string, files: DraftFile[], prefill: DraftPrefill) {
  const created = await insertDraft(tx, actor, 'VAN_THU', { organisationId, channel: 'INTERNAL', prefill }, files);
  if (prefill.secrecy && prefill.secrecy !== 'KHONG') {
    const clerks = await clerksOf(tx, organisationId);
    if (clerks.length)
      await tx
        .insert(incomingAccessGrants)
        .values(clerks.map((userId) => ({ documentId: created.id, userId, grantedBy: actor.userId })))
        .onConflictDoNothing();
  }
  return created;
}

/** After an internal delivery's commit: the receiving organisation's clerks are told of the new incoming record. */
export async function tellReceivingClerks(
  db: Db,
  notifier: Notifier,
  d: { organisationId: string; incomingId: string },
  senderName: string,
  subject: string,
) {
  await notifier.send(
    (await clerksOf(db, d.organisationId)).map((userId) => ({
      userId,
      kind: 'incoming.internal',
      titleVi: `Văn bản đến mới từ ${senderName}: ${subject}`,
      titleEn: `New incoming document from ${senderName}: ${subject}`,
      link: `/incoming/${d.incomingId}`,
      dedupeKey: `dispatch:${d.incomingId}`,
    })),
  );
}

/**
 * Sổ văn bản đi: issued documents of a register and year in number order, with their recipients and each
 * recipient's delivery status. Clerks and leaders of the issuing organisation, each seeing the documents they may open.
 */
export async function outgoingRegisterEntries(
  db: Db,
  actor: Actor,
  filter: { registerId?: string; organisationId?: string; year?: number; pendingManualSend?: boolean },
) {
  const orgs = await organisationsServed(db, actor, ['VAN_THU', 'LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG']);
  const wanted = filter.organisationId ? orgs.filter((o) => o === filter.organisationId) : orgs;
  if (wanted.length === 0) throw forbidden('Only clerks and leaders of the issuing organisation read its outgoing register');
  const year = filter.year ?? registerYear(new Date());
  const viewer = await viewerOf(db, actor);
  const docs = await db
    .select({ d: outgoingDocuments, signerName: users.fullName })
    .from(outgoingDocuments)
    .leftJoin(users, eq(users.id, outgoingDocuments.signerId))
    .where(
      and(
        inArray(outgoingDocuments.organisationId, wanted),
        eq(outgoingDocuments.issuedYear, year),
        isNotNull(outgoingDocuments.issuedNumber),
        filter.registerId ? eq(outgoingDocuments.registerId, filter.registerId) : undefined,
        // Only what the reader may open: a secret document issued by the organisation is listed to its chain and clerks.
        visibleTo(viewer),
      ),
    )
    .orderBy(asc(outgoingDocuments.registerId), desc(outgoingDocuments.issuedNumber));
  const ids = docs.map((r) => r.d.id);
  const exchange = await exchangeStatusesOf(db, ids);
  const recips = ids.length
    ? await db
        .select({ r: outgoingRecipients, del: outgoingDeliveries })
        .from(outgoingRecipients)
        .leftJoin(outgoingDeliveries, eq(outgoingDeliveries.recipientId, outgoingRecipients.id))
        .where(inArray(outgoingRecipients.documentId, ids))
        .orderBy(asc(outgoingRecipients.ordinal))
    : [];
  return {
    year,
    items: docs
      .map(({ d, signerName }) => ({
        documentId: d.id,
        registerId: d.registerId!,
        number: d.issuedNumber!,
        numberAndSymbol: numberAndSymbol(d.issuedNumber!, d.symbol!),
        issueDate: d.issueDate!,
        documentType: documentTypeOf(d.documentType)?.name ?? d.documentType,
        subject: d.subject,
        signerName: signerName ?? null,
        paperSignature: d.paperSignature ?? false,
        status: d.status,
        recipients: recips
          .filter(({ r }) => r.documentId === d.id)
          .map(({ r, del }) => ({
            name: r.name,
            kind: r.kind,
            organCode: r.organCode,
            deliveryId: del?.id ?? null,
            deliveryStatus: del?.status ?? null,
            incomingDocumentId: del?.incomingDocumentId ?? null,
            exchange: (del && r.organCode && exchange.get(d.id)?.get(r.organCode)) || null,
            manual:
              del?.manualMethod && del.manualSentOn ? { method: del.manualMethod, sentOn: del.manualSentOn, note: del.manualNote } : null,
          })),
      }))
      // "Chờ gửi ngoài hệ thống": only the documents with a recipient the clerk still has to send by hand.
      .filter((e) => !filter.pendingManualSend || e.recipients.some((r) => r.deliveryStatus === 'AWAITING_MANUAL_SEND')),
  };
}
