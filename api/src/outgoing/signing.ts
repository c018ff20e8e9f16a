import type { Queue } from 'bullmq';

/**
 * The hand-off to the signing capability, two jobs on the `signing` queue:
 * 1. `sign-outgoing` when the signer approves: the signing worker (its own issue) obtains the authority's
 *    digital signature on `fileSha256` and calls `markSigned(db, blobs, documentId, signedPdf)`
 *    (outgoing/workflow.ts). Until it exists nothing consumes the queue and the clerk may issue on a
 *    declared paper signature instead; that path removes the waiting job.
 * 2. `seal-outgoing` when a digitally signed document is issued: số, ký hiệu and date must go onto the
 *    signed PDF as an incremental update (a full rewrite would break the authority's signature), followed
 *    by the organisation's seal signature (docs/domain.md §3.4: numbered, then sealed); the worker then calls
 *    `markSealed(db, blobs, documentId, sealedPdf)` (outgoing/issuance.ts), after which it can be dispatched.
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
  /**
   * Set when the signer signed (POST /api/outgoing/:id/sign): the prepared handle (outgoing_signing_requests,
   * whose prepared PDF is `fileSha256`) and the RSA signature value over its signed attributes, base64. No key,
   * no passphrase. Without them the job is the approval hand-off, which waits for the signer.
   */
  requestId?: string;
  signature?: string;
}

export const signingJobId = (documentId: string, version: number) => `sign-${documentId}-v${version}`;

/** Idempotent per document version: approving again after a revision queues a new job, a retry does not. */
export async function enqueueSigning(queue: Queue, job: SignOutgoingJob): Promise<void> {
  await queue.add(SIGN_OUTGOING_JOB, job, {
    jobId: signingJobId(job.documentId, job.version),
    attempts: 5,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  });
}

/** The document was signed on paper and issued: a queued digital-signing request is moot. */
export async function withdrawSigning(queue: Queue, documentId: string, version: number): Promise<void> {
  const job = await queue.getJob(signingJobId(documentId, version));
  if (job && (await job.isWaiting())) await job.remove();
}

/** The signer's signature, made in the request, to be timestamped, embedded and validated by the worker; one job per signing request. */
export const signatureCompletionJob = (job: SignOutgoingJob & { requestId: string; signature: string }) => ({
  name: SIGN_OUTGOING_JOB,
  data: job,
  opts: {
    jobId: `sign-${job.documentId}-v${job.version}-${job.requestId}`,
    attempts: 5,
    backoff: { type: 'exponential' as const, delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});

export async function enqueueSignatureCompletion(
  queue: Queue,
  job: SignOutgoingJob & { requestId: string; signature: string },
): Promise<void> {
  const { name, data, opts } = signatureCompletionJob(job);
  await queue.add(name, data, opts);
}

export const SEAL_OUTGOING_JOB = 'seal-outgoing';
export interface SealOutgoingJob {
  documentId: string;
  organisationId: string;
  /** The PDF signed by the authority. */
  fileSha256: string;
  /** Text to place on page 1 before sealing: "Số: 05/QĐ-UBND" and "Quảng Ninh, ngày 05 tháng 01 năm 2026". */
  numberLine: string;
  dateLine: string;
}

/** One seal job per document. */
export const sealingJob = (job: SealOutgoingJob) => ({
  name: SEAL_OUTGOING_JOB,
  data: job,
  opts: {
    jobId: `seal-${job.documentId}`,
    attempts: 5,
    backoff: { type: 'exponential' as const, delay: 5000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});

export async function enqueueSealing(queue: Queue, job: SealOutgoingJob): Promise<void> {
  const { name, data, opts } = sealingJob(job);
  await queue.add(name, data, opts);
}
