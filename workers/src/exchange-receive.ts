import type { Job } from 'bullmq';
import { POLL_JOB, pollExchange, type ReceiveDeps } from '../../api/src/exchange/receive';
import { SEND_STATUS_JOB, sendStatus, type SendStatusJob } from '../../api/src/exchange/statuses';

/** Every EXCHANGE_POLL_SECONDS, when this installation speaks for at least one agency on the axis. */
export const EXCHANGE_POLL_SCHEDULER = 'exchange-poll';

/** Thin adapter for the `exchange-receive` queue: the poll of the axis, and the sends of owed status packages. */
export function exchangeReceiveProcessor(deps: ReceiveDeps) {
  return async (job: Job) => {
    if (job.name === POLL_JOB) return pollExchange(deps);
    if (job.name === SEND_STATUS_JOB)
      return sendStatus(
        deps.db,
        deps.signing,
        deps.transports,
        (job.data as SendStatusJob).statusId,
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      );
    throw new Error(`Unknown exchange-receive job "${job.name}"`);
  };
}
