import type { Job } from 'bullmq';
import {
  markSendFailed,
  POLL_STATUSES_JOB,
  pollStatuses,
  SEND_DOCUMENT_JOB,
  sendOutboxItem,
  type ExchangeDeps,
  type SendDocumentJob,
} from '../../api/src/exchange/outbox';

/** Thin adapter for the `exchange-send` queue: sending one outbox row, and the repeatable status poll (lost sends are queued again by the recovery sweep). */
export function exchangeSendProcessor(deps: ExchangeDeps) {
  return async (job: Job<SendDocumentJob>) => {
    if (job.name === POLL_STATUSES_JOB) return pollStatuses(deps);
    if (job.name !== SEND_DOCUMENT_JOB) throw new Error(`Unknown exchange-send job "${job.name}"`);
    try {
      return await sendOutboxItem(deps, job.data.outboxId, job.attemptsMade + 1);
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markSendFailed(deps, job.data.outboxId, (err as Error).message);
      throw err;
    }
  };
}
