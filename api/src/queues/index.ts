import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every background queue, by capability. Workers (workers/src) consume them; the API only enqueues. */
export const queueNames = {
  /** Housekeeping: expired sessions, later reminders of overdue work. */
  maintenance: 'maintenance',
  /** Text extraction of received files. */
  incomingFiles: 'incoming-files',
  /** Outgoing documents' signatures: the leader's (completed after the request signed) and the organisation's seal (outgoing/signing.ts, signing/outgoing.ts). */
  signing: 'signing',
  /** The exchange's receiving side: the repeatable poll of the axis and the status packages owed to senders (exchange/receive.ts, exchange/statuses.ts). */
  exchangeReceive: 'exchange-receive',
  /** Outgoing documents to other agencies over the exchange axis, and the poll of their returned statuses (exchange/outbox.ts). */
  exchangeSend: 'exchange-send',
  /** Exchange jobs an administrator parked after they used up their attempts (exchange/admin.ts); never consumed. */
  exchangeDeadLetter: 'exchange-dead-letter',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export type Queues = Record<keyof typeof queueNames, Queue>;

/** Hand-off queues whose consuming capability is not built yet: health does not wait for a worker on them. */
export const awaitingConsumer: ReadonlySet<string> = new Set<keyof typeof queueNames>(['exchangeDeadLetter']);

export function openQueues(connection: Redis, prefix: string): Queues {
  return {
    maintenance: new Queue(queueNames.maintenance, { connection, prefix }),
    incomingFiles: new Queue(queueNames.incomingFiles, { connection, prefix }),
    signing: new Queue(queueNames.signing, { connection, prefix }),
    exchangeReceive: new Queue(queueNames.exchangeReceive, { connection, prefix }),
    exchangeSend: new Queue(queueNames.exchangeSend, { connection, prefix }),
    exchangeDeadLetter: new Queue(queueNames.exchangeDeadLetter, { connection, prefix }),
  };
}

export async function closeQueues(queues: Queues) {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
