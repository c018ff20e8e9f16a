import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { buildDocumentId } from '../exchange/edxml';
import { enqueueExchangeSends, queuePreparedForExchange, URGENCY_PRIORITY, type ExchangeDispatch } from '../exchange/outbox';
import type { PreparedPackage } from '../exchange/outbox-schema';
import { mediaTypes } from '../files/media-type';
import { inspectPdf } from '../files/pdf';
import { forbidden } from '../http/problem';
import { enqueueTextExtraction } from '../incoming/extraction';
import { holdsIn } from '../incoming/access';
import { incomingDocuments } from '../incoming/schema';
import type { Notifier } from '../notifications/notifier';
import { organisations } from '../organisations/schema';
import { documentTypeOf, formatNumber } from '../outgoing/document-types';
import { deliverInternally, routeOf, tellReceivingClerks } from '../outgoing/issuance';
import { outgoingDocuments } from '../outgoing/schema';
import { resolveRecipients } from '../outgoing/service';
import type { RecipientInput } from '../outgoing/validation';
import { enqueueAfterCommit } from '../queues/recovery';
import { readAll, type BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { documentCopies, documentCopyRecipients } from './schema';
import { COPY_FORMS, copyNumberAndSymbol, getCopy, requireCopy, type CopyRow } from './service';
import { problem } from '../http/problems';

/** What the copied document is about (its type, subject, urgency and secrecy), which the copy carries to its recipients. */
async function sourceMetadata(db: Db, copy: CopyRow) {
  if (copy.sourceKind === 'OUTGOING') {
    const [d] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, copy.sourceId));
    return {
      documentType: documentTypeOf(d.documentType)?.name ?? d.documentType,
      subject: d.subject,
      urgency: d.urgency,
      secrecy: d.secrecy,
    };
  }
  const [d] = await db.select().from(incomingDocuments).where(eq(incomingDocuments.id, copy.sourceId));
  return { documentType: d.documentType ?? '', subject: d.subject ?? '', urgency: d.urgency, secrecy: d.secrecy };
}

/**
 * Phát hành bản sao: the clerk of the copying organisation sends a signed copy, once, to its recipients — by the
 * paths an issued document takes (outgoing/issuance.ts): an organisation on this system receives it as an
 * INTERNAL incoming record (số and ký hiệu of the copy, "01/SY-STC", the copy's signer); one served by another
 * installation or an external agency gets an edXML package over the axis through the exchange outbox, whose
 * metadata are fixed here because the copy no longer changes. A recipient the axis cannot reach is refused (422):
 * a copy sent by post is a printed one, outside the system.
 */
export async function dispatchCopy(
  db: Db,
  blobs: BlobStore,
  extractionQueue: Queue,
  notifier: Notifier,
  actor: Actor,
  id: string,
  input: RecipientInput[],
  exchange?: ExchangeDispatch,
) {
  const before = await requireCopy(db, actor, id);
  if (!holdsIn(actor, before.organisationId, ['VAN_THU']))
    throw forbidden('Only a clerk (VAN_THU) of the copying organisation dispatches its copies');
  if (before.state !== 'SIGNED' || !before.signedSha256 || !before.signedAt) {
    throw problem('copies.not_signed');
  }
  const recipients = await resolveRecipients(db, input);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, before.organisationId));
  const source = await sourceMetadata(db, before);
  // A copy of a secret document never goes over the axis either (routeOf): only on this system.
  const withRoute = recipients.map((r) => ({
    ...r,
    route: routeOf(
      exchange?.routing,
      org.organCode,
      { kind: r.kind, organCode: r.organCode ?? null, organisationId: r.organisationId ?? null },
      source.secrecy,
    ),
  }));
  const unreachable = withRoute.filter((r) => r.route === 'MANUAL');
  if (unreachable.length) {
    throw problem(
      'copies.recipient_unreachable',
      { unreachable: unreachable.map((r) => r.name).join('; ') },
      {
        errors: unreachable.map((r) => ({ path: `recipients.${r.ordinal}`, message: 'not reachable on the system or over the exchange' })),
      },
    );
  }
  const routed = withRoute.map((r) => ({ ...r, route: r.route as Exclude<typeof r.route, 'MANUAL'> }));
  const [signer] = await db.select().from(users).where(eq(users.id, before.signedBy!));
  const signed = await readAll(await blobs.get(before.signedSha256));
  const { pageCount } = await inspectPdf(signed, 'copy.pdf');
  const issueDate = todayInVietnam(before.signedAt);
  const label = copyNumberAndSymbol(before);
  const fileName = `${COPY_FORMS[before.form].caption} ${label.replace('/', '-')}.pdf`;
  const prepared: PreparedPackage = {
    metadata: {
      codeNumber: formatNumber(before.number),
      codeNotation: before.symbol,
      place: org.placeName,
      promulgationDate: issueDate,
      // A copy is an administrative document of the copying organisation, whatever it copies (DocumentType 2).
      documentType: { type: 2, typeName: source.documentType },
      subject: source.subject,
      signer: { position: signer.position, fullName: signer.fullName },
      toPlaces: recipients.map((r) => r.name),
      priority: URGENCY_PRIORITY[source.urgency],
      steeringType: 0,
      business: { docType: 0, reason: 'Văn bản điện tử mới', paper: 0 },
    },
    files: [
      {
        name: fileName,
        contentType: mediaTypes.PDF,
        description: `Bản sao ${COPY_FORMS[before.form].caption.toLowerCase()}`,
        sha256: before.signedSha256,
      },
    ],
    notify: { userId: actor.userId, label, link: `/${before.sourceKind === 'OUTGOING' ? 'outgoing' : 'incoming'}/${before.sourceId}` },
  };
  const { pdfFileIds, delivered, outboxIds } = await db.transaction(async (tx) => {
    const copy = await requireCopy(tx, actor, id, true);
    if (copy.dispatchedAt) throw problem('copies.already_dispatched', { dispatchedAt: copy.dispatchedAt.toISOString() });
    const byOrg = new Map<string, string>();
    const pdfFileIds: string[] = [];
    const delivered: { organisationId: string; incomingId: string }[] = [];
    const outboxIds: string[] = [];
    for (const r of routed) {
      let incomingDocumentId: string | null = null;
      if (r.route === 'EXCHANGE') {
        const queued = await queuePreparedForExchange(
          tx,
          copy.id,
          org,
          { organCode: r.organCode!, name: r.name },
          buildDocumentId(org.organCode!, issueDate, formatNumber(copy.number), copy.symbol),
          prepared,
        );
        if (queued) outboxIds.push(queued);
      } else {
        const organisationId = r.organisationId!;
        incomingDocumentId = byOrg.get(organisationId) ?? null;
        if (!incomingDocumentId) {
          const created = await deliverInternally(
            tx,
            actor,
            organisationId,
            [
              {
                role: 'MAIN',
                sha256: copy.signedSha256!,
                size: signed.length,
                originalName: fileName,
                mediaType: mediaTypes.PDF,
                pageCount,
              },
            ],
            {
              issuerName: org.name,
              issuerOrganCode: org.organCode,
              number: formatNumber(copy.number),
              symbol: copy.symbol,
              issueDate,
              documentType: source.documentType,
              subject: source.subject,
              signerName: signer.fullName,
              signerPosition: signer.position,
              urgency: source.urgency,
              secrecy: source.secrecy,
            },
          );
          incomingDocumentId = created.id;
          byOrg.set(organisationId, created.id);
          pdfFileIds.push(...created.pdfFileIds);
          delivered.push({ organisationId, incomingId: created.id });
        }
      }
      await tx.insert(documentCopyRecipients).values({
        copyId: copy.id,
        ordinal: r.ordinal,
        kind: r.kind,
        organisationId: r.organisationId,
        unitId: r.unitId,
        organCode: r.organCode,
        name: r.name,
        route: r.route,
        incomingDocumentId,
      });
    }
    await tx.update(documentCopies).set({ dispatchedAt: new Date() }).where(eq(documentCopies.id, copy.id));
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'copy.dispatch',
      entityType: 'document_copy',
      entityId: copy.id,
      data: {
        number: label,
        internal: [...byOrg.entries()].map(([organisationId, incomingDocumentId]) => ({ organisationId, incomingDocumentId })),
        exchange: outboxIds.length,
      },
    });
    return { pdfFileIds, delivered, outboxIds };
  });
  // After commit, as for an issued document: a lost enqueue is queued again by the recovery sweep.
  await enqueueAfterCommit(() => enqueueTextExtraction(extractionQueue, pdfFileIds));
  if (exchange && outboxIds.length) await enqueueAfterCommit(() => enqueueExchangeSends(exchange.queue, outboxIds, exchange.retry));
  for (const d of delivered)
    await tellReceivingClerks(db, notifier, d, org.name, `${COPY_FORMS[before.form].caption} ${label} — ${source.subject}`);
  return getCopy(db, actor, id);
}
