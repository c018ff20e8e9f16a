import type { Job } from 'bullmq';
import { sealCopy } from '../../api/src/copies/sealing';
import { SEAL_COPY_JOB, type SealCopyJob } from '../../api/src/copies/service';
import type { Db } from '../../api/src/db/client';
import { SEAL_OUTGOING_JOB, SIGN_OUTGOING_JOB, type SealOutgoingJob, type SignOutgoingJob } from '../../api/src/outgoing/signing';
import type { SigningDeps } from '../../api/src/signing/deps';
import { completeLeaderSignature, failLeaderSignature, sealOutgoing } from '../../api/src/signing/outgoing';
import type { BlobStore } from '../../api/src/storage/blob-store';

/**
 * Thin adapter for the `signing` queue. `sign-outgoing` without a signature is the approval hand-off: it waits
 * for the signer, who signs with their passphrase (POST /api/outgoing/:id/sign), which queues the completion.
 */
export function signingProcessor(db: Db, blobs: BlobStore, deps: SigningDeps) {
  return async (job: Job<SignOutgoingJob | SealOutgoingJob | SealCopyJob>) => {
    if (job.name === SIGN_OUTGOING_JOB) {
      const data = job.data as SignOutgoingJob;
      if (!data.requestId) return { state: 'awaiting_signer' };
      try {
        return await completeLeaderSignature(db, blobs, deps, data, (p) => job.updateProgress(p));
      } catch (err) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await failLeaderSignature(db, data.requestId, (err as Error).message);
        throw err;
      }
    }
    if (job.name === SEAL_OUTGOING_JOB) return sealOutgoing(db, blobs, deps, job.data as SealOutgoingJob);
    if (job.name === SEAL_COPY_JOB) return sealCopy(db, blobs, deps, job.data as SealCopyJob);
    throw new Error(`Unknown signing job "${job.name}"`);
  };
}
