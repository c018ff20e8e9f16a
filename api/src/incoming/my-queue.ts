import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { headedUnits } from './access';
import { incomingAssignments } from './processing-schema';
import { incomingDocuments } from './schema';

export const queueTabs = ['todo', 'overdue', 'done', 'info'] as const;
export type QueueTab = (typeof queueTabs)[number];

/**
 * Everyone's work list (việc của tôi): documents awaiting my direction, lines assigned to me or to the unit
 * I head — to do, overdue, done — and documents sent to me for information. Overdue work comes first.
 */
export async function myQueue(db: Db, actor: Actor, tab: QueueTab, today = todayInVietnam()) {
  const units = headedUnits(actor);
  const mine = units.length
    ? or(eq(incomingAssignments.userId, actor.userId), inArray(incomingAssignments.unitId, units))
    : eq(incomingAssignments.userId, actor.userId);
  const lines = await db
    .select({ a: incomingAssignments, d: incomingDocuments })
    .from(incomingAssignments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
    .where(and(eq(incomingAssignments.active, true), mine))
    .orderBy(asc(incomingAssignments.dueDate));
  const awaiting = await db
    .select()
    .from(incomingDocuments)
    .where(and(eq(incomingDocuments.status, 'SUBMITTED'), eq(incomingDocuments.submittedTo, actor.userId)));

  const open = (s: string) => s === 'OPEN' || s === 'IN_PROGRESS';
  const isOverdue = (due: string | null, s: string) => due !== null && due < today && open(s);
  // Lines still open on a completed document (a cooperation nobody waits for any more) are not work.
  const work = lines.filter(({ a, d }) => a.role !== 'DE_BIET' && !(d.status === 'COMPLETED' && open(a.status)));
  const item = (d: typeof incomingDocuments.$inferSelect, a?: typeof incomingAssignments.$inferSelect) => ({
    documentId: d.id,
    assignmentId: a?.id ?? null,
    kind: a ? ('ASSIGNMENT' as const) : ('AWAITING_DIRECTION' as const),
    role: a?.role ?? null,
    arrivalNumber: d.arrivalNumber,
    subject: d.subject,
    issuerName: d.issuerName,
    number: d.number,
    symbol: d.symbol,
    urgency: d.urgency,
    dueDate: a ? a.dueDate : d.dueDate,
    overdue: a ? isOverdue(a.dueDate, a.status) : d.dueDate !== null && d.dueDate < today,
    status: a ? a.status : d.status,
  });
  const buckets: Record<QueueTab, ReturnType<typeof item>[]> = {
    todo: [...awaiting.map((d) => item(d)), ...work.filter(({ a }) => open(a.status)).map(({ a, d }) => item(d, a))],
    overdue: work.filter(({ a }) => isOverdue(a.dueDate, a.status)).map(({ a, d }) => item(d, a)),
    done: work.filter(({ a }) => a.status === 'DONE').map(({ a, d }) => item(d, a)),
    info: lines.filter(({ a }) => a.role === 'DE_BIET').map(({ a, d }) => item(d, a)),
  };
  const items = buckets[tab].sort(
    (x, y) => Number(y.overdue) - Number(x.overdue) || (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999'),
  );
  return {
    items,
    counts: {
      todo: buckets.todo.length,
      overdue: buckets.overdue.length,
      done: buckets.done.length,
      info: buckets.info.filter((i) => i.status === 'OPEN').length,
    },
  };
}
