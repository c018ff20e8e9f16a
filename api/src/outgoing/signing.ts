import type { Queue } from 'bullmq';

/**
 * The hand-off to the signing capability. When the signer approves, one job is queued on the `signing`
 * queue; the signing worker (its own issue) obtains the authority's digital signature on `fileSha256` and
 * calls `markSigned(documentId, signedPdf)` (outgoing/workflow.ts). Until it exists nothing consumes the
 * queue and the clerk may issue on a paper signature instead; that path removes the waiting job.
 */
export const SIGN_OUTGOING_JOB = 'sign-outgoing';
export interface SignOutgoingJob {
  documentId: string;
  version: number;
  /** The approved main PDF to sign. */
  fileSha256: string;
  /** Whose authority the signature carries, and who acts (a deputy under ủy quyền) when different. */
  signerId: string;
  actedBy: string;
}

export const signingJobId = (documentId: string, version: number) => `sign-${documentId}-v${version}`;

/** Idempotent per document version: approving again after a revision queues a new job, a retry does not. */
export async function enqueueSigning(queue: Queue, job: SignOutgoingJob): Promise<void> {
  await queue.add(SIGN_OUTGOING_JOB, job, { jobId: signingJobId(job.documentId, job.version), attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000, removeOnFail: 5000 });
}

/** The document was signed on paper and issued: a queued digital-signing request is moot. */
export async function withdrawSigning(queue: Queue, documentId: string, version: number): Promise<void> {
  const job = await queue.getJob(signingJobId(documentId, version));
  if (job && (await job.isWaiting())) await job.remove();
}
