import type { Job } from 'bullmq';
import { purgeExpiredSessions } from '../../api/src/auth/service';
import { sendTransferReminders } from '../../api/src/case-files/service';
import type { Config } from '../../api/src/config';
import type { Db } from '../../api/src/db/client';
import { sendDeadlineReminders } from '../../api/src/incoming/reminders';
import { closeDissolvedOrganisations } from '../../api/src/organisations/service';
import type { Notifier } from '../../api/src/notifications/notifier';
import { pruneViewHistory } from '../../api/src/view-history/service';

/** Hourly: every job is idempotent (reminders are sent once per line and deadline), so overlap is harmless. */
export const maintenanceSchedules = [
  { id: 'purge-expired-sessions', everyMs: 60 * 60 * 1000 },
  { id: 'deadline-reminders', everyMs: 60 * 60 * 1000 },
  { id: 'case-file-transfer-reminders', everyMs: 60 * 60 * 1000 },
  { id: 'close-dissolved-organisations', everyMs: 60 * 60 * 1000 },
  { id: 'prune-view-history', everyMs: 60 * 60 * 1000 },
] as const;

/** Thin adapter: each maintenance job name maps to one service call. */
export function maintenanceProcessor(db: Db, notifier: Notifier, config: Pick<Config, 'VIEW_HISTORY_DAYS'>) {
  return async (job: Job) => {
    switch (job.name) {
      case 'purge-expired-sessions':
        return { purged: await purgeExpiredSessions(db) };
      case 'deadline-reminders':
        return sendDeadlineReminders(db, notifier);
      case 'case-file-transfer-reminders':
        return sendTransferReminders(db, notifier);
      case 'close-dissolved-organisations':
        return closeDissolvedOrganisations(db);
      case 'prune-view-history':
        return { pruned: await pruneViewHistory(db, config.VIEW_HISTORY_DAYS) };
      default:
        throw new Error(`Unknown maintenance job "${job.name}"`);
    }
  };
}
