import { and, asc, eq, gte, inArray, isNull, lt, ne } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { addDays, todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { vietnamDateTime } from '../files/pdf';
import { Problem } from '../http/problem';
import { LEADER_ROLES, holdsIn, organisationsWhere } from '../incoming/access';
import { incomingAssignments } from '../incoming/processing-schema';
import { incomingDocuments } from '../incoming/schema';
import { organisations, units } from '../organisations/schema';
import { users } from '../users/schema';
import { rangeLine, viDate, vietnamMidnight, type DateRange } from './registers';
import type { PrintTable } from './table';

export interface UnitHandling {
  unitId: string | null;
  unitName: string;
  received: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  openInTime: number;
}

const isoOf = (at: Date) => {
  const [d, m, y] = vietnamDateTime(at).date.split('/');
  return `${y}-${m}-${d}`;
};

/**
 * Per-unit handling of incoming documents (theo dõi giải quyết văn bản đến): the leader's direction lines
 * (chủ trì and phối hợp; để biết carries no duty) given in the range, per unit — a line to a person counts
 * for that person's unit. A line is completed on time when finished on or before its deadline (no
 * deadline: on time), late after it; open lines are overdue once their deadline is past, as of today.
 * Leaders of the organisation only.
 */
export async function handlingReport(db: Db, actor: Actor, organisationId: string | undefined, range: DateRange) {
  const orgId = organisationId ?? organisationsWhere(actor, LEADER_ROLES)[0];
  if (!orgId || !holdsIn(actor, orgId, LEADER_ROLES)) {
    throw new Problem(403, 'reports.forbidden', 'Chỉ lãnh đạo cơ quan xem được báo cáo này', 'Only leaders of the organisation read its handling report');
  }
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const today = todayInVietnam();
  const [orgUnits, lines] = await Promise.all([
    db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.organisationId, orgId), eq(units.active, true))).orderBy(asc(units.name)),
    db
      .select({ a: incomingAssignments, personUnit: users.unitId })
      .from(incomingAssignments)
      .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingAssignments.documentId))
      .leftJoin(users, eq(users.id, incomingAssignments.userId))
      .where(
        and(
          eq(incomingDocuments.organisationId, orgId),
          eq(incomingAssignments.active, true),
          isNull(incomingAssignments.parentId),
          ne(incomingAssignments.role, 'DE_BIET'),
          gte(incomingAssignments.assignedAt, vietnamMidnight(range.from)),
          lt(incomingAssignments.assignedAt, vietnamMidnight(addDays(range.to, 1))),
        ),
      ),
  ]);
  const byUnit = new Map<string | null, UnitHandling>(orgUnits.map((u) => [u.id, { unitId: u.id, unitName: u.name, received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, openInTime: 0 }]));
  // A person's unit may belong to another organisation's tree or be gone: name it, or count it apart.
  const strays = [...new Set(lines.map((l) => l.a.unitId ?? l.personUnit).filter((u): u is string => !!u && !byUnit.has(u)))];
  if (strays.length) {
    for (const u of await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, strays))) {
      byUnit.set(u.id, { unitId: u.id, unitName: u.name, received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, openInTime: 0 });
    }
  }
  for (const { a, personUnit } of lines) {
    const key = a.unitId ?? personUnit ?? null;
    let row = byUnit.get(key);
    if (!row) byUnit.set(key, (row = { unitId: null, unitName: 'Cá nhân không thuộc đơn vị', received: 0, completedOnTime: 0, completedLate: 0, openOverdue: 0, openInTime: 0 }));
    row.received++;
    if (a.status === 'DONE') {
      const done = a.completedAt ? isoOf(a.completedAt) : today;
      if (a.dueDate && done > a.dueDate) row.completedLate++;
      else row.completedOnTime++;
    } else if (a.dueDate && a.dueDate < today) row.openOverdue++;
    else row.openInTime++;
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
  return { organisationId: orgId, organisationName: org.name, shortName: org.shortName, from: range.from, to: range.to, asOf: today, items, total };
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
