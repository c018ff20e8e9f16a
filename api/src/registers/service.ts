import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { registerCounters, registers, type RegisterDirection } from './schema';

const yearFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' });

/** Registers restart on 1 January in Vietnam, whatever the server's time zone. */
export function registerYear(at: Date): number {
  return Number(yearFormat.format(at));
}

/**
 * Takes the next number of a register for a year. Must run inside the transaction that records the
 * number: the upsert locks the counter row until that transaction ends, so concurrent callers queue
 * up (unique numbers) and a rolled-back registration gives its number back (no gaps). Take it as late as the
 * transaction allows, and after the audit chain's lock (openAuditEntry): every lock taken in the same order.
 */
export async function allocateNumber(tx: Tx, registerId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(registerCounters)
    .values({ registerId, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [registerCounters.registerId, registerCounters.year],
      set: { lastNumber: sql`${registerCounters.lastNumber} + 1` },
    })
    .returning({ n: registerCounters.lastNumber });
  return row.n;
}

/** Active registers of the given organisations, with the number the next entry of `year` would get. */
export async function listRegisters(db: Db, organisationIds: string[], year: number, direction?: RegisterDirection) {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .select({
      id: registers.id,
      organisationId: registers.organisationId,
      direction: registers.direction,
      name: registers.name,
      scope: registers.scope,
      lastNumber: registerCounters.lastNumber,
    })
    .from(registers)
    .leftJoin(registerCounters, and(eq(registerCounters.registerId, registers.id), eq(registerCounters.year, year)))
    .where(
      and(
        inArray(registers.organisationId, organisationIds),
        eq(registers.active, true),
        direction ? eq(registers.direction, direction) : undefined,
      ),
    )
    .orderBy(asc(registers.organisationId), asc(registers.direction), asc(registers.name));
  return rows.map(({ lastNumber, ...r }) => ({ ...r, year, nextNumber: (lastNumber ?? 0) + 1 }));
}

export async function findRegister(db: Db | Tx, id: string) {
  const [r] = await db.select().from(registers).where(eq(registers.id, id));
  return r;
}
