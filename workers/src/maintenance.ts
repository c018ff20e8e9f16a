import type { Job } from 'bullmq';
import { purgeExpiredSessions } from '../../api/src/auth/service';
import type { Db } from '../../api/src/db/client';

export const maintenanceSchedules = [{ id: 'purge-expired-sessions', everyMs: 60 * 60 * 1000 }] as const;

/** Thin adapter: each maintenance job name maps to one service call. */
export function maintenanceProcessor(db: Db) {
  return async (job: Job) => {
    switch (job.name) {
      case 'purge-expired-sessions':
        return { purged: await purgeExpiredSessions(db) };
      default:
        throw new Error(`Unknown maintenance job "${job.name}"`);
    }
  };
}
