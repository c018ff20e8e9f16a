import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { organisations } from '../organisations/schema';
import { sealingOf } from '../outgoing/issued-copy';
import { outgoingDocuments } from '../outgoing/schema';
import { sealingJob, signatureCompletionJob } from '../outgoing/signing';
import type { PendingJob, RecoverySource } from '../queues/recovery';
import { signatureCompletionOf } from './outgoing';
import { outgoingSigningRequests } from './schema';

const LIMIT = 200;

/**
 * Signatures: a signing request QUEUED owes its completion job (the signature value is on the row), an issued
 * document with a digital signature and no sealed copy owes its seal job. Both jobs are re-runnable: a request
 * already DONE and a document already sealed are skipped. A QUEUED request from before signature values were
 * kept cannot be completed: it is marked FAILED, so the signer may sign again instead of meeting
 * `signing.in_progress` for ever.
 */
export const signingRecovery: RecoverySource = {
  name: 'signing',
  async pending(db: Db): Promise<PendingJob[]> {
    await db
      .update(outgoingSigningRequests)
      .set({ state: 'FAILED', error: 'the signing job was lost; sign again', completedAt: new Date() })
      .where(and(eq(outgoingSigningRequests.state, 'QUEUED'), isNull(outgoingSigningRequests.signature)));
    const requests = await db
      .select()
      .from(outgoingSigningRequests)
      .where(eq(outgoingSigningRequests.state, 'QUEUED'))
      .orderBy(asc(outgoingSigningRequests.createdAt))
      .limit(LIMIT);
    const unsealed = await db
      .select({ doc: outgoingDocuments, placeName: organisations.placeName })
      .from(outgoingDocuments)
      .innerJoin(organisations, eq(organisations.id, outgoingDocuments.organisationId))
      .where(
        and(
          eq(outgoingDocuments.status, 'ISSUED'),
          isNull(outgoingDocuments.issuedSha256),
          isNotNull(outgoingDocuments.signedSha256),
          eq(outgoingDocuments.paperSignature, false),
        ),
      )
      .limit(LIMIT);
    return [
      ...requests.map((r) => ({ queue: 'signing' as const, ...signatureCompletionJob(signatureCompletionOf(r)) })),
      ...unsealed.map(({ doc, placeName }) => ({ queue: 'signing' as const, ...sealingJob(sealingOf({ placeName }, doc)) })),
    ];
  },
};
