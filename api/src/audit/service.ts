import type { Db, Tx } from '../db/client';
import { auditEvents } from './schema';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: unknown;
  requestId?: string;
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({ ...entry, data: entry.data ?? null });
}
