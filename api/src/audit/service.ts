import { asc, desc, gt, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Role } from '../users/roles';
import { queryRows, type Db, type Tx } from '../db/client';
import { chainedFieldsOf, entryHash } from './chain';
import { auditEvents } from './schema';

export interface AuditEntry {
  actorId: string | null;
  /** The role the actor acted in (e.g. QUAN_TRI, VAN_THU); null for the system. */
  actorRole?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data?: unknown;
  requestId?: string;
  /** Client address of the request. */
  ip?: string;
}

/** The who/where part of an entry, from the acting user and the role they acted in. */
export function auditActor(actor: Actor, role: Role) {
  return { actorId: actor.userId, actorRole: role, requestId: actor.requestId, ip: actor.ip };
}

/** Any fixed number: serialises appends so each entry links to the one committed before it. */
const AUDIT_CHAIN_LOCK = 7402002;

/**
 * Appends to the hash-chained audit log (nhật ký), in the caller's transaction so neither the change nor
 * its record exists without the other. Appends are serialised by a transaction-scoped advisory lock.
 */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  const run = async (tx: Db | Tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .where(isNotNull(auditEvents.hash))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const [{ id }] = await queryRows<{ id: string }>(tx, sql`select nextval('audit_events_id_seq') as id`);
    const fields = {
      id: Number(id),
      at: new Date(),
      actorId: entry.actorId,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? null,
      requestId: entry.requestId ?? null,
      ip: entry.ip ?? null,
      prevHash: last?.hash ?? null,
    };
    await tx.insert(auditEvents).values({ ...fields, hash: entryHash(fields) });
  };
  // A bare Db handle gets its own transaction so the lock is released at its end.
  return 'rollback' in db ? run(db) : (db as Db).transaction(run);
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { id: number; reason: 'altered' | 'link_broken' | 'unsealed' };
}

/**
 * Recomputes the chain from the first entry. Reports the first entry whose content no longer matches its
 * hash (altered), whose link does not name the previous entry's hash (an entry removed or inserted), or
 * which carries no hash at all after the chain began.
 */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<ChainReport> {
  let checked = 0;
  let prev: string | null | undefined;
  let afterId = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(batch);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      afterId = r.id;
      if (r.hash === null) {
        // Entries written before the chain existed carry no hash; after the first sealed one, none may lack it.
        if (prev !== undefined) return { ok: false, checked, firstBroken: { id: r.id, reason: 'unsealed' } };
        continue;
      }
      checked++;
      if (prev !== undefined && r.prevHash !== prev) return { ok: false, checked, firstBroken: { id: r.id, reason: 'link_broken' } };
      if (entryHash(chainedFieldsOf(r)) !== r.hash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'altered' } };
      prev = r.hash;
    }
  }
}
