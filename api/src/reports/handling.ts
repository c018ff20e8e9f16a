import { and, asc, eq, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { addDays, todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { LEADER_ROLES, holdsIn, organisationsWhere } from '../incoming/access';
import { incomingAssignments } from '../incoming/processing-schema';
import { incomingDocuments } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { users } from '../users/schema';
import { viDate } from '../calendar/working-days';
import { rangeLine, vietnamMidnight, type DateRange } from './registers';
import type { PrintTable } from './table';
import { problem } from '../http/problems';

export interface UnitHandling {
  unitId: string | null;
  unitName: string;
  received: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  openInTime: number;
}

/**
 * The lines this report (and the dashboard) counts: the leader's direction (top level, not a unit head's
 * hand-down to a specialist), still in force, chủ trì or phối hợp — để biết carries no duty.
 */
export const handlingLine: SQL = and(
  eq(incomingAssignments.active, true),
  isNull(incomingAssignments.parentId),
  ne(incomingAssignments.role, 'DE_BIET'),
)!;

/** A line's unit: the unit named, or the named person's unit (needs `users` left-joined on the line's user). */
export const lineUnit = sql<string | null>`coalesce(${incomingAssignments.unitId}, ${users.unitId})`;

/** The lines whose unit (lineUnit) is `unitId`, in a form the line's unit and user indexes serve, without a join. */
export const lineOfUnit = (unitId: string) =>
  sql`(${incomingAssignments.unitId} = ${unitId} or ${incomingAssignments.userId} = any(array(select ${users.id} from ${users} where ${users.unitId} = ${unitId})))`;

/** The Vietnamese calendar day a line was completed (a line done without a time counts as done `today`). */
export const lineCompletedDay = (today: string) =>
  sql`coalesce((${incomingAssignments.completedAt} at time zone 'Asia/Ho_Chi_Minh')::date, ${today}::date)`;

/**
 * A line's outcome as of `today` (Vietnam): completed on time when finished on or before its deadline (no
 * deadline: on time), late after it; an open line is overdue once its deadline is past.
 */
export const lineOutcome = (today: string) =>
  sql<'ON_TIME' | 'LATE' | 'OPEN_OVERDUE' | 'OPEN_IN_TIME'>`case
    when ${incomingAssignments.status} = 'DONE' then
      case when ${incomingAssignments.dueDate} is not null and ${lineCompletedDay(today)} > ${incomingAssignments.dueDate} then 'LATE' else 'ON_TIME' end
    when ${incomingAssignments.dueDate} < ${today}::date then 'OPEN_OVERDUE'
    else 'OPEN_IN_TIME' end`;

/**
 * Per-unit handling of incoming documents (theo dõi giải quyết văn bản đến): the leader's direction lines
 * (handlingLine) given in the range, per unit (lineUnit), each counted by its outcome (lineOutcome) as of
 * today. Leaders of the organisation only.
 */
export async function handlingReport(db: Db, actor: Actor, organisationId: string | undefined, range: DateRange) {
  const orgId = organisationId ?? organisationsWhere(actor, LEADER_ROLES)[0];
  if (!orgId || !holdsIn(actor, orgId, LEADER_ROLES)) {
    throw problem('reports.forbidden');
  }
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const today = todayInVietnam();
  const [orgUnits, lines] = await Promise.all([
    db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.organisationId, orgId), eq(units.active, true)))
      .orderBy(asc(units.name)),
    db
      .select({ unit: lineUnit, organisationId: incomingAssignments.organisationId, outcome: lineOutcome(today) })
      .from(incomingAssignments)
      .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
      .leftJoin(users, eq(users.id, incomingAssignments.userId))
      .where(
        and(
          eq(incomingDocuments.organisationId, orgId),
          handlingLine,
          gte(incomingAssignments.assignedAt, vietnamMidnight(range.from)),
          lt(incomingAssignments.assignedAt, vietnamMidnight(addDays(range.to, 1))),
        ),
      ),
  ]);
  const byUnit = new Map<string | null, UnitHandling>(
    orgUnits.map((u) => [
      u.id,
      { unitId: u.id, unitName: u.name, received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, openInTime: 0 },
    ]),
  );
  // A person's unit may belong to another organisation's tree or be gone: name it, or count it apart.
  const strays = [...new Set(lines.map((l) => l.unit).filter((u): u is string => !!u && !byUnit.has(u)))];
  if (strays.length) {
    for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, strays))) {
      byUnit.set(u.id, {
        unitId: u.id,
        unitName: u.name,
        received: 0,
        completedOnTime: 0,
        completedLate: 0,
        openOverdue: 0,
        openInTime: 0,
      });
    }
  }
  // Lines handed to an organisation below (a Sở, a commune) are counted per organisation.
  const orgIds = [...new Set(lines.flatMap((l) => (l.organisationId ? [l.organisationId] : [])))];
  if (orgIds.length) {
    for (const o of await db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, orgIds))) {
      byUnit.set(`org:${o.id}`, {
        unitId: null,
        unitName: o.name,
        received: 0,
        completedOnTime: 0,
        completedLate: 0,
        openOverdue: 0,
        openInTime: 0,
      });
    }
  }
  const counter = { ON_TIME: 'completedOnTime', LATE: 'completedLate', OPEN_OVERDUE: 'openOverdue', OPEN_IN_TIME: 'openInTime' } as const;
  for (const { unit, organisationId, outcome } of lines) {
    let row = byUnit.get(organisationId ? `org:${organisationId}` : unit);
    if (!row)
      byUnit.set(
        unit,
        (row = {
          unitId: null,
          unitName: 'Cá nhân không thuộc đơn vị',
          received: 0,
          completedOnTime: 0,
          completedLate: 0,
          openOverdue: 0,
          openInTime: 0,
        }),
      );
    row.received++;
    row[counter[outcome]]++;
  }
  const items = [...byUnit.values()];
  const total = items.reduce(
    (s, r) => ({
      received: s.received + r.received,
      completedOnTime: s.completedOnTime + r.completedOnTime,
      completedLate: s.completedLate + r.completedLate,
      openOverdue: s.openOverdue + r.openOverdue,
      openInTime: s.openInTime + r.openInTime,
    }),
    { received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, openInTime: 0 },
  );
  return {
    organisationId: orgId,
    organisationName: org.name,
    shortName: org.shortName,
    from: range.from,
    to: range.to,
    asOf: today,
    items,
    total,
  };
}

export function handlingTable(r: Awaited<ReturnType<typeof handlingReport>>): PrintTable {
  const pct = (n: number, of: number) => (of ? `${Math.round((n * 100) / of)}%` : '');
  const line = (name: string, x: Omit<UnitHandling, 'unitId' | 'unitName'>, i: string) => [
    i,
    name,
    String(x.received),
    String(x.completedOnTime),
    String(x.completedLate),
    String(x.openInTime),
    String(x.openOverdue),
    pct(x.completedOnTime, x.received),
  ];
  return {
    organisation: r.organisationName,
    title: 'BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN THEO ĐƠN VỊ',
    subtitles: [`${rangeLine(r)} (số liệu tính đến ngày ${viDate(r.asOf)})`],
    columns: [
      { header: 'STT', width: 4, align: 'center' },
      { header: 'Đơn vị', width: 30 },
      { header: 'Số văn bản được giao', width: 10, align: 'right' },
      { header: 'Đã giải quyết đúng hạn', width: 10, align: 'right' },
      { header: 'Đã giải quyết quá hạn', width: 10, align: 'right' },
      { header: 'Đang giải quyết trong hạn', width: 10, align: 'right' },
      { header: 'Chưa giải quyết, quá hạn', width: 10, align: 'right' },
      { header: 'Tỷ lệ đúng hạn', width: 8, align: 'right' },
    ],
    rows: [...r.items.map((u, i) => line(u.unitName, u, String(i + 1))), line('Tổng cộng', r.total, '')],
    boldRows: [r.items.length],
    numberColumns: true,
    empty: '',
  };
}
