import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { integrityReport } from './service';
import { integrityReportSchema } from './validation';

/** The integrity report of the stored files (the check itself runs in the workers, maintenance queue). */
export function integrityRoutes(db: Db) {
  return new ApiRouter('/api/admin/integrity', 'Administration').route(
    {
      method: 'get',
      path: '/',
      summary:
        'Latest runs of the periodic integrity check of the stored files, and the missing or altered blobs the newest found (administrators of a top-level organisation)',
      access: 'admin',
      response: integrityReportSchema,
      problems: [401, 403],
    },
    async (ctx) => integrityReport(db, ctx.actor!),
  );
}
