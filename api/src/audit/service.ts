import crypto from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
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

/** Any fixed number: the first key of each chain's advisory lock (the second is the chain). */
const AUDIT_CHAIN_LOCK = 7402002;
/**
 * The log is this many hash chains, each serialised by a lock of its own. One chain made every write of every
 * organisation wait for the transaction before it to commit (its lock is held to the end of the transaction);
 * with 64, people acting at once almost always append to different chains.
 */
export const AUDIT_CHAINS = 64;

let chainCount = AUDIT_CHAINS;

/**
 * Sets how many chains new entries are spread over (the `AUDIT_CHAINS` setting, applied at start). Entries already
 * written stay in their chains and verify whatever the count; 1 serialises every write as the log of old did.
 */
export function setAuditChains(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error(`AUDIT_CHAINS must be a positive integer, got ${count}`);
  chainCount = count;
}

/** How many chains new entries are spread over. */
export function auditChains(): number {
  return chainCount;
}

/** The chain a person's entries go to (the system's: by the entity). */
export function chainOf(entry: AuditEntry): number {
  const key = entry.actorId ?? `${entry.entityType}:${entry.entityId}`;
  return 1 + (crypto.createHash('sha256').update(key).digest().readUInt32BE(0) % chainCount);
}

/**
 * Appends to the hash-chained audit log (nhật ký), in the caller's transaction so neither the change nor
 * its record exists without the other. Appends to one chain are serialised by a transaction-scoped advisory
 * lock. A transaction that already holds a chain's lock appends every further entry to that chain, so no
 * transaction ever waits for a second lock (two taken in opposite orders would deadlock).
 */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  const run = async (tx: Db | Tx) => (await openAuditEntry(tx, entry))(entry.data);
  // A bare Db handle gets its own transaction so the lock is released at its end.
  return 'rollback' in db ? run(db) : (db as Db).transaction(run);
}

/**
 * recordAudit in two steps, for a transaction that takes a register number: the chain's lock, its last hash and
 * the entry's id first; the entry, whose data holds the number, by the function returned. The counter's row lock,
 * which every clerk of the register waits for, is then held for the fewest statements (the number last).
 */
export async function openAuditEntry(tx: Db | Tx, who: Omit<AuditEntry, 'data'>): Promise<(data: unknown) => Promise<void>> {
  const [{ chain }] = await queryRows<{ chain: number }>(
    tx,
    sql`select c.chain, pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}, c.chain) from (select coalesce(
          (select objid::int from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and classid::bigint = ${AUDIT_CHAIN_LOCK} and objsubid = 2 limit 1),
          ${chainOf(who)}) as chain) c`,
  );
  // Read after the lock (a statement of its own, so it sees the entry committed just before it was granted).
  const [{ hash, id }] = await queryRows<{ hash: string | null; id: string }>(
    tx,
    sql`select (select ${auditEvents.hash} from ${auditEvents} where ${auditEvents.chain} = ${chain} and ${auditEvents.hash} is not null
                order by ${auditEvents.id} desc limit 1) as hash, nextval('audit_events_id_seq') as id`,
  );
  return async (data) => {
    const fields = {
      id: Number(id),
      at: new Date(),
      actorId: who.actorId,
      actorRole: who.actorRole ?? null,
      action: who.action,
      entityType: who.entityType,
      entityId: who.entityId,
      data: data ?? null,
      requestId: who.requestId ?? null,
      ip: who.ip ?? null,
      chain,
      prevHash: hash,
    };
    await tx.insert(auditEvents).values({ ...fields, hash: entryHash(fields) });
  };
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** How many chains hold entries. */
  chains: number;
  firstBroken?: { id: number; reason: 'altered' | 'link_broken' | 'unsealed' };
}

/**
 * Recomputes every chain from its first entry, in one pass in the order of writing. Reports the first entry
 * whose content no longer matches its hash (altered), whose link does not name the hash of the entry before it
 * in its chain (an entry removed or inserted, or moved to another chain: the chain is hashed), or which
 * carries no hash at all after the log's chains began.
 */
export async function verifyAuditChain(db: Db, batch = 1000): Promise<ChainReport> {
  let checked = 0;
  const prev = new Map<number, string>();
  let afterId = 0;
  const report = (firstBroken?: ChainReport['firstBroken']): ChainReport => ({ ok: !firstBroken, checked, chains: prev.size, firstBroken });
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(batch);
    if (rows.length === 0) return report();
    for (const r of rows) {
      afterId = r.id;
      if (r.hash === null) {
        // Entries written before the chain existed carry no hash; after the first sealed one, none may lack it.
        if (prev.size > 0) return report({ id: r.id, reason: 'unsealed' });
        continue;
      }
      checked++;
      // The first entry of a chain links to nothing, except in the chain of old (0), which began after unsealed entries.
      const expected = prev.get(r.chain) ?? (r.chain === 0 ? r.prevHash : null);
      if (r.prevHash !== expected) return report({ id: r.id, reason: 'link_broken' });
      if (entryHash(chainedFieldsOf(r)) !== r.hash) return report({ id: r.id, reason: 'altered' });
      prev.set(r.chain, r.hash);
    }
  }
}
