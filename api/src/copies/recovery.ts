import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { PendingJob, RecoverySource } from '../queues/recovery';
import { documentCopies } from './schema';
import { sealCopyJob } from './service';

/** Copies being signed owe their seal job (re-runnable: sealCopy skips a copy no longer SIGNING). */
export const copiesRecovery: RecoverySource = {
  name: 'copies',
  async pending(db: Db): Promise<PendingJob[]> {
    const signing = await db
      .select({ id: documentCopies.id })
      .from(documentCopies)
      .where(eq(documentCopies.state, 'SIGNING'))
      .orderBy(asc(documentCopies.createdAt))
      .limit(200);
    return signing.map(({ id }) => ({ queue: 'signing' as const, ...sealCopyJob(id) }));
  },
};
