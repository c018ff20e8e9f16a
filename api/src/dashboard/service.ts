import { and, eq } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { addDays, todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { CLERK_ROLES, LEADER_ROLES, holdsIn } from '../incoming/access';
import { organisations, units } from '../organisations/schema';
import type { Role } from '../users/roles';
import { overdueNow, periodRows, type DashboardScope, type Period, type PeriodCounts } from './queries';
import { problem } from '../http/problems';

/** Who sees a whole organisation's dashboard (any of its units too): leaders, chiefs of office, clerks. */
export const DASHBOARD_ROLES: Role[] = [...LEADER_ROLES, ...CLERK_ROLES];
/** A series longer than this is refused: nobody reads 200 bars, and the statement stays small. */
export const MAX_PERIODS = 200;

export interface DashboardQuery {
  organisationId?: string;
  unitId?: string;
  from?: string;
  to?: string;
  period?: Period;
}

const forbidden = () => problem('dashboard.forbidden');

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const dayIndex = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** How many periods the range touches (the first and last may be partial). */
export function periodCount(from: string, to: string, period: Period): number {
  if (period === 'month') return monthIndex(to) - monthIndex(from) + 1;
  if (period === 'quarter') return Math.floor(monthIndex(to) / 3) - Math.floor(monthIndex(from) / 3) + 1;
  const monday = dayIndex(from) - ((new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7);
  return Math.floor((dayIndex(to) - monday) / 7) + 1;
}

/**
 * The range asked for, or the last twelve months up to today. `from` after `to`, or more than MAX_PERIODS
 * periods, is a 422 with the field to fix.
 */
export function dashboardRange(q: DashboardQuery, today = todayInVietnam()) {
  const period = q.period ?? 'month';
  const to = q.to ?? today;
  const from =
    q.from ??
    (() => {
      const m = monthIndex(to) - 11;
      return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    })();
  if (from > to) throw problem('dashboard.bad_range#from_must_not_be', {}, { field: 'query.from' });
  const count = periodCount(from, to, period);
  if (count > MAX_PERIODS) {
    throw problem('dashboard.bad_range#the_range_spans_periods', { MAX_PERIODS, count, period }, { field: 'query.to' });
  }
  return { from, to, period };
}

/**
 * The organisation and unit the actor asked for, if they may see them. Leaders, chiefs of office and clerks
 * see their organisation and any of its units; a unit head (TRUONG_PHONG) only their own unit, which is the
 * default when they name none. An organisation the actor holds none of these roles in is 403; a unit that is
 * not one of the organisation's, 404.
 */
export async function dashboardScope(db: Db, actor: Actor, q: DashboardQuery) {
  const headed = actor.roles.filter((g) => g.role === 'TRUONG_PHONG' && g.unitId);
  const orgId = q.organisationId ?? actor.roles.find((g) => DASHBOARD_ROLES.includes(g.role))?.organisationId ?? headed[0]?.organisationId;
  if (!orgId) throw forbidden();
  const whole = holdsIn(actor, orgId, DASHBOARD_ROLES);
  const ownUnits = headed.filter((g) => g.organisationId === orgId).map((g) => g.unitId!);
  if (!whole && ownUnits.length === 0) throw forbidden();
  const unitId = q.unitId ?? (whole ? null : ownUnits[0]);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  if (!org) throw forbidden();
  let unit: typeof units.$inferSelect | undefined;
  if (unitId) {
    [unit] = await db
      .select()
      .from(units)
      .where(and(eq(units.id, unitId), eq(units.organisationId, orgId)));
    if (!unit) throw notFound(`Unit ${unitId} of organisation ${orgId}`, 'đơn vị của cơ quan');
    if (!whole && !ownUnits.includes(unitId)) throw forbidden();
  }
  return { organisation: org, unit: unit ?? null };
}

const rate = (n: number, of: number) => (of ? n / of : null);

/** Counts with the rates the tiles and charts show (null when there is nothing to divide by). */
function withRates(c: PeriodCounts) {
  return {
    ...c,
    onTimeRate: rate(c.completedOnTime, c.completedWithDeadline),
    receivedElectronicRate: rate(c.receivedElectronic, c.received),
    deliveriesElectronicRate: rate(c.deliveriesElectronic, c.deliveries),
    electronicRate: rate(c.receivedElectronic + c.deliveriesElectronic, c.received + c.deliveries),
    signedRate: rate(c.issuedSigned, c.issued),
  };
}

const ZERO: PeriodCounts = {
  received: 0,
  receivedElectronic: 0,
  issued: 0,
  issuedSigned: 0,
  deliveries: 0,
  deliveriesElectronic: 0,
  completedWithDeadline: 0,
  completedOnTime: 0,
};

/**
 * Thống kê: documents received and issued, on-time completion, overdue now, electronic exchange and digital
 * signature, per week / month / quarter (Vietnam time) and in total, for an organisation or one of its units.
 */
export async function dashboard(db: Db, actor: Actor, q: DashboardQuery, today = todayInVietnam()) {
  const range = dashboardRange(q, today);
  const { organisation, unit } = await dashboardScope(db, actor, q);
  const scope: DashboardScope = { organisationId: organisation.id, unitId: unit?.id ?? null, ...range, today };
  const [rows, overdue] = await Promise.all([periodRows(db, scope), overdueNow(db, scope)]);
  const totals = rows.reduce<PeriodCounts>((sum, r) => {
    const next = { ...sum };
    for (const k of Object.keys(ZERO) as (keyof PeriodCounts)[]) next[k] += r[k];
    return next;
  }, ZERO);
  return {
    organisationId: organisation.id,
    organisationName: organisation.name,
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    ...range,
    asOf: today,
    totals: { ...withRates(totals), overdueNow: overdue },
    series: rows.map((r, i) => ({
      ...withRates(r),
      key: r.key,
      // The first and last periods are cut to the range.
      start: i === 0 && r.start < range.from ? range.from : r.start,
      end: i === rows.length - 1 ? range.to : addDays(rows[i + 1].start, -1),
    })),
  };
}
