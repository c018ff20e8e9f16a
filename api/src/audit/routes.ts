import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { verifyAuditChain } from './service';

const chainReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    chains: z.number().int(),
    firstBroken: z.object({ id: z.number().int(), reason: z.enum(['altered', 'link_broken', 'unsealed']) }).optional(),
  })
  .meta({ id: 'AuditChainReport' });

export function auditRoutes(db: Db) {
  return new ApiRouter('/api/admin/audit', 'Administration').route(
    {
      method: 'get',
      path: '/verify',
      summary: 'Recompute the hash chain of the audit log and report the first broken entry, if any',
      access: 'admin',
      response: chainReportSchema,
    },
    async () => verifyAuditChain(db),
  );
}
