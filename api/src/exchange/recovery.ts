import { asc, eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { PendingJob, RecoverySource } from '../queues/recovery';
import { exchangeStatusesSent } from './inbox-schema';
import { sendJobs, sendRetry } from './outbox';
import { exchangeOutbox } from './outbox-schema';
import { statusSendJobs } from './statuses';

const LIMIT = 500;

/**
 * The exchange: an outbox row QUEUED owes its send job, a status PENDING its status job. Both jobs are safe to
 * run twice: the message id is fixed per row, so the axis delivers once, and a row already sent is skipped.
 */
export function exchangeRecovery(config: Config): RecoverySource {
  const statusOpts = { attempts: config.EXCHANGE_SEND_ATTEMPTS, retryDelayMs: config.EXCHANGE_RETRY_DELAY_MS };
  return {
    name: 'exchange',
    async pending(db: Db): Promise<PendingJob[]> {
      const sends = await db
        .select({ id: exchangeOutbox.id })
        .from(exchangeOutbox)
        .where(eq(exchangeOutbox.status, 'QUEUED'))
        .orderBy(asc(exchangeOutbox.queuedAt))
        .limit(LIMIT);
      const statuses = await db
        .select({ id: exchangeStatusesSent.id })
        .from(exchangeStatusesSent)
        .where(eq(exchangeStatusesSent.state, 'PENDING'))
        .orderBy(asc(exchangeStatusesSent.createdAt))
        .limit(LIMIT);
      return [
        ...sendJobs(
          sends.map((r) => r.id),
          sendRetry(config),
        ).map((j) => ({ queue: 'exchangeSend' as const, ...j })),
        ...statusSendJobs(
          statuses.map((r) => r.id),
          statusOpts,
        ).map((j) => ({ queue: 'exchangeReceive' as const, ...j })),
      ];
    },
  };
}
