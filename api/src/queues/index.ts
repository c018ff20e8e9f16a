import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every background queue, by capability. Workers (workers/src) consume them; the API only enqueues. */
export const queueNames = {
  /** Housekeeping: expired sessions, later reminders of overdue work. */
  maintenance: 'maintenance',
  /** Text extraction of received files. */
  incomingFiles: 'incoming-files',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export type Queues = Record<keyof typeof queueNames, Queue>;

export function openQueues(connection: Redis, prefix: string): Queues {
  return {
    maintenance: new Queue(queueNames.maintenance, { connection, prefix }),
    incomingFiles: new Queue(queueNames.incomingFiles, { connection, prefix }),
  };
}

export async function closeQueues(queues: Queues) {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
