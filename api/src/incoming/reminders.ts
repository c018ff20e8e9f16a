import { and, eq, gt, inArray, lt, lte, ne } from 'drizzle-orm';
import { loadCalendar } from '../calendar/service';
import { addDays, shiftWorkingDays, todayInVietnam, viDate } from '../calendar/working-days';
import type { Db } from '../db/client';
import type { NewNotification } from '../notifications/service';
import type { Notifier } from '../notifications/notifier';
import { incomingAssignments } from './processing-schema';
import { label, labelEn, link, recipientsOf } from './processing';
import { incomingDocuments } from './schema';

const openLines = (db: Db, due: ReturnType<typeof and>) =>
  db
    .select({ a: incomingAssignments, d: incomingDocuments })
    .from(incomingAssignments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
    // Work left open on a document the lead has completed is moot: nobody is chased for it.
    .where(
      and(
        eq(incomingAssignments.active, true),
        inArray(incomingAssignments.status, ['OPEN', 'IN_PROGRESS']),
        ne(incomingDocuments.status, 'COMPLETED'),
        due,
      ),
    );

/**
 * Chasing (đôn đốc), run by the maintenance worker every hour: assignees hear one working day before a
 * deadline (so a Monday deadline is announced on Friday), and whoever assigned the work hears once it has
 * passed. Each reminder is sent once per line and deadline, however often the job runs.
 */
export async function sendDeadlineReminders(db: Db, notifier: Notifier, today = todayInVietnam()) {
  const cal = await loadCalendar(db, addDays(today, -1), addDays(today, 60));
  const nextWorkingDay = shiftWorkingDays(today, 1, cal);
  const items: NewNotification[] = [];
  for (const { a, d } of await openLines(
    db,
    and(gt(incomingAssignments.dueDate, today), lte(incomingAssignments.dueDate, nextWorkingDay)),
  )) {
    for (const userId of await recipientsOf(db, [a])) {
      items.push({
        userId,
        kind: 'incoming.due_soon',
        titleVi: `Sắp đến hạn xử lý (${viDate(a.dueDate)}): ${label(d)} — ${d.subject ?? ''}`,
        titleEn: `Due ${viDate(a.dueDate)}: ${labelEn(d)} — ${d.subject ?? ''}`,
        link: link(d),
        data: { assignmentId: a.id },
        dedupeKey: `due-soon:${a.id}:${a.dueDate}`,
      });
    }
  }
  for (const { a, d } of await openLines(db, lt(incomingAssignments.dueDate, today))) {
    items.push({
      userId: a.assignedBy,
      kind: 'incoming.overdue',
      titleVi: `Quá hạn xử lý (${viDate(a.dueDate)}): ${label(d)} — ${d.subject ?? ''}`,
      titleEn: `Overdue since ${viDate(a.dueDate)}: ${labelEn(d)} — ${d.subject ?? ''}`,
      link: link(d),
      data: { assignmentId: a.id },
      dedupeKey: `overdue:${a.id}:${a.dueDate}`,
    });
  }
  const sent = await notifier.send(items);
  return {
    dueSoon: items.filter((i) => i.kind === 'incoming.due_soon').length,
    overdue: items.filter((i) => i.kind === 'incoming.overdue').length,
    sent: sent.length,
  };
}
