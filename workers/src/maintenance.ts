import type { Job } from 'bullmq';
import { purgeExpiredSessions } from '../../api/src/auth/service';
import { retimestampArchive } from '../../api/src/case-files/archive-timestamps';
import { sendTransferReminders } from '../../api/src/case-files/transfer';
import type { Config } from '../../api/src/config';
import type { Db } from '../../api/src/db/client';
import { checkStoredBlobs } from '../../api/src/integrity/service';
import { sendDeadlineReminders } from '../../api/src/incoming/reminders';
import { closeDissolvedOrganisations } from '../../api/src/organisations/service';
import type { Notifier } from '../../api/src/notifications/notifier';
import type { SigningDeps } from '../../api/src/signing/deps';
import type { BlobStore } from '../../api/src/storage/blob-store';
import { pruneViewHistory } from '../../api/src/view-history/service';

const HOUR = 60 * 60 * 1000;

/**
 * Hourly: every job is idempotent (reminders are sent once per line and deadline), so overlap is harmless.
 * The integrity check reads every stored file, so it runs rarely (INTEGRITY_CHECK_HOURS).
 */
export const maintenanceSchedules = (config: Pick<Config, 'INTEGRITY_CHECK_HOURS'>) => [
  { id: 'purge-expired-sessions', everyMs: HOUR },
  { id: 'deadline-reminders', everyMs: HOUR },
  { id: 'case-file-transfer-reminders', everyMs: HOUR },
  { id: 'close-dissolved-organisations', everyMs: HOUR },
  { id: 'prune-view-history', everyMs: HOUR },
  { id: 'blob-integrity', everyMs: config.INTEGRITY_CHECK_HOURS * HOUR },
  // PAdES B-LTA: archived signed PDFs whose last timestamp certificate nears its end get a new timestamp.
  { id: 'archive-retimestamp', everyMs: 24 * HOUR },
];

/** Thin adapter: each maintenance job name maps to one service call. */
export function maintenanceProcessor(
  db: Db,
  notifier: Notifier,
  blobs: BlobStore,
  config: Pick<Config, 'VIEW_HISTORY_DAYS'> & Partial<Pick<Config, 'ARCHIVE_RETIMESTAMP_BEFORE_DAYS'>>,
  signing?: SigningDeps,
) {
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
      case 'blob-integrity': {
        const { id, blobsChecked, missing, mismatched } = await checkStoredBlobs(db, blobs, notifier);
        return { id, blobsChecked, missing, mismatched };
      }
      case 'archive-retimestamp':
        if (!signing) throw new Error('archive-retimestamp needs the signing dependencies');
        return retimestampArchive(db, blobs, signing, config.ARCHIVE_RETIMESTAMP_BEFORE_DAYS ?? 180);
      default:
        throw new Error(`Unknown maintenance job "${job.name}"`);
    }
  };
}
