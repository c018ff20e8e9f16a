import type { Job, Queue } from 'bullmq';
import {
  markSendFailed,
  POLL_STATUSES_JOB,
  pollStatuses,
  requeueStaleSends,
  SEND_DOCUMENT_JOB,
  sendOutboxItem,
  type ExchangeDeps,
  type SendDocumentJob,
  type SendRetry,
} from '../../api/src/exchange/outbox';

/** Thin adapter for the `exchange-send` queue: sending one outbox row, and the repeatable status poll (which also re-queues lost sends). */
export function exchangeSendProcessor(deps: ExchangeDeps, queue: Queue, retry: SendRetry) {
  return async (job: Job<SendDocumentJob>) => {
    if (job.name === POLL_STATUSES_JOB) return { ...(await pollStatuses(deps)), requeued: await requeueStaleSends(deps.db, queue, retry) };
    if (job.name !== SEND_DOCUMENT_JOB) throw new Error(`Unknown exchange-send job "${job.name}"`);
    try {
      return await sendOutboxItem(deps, job.data.outboxId, job.attemptsMade + 1);
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markSendFailed(deps, job.data.outboxId, (err as Error).message);
      throw err;
    }
  };
}
