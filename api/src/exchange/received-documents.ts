import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db } from '../db/client';
import { forbidden } from '../http/problem';
import { CLERK_ROLES, holdsIn, requireVisible } from '../incoming/access';
import { incomingDocuments } from '../incoming/schema';
import type { DocumentPackage, PackageNotice, PackageSignature } from './edxml';
import { exchangeInbox, exchangeStatusesSent } from './inbox-schema';
import { oweStatusForIncoming } from './statuses';
import { problem } from '../http/problems';

type DocumentRow = typeof incomingDocuments.$inferSelect;

const refOf = (d: Pick<DocumentRow, 'id' | 'number' | 'symbol' | 'subject'>) => ({
  id: d.id,
  number: d.number,
  symbol: d.symbol,
  subject: d.subject,
});

/**
 * Where a record received over the exchange came from, for the incoming document page: the sender organ, the
 * edXML DocumentId, the verified package signature, the intake notices (docs/domain.md §6.7: attachments the
 * package signature does not cover, an unsigned package), revocation / update / replacement / refusal notices
 * and the statuses sent back. Null for a record that did not come over the exchange.
 */
export async function exchangeOrigin(db: Db, doc: DocumentRow) {
  if (doc.channel !== 'AXIS') return null;
  const [origin] = await db
    .select()
    .from(exchangeInbox)
    .where(and(eq(exchangeInbox.incomingDocumentId, doc.id), eq(exchangeInbox.outcome, 'ACCEPTED')))
    .limit(1);
  if (!origin) return null;
  const header = origin.header as Partial<DocumentPackage> | null;
  const signature = origin.signature as PackageSignature | null;
  const notices = (origin.notices as PackageNotice[] | null) ?? [];
  const [replacedBy] = doc.replacedById ? await db.select().from(incomingDocuments).where(eq(incomingDocuments.id, doc.replacedById)) : [];
  const replaces = await db.select().from(incomingDocuments).where(eq(incomingDocuments.replacedById, doc.id));
  const changes = await db
    .select({ businessType: exchangeInbox.businessType, receivedAt: exchangeInbox.receivedAt, header: exchangeInbox.header })
    .from(exchangeInbox)
    .where(and(eq(exchangeInbox.incomingDocumentId, doc.id), eq(exchangeInbox.outcome, 'APPLIED')))
    .orderBy(asc(exchangeInbox.receivedAt));
  const statuses = await db
    .select()
    .from(exchangeStatusesSent)
    .where(eq(exchangeStatusesSent.incomingDocumentId, doc.id))
    .orderBy(asc(exchangeStatusesSent.createdAt));
  return {
    documentId: origin.documentId,
    sender: { organId: origin.senderOrganCode, organName: header?.from?.organName ?? null },
    receiverOrganCode: origin.receiverOrganCode,
    businessType: origin.businessType,
    receivedAt: origin.receivedAt.toISOString(),
    packageSignature: signature && {
      verdict: 'valid' as const,
      algorithm: signature.algorithm,
      signer: signature.signer.commonName,
      organisation: signature.signer.organisation,
      chain: signature.chain,
      revocation: signature.revocation,
      verifiedAt: signature.verifiedAt,
    },
    notices: notices.map((n) => ({ code: n.code, text: n.vi, textEn: n.en, attachments: n.attachments })),
    revoked: doc.revokedAt ? { at: doc.revokedAt.toISOString(), reason: doc.revokedReason } : null,
    updatedAt: doc.exchangeUpdatedAt?.toISOString() ?? null,
    changes: changes.map((c) => ({
      kind: c.businessType === 1 ? ('revoke' as const) : ('update' as const),
      at: c.receivedAt.toISOString(),
      reason: (c.header as Partial<DocumentPackage> | null)?.business?.reason ?? null,
    })),
    replacedBy: replacedBy ? refOf(replacedBy) : null,
    replaces: replaces.map(refOf),
    refused: doc.refusedAt ? { at: doc.refusedAt.toISOString(), reason: doc.refusedReason } : null,
    statuses: statuses.map((s) => ({
      code: s.statusCode,
      description: s.description,
      state: s.state,
      createdAt: s.createdAt.toISOString(),
      sentAt: s.sentAt?.toISOString() ?? null,
      error: s.lastError,
    })),
  };
}

export type ExchangeOrigin = NonNullable<Awaited<ReturnType<typeof exchangeOrigin>>>;

/**
 * Từ chối tiếp nhận: the clerk returns a document received over the exchange to its sender instead of
 * registering it (wrong addressee, errors, not within competence — Điều 21.2(b)). The sender gets status 02
 * with the reason; the record stays, marked refused, and can no longer be registered.
 */
export async function refuseReceived(db: Db, actor: Actor, id: string, reason: string) {
  const doc = await requireVisible(db, actor, id);
  if (!holdsIn(actor, doc.organisationId, CLERK_ROLES))
    throw forbidden('Only a clerk of the receiving organisation refuses a received document');
  const [origin] = await db
    .select({ id: exchangeInbox.id })
    .from(exchangeInbox)
    .where(and(eq(exchangeInbox.incomingDocumentId, id), eq(exchangeInbox.outcome, 'ACCEPTED')));
  if (!origin) throw problem('incoming.not_exchange');
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(incomingDocuments)
      .set({ refusedAt: new Date(), refusedReason: reason })
      .where(and(eq(incomingDocuments.id, id), inArray(incomingDocuments.status, ['DRAFT']), isNull(incomingDocuments.refusedAt)))
      .returning({ id: incomingDocuments.id });
    if (!updated) {
      throw problem('incoming.invalid_state#refused_or_registered', { id });
    }
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'incoming.refuse',
      entityType: 'incoming_document',
      entityId: id,
      data: { reason },
    });
    await oweStatusForIncoming(tx, id, '02', `Từ chối tiếp nhận: ${reason}`);
  });
}
