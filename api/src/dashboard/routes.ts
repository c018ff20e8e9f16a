import { z } from 'zod';
import { isoDate } from '../http/fields';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { periods } from './queries';
import { MAX_PERIODS, dashboard } from './service';

const id = z.string().min(1).max(100);
const count = z.number().int();
const rate = z.number().nullable().describe('a fraction 0…1; null when there is nothing to divide by');

const counts = {
  received: count.describe('incoming documents registered (by registered_at, Vietnam time)'),
  receivedElectronic: count.describe('of those, received over the exchange axis (AXIS) or from an organisation on this system (INTERNAL)'),
  issued: count.describe('outgoing documents issued (numbered, by issued_at)'),
  issuedSigned: count.describe('of those, carrying the authority’s digital signature (not a paper signature)'),
  deliveries: count.describe('recipients of those issued documents, internal and external'),
  deliveriesElectronic: count.describe(
    'of those, delivered on the system (DELIVERED) or sent over the exchange axis (accepted by it); queued or failed sends are not',
  ),
  completedWithDeadline: count.describe(
    'handling lines (chủ trì / phối hợp of the leader’s direction) with a deadline completed in the period (by completion day)',
  ),
  completedOnTime: count.describe('of those, completed on or before the deadline'),
  onTimeRate: rate,
  receivedElectronicRate: rate,
  deliveriesElectronicRate: rate,
  electronicRate: rate.describe('(receivedElectronic + deliveriesElectronic) / (received + deliveries)'),
  signedRate: rate.describe('issuedSigned / issued'),
};

export const dashboardSchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    period: z.enum(periods),
    asOf: z.string().describe('today in Vietnam: the day "overdue now" is measured on'),
    totals: z.object({ ...counts, overdueNow: count.describe('open handling lines past their deadline today, whatever the range') }),
    series: z.array(
      z.object({
        key: z.string().describe('2026-03 (month), 2026-Q1 (quarter), 2026-W10 (ISO week)'),
        start: z.string().describe('first day of the period within the range'),
        end: z.string().describe('last day of the period within the range'),
        ...counts,
      }),
    ),
  })
  .meta({ id: 'Dashboard' });

/** Thống kê: the dashboard figures of an organisation or unit. */
export function dashboardRoutes(db: Db) {
  return new ApiRouter('/api/dashboard', 'Dashboard').route(
    {
      method: 'get',
      path: '/',
      summary:
        'Documents received and issued, on-time completion rate, overdue now, share exchanged electronically and digitally signed share of an organisation (or one of its units), per week, month or quarter in Vietnam time, and in total. Leaders, chiefs of office and clerks of the organisation; unit heads for their own unit (the default for them). 403 for anyone else, 404 for a unit not of the organisation, 422 for a bad range',
      access: 'user',
      query: z.object({
        organisationId: id.optional().describe('default: the first organisation where the caller may see the dashboard'),
        unitId: id.optional().describe('one unit of the organisation; default the whole organisation (a unit head: their unit)'),
        from: isoDate
          .optional()
          .describe('first day, inclusive (Vietnam time); default the first day of the month eleven months before "to"'),
        to: isoDate.optional().describe('last day, inclusive; default today'),
        period: z.enum(periods).optional().describe(`default month; at most ${MAX_PERIODS} periods`),
      }),
      response: dashboardSchema,
      problems: [403, 404, 422],
    },
    async (ctx) => dashboard(db, ctx.actor!, ctx.query),
  );
}
