import { z } from 'zod';
import { isoDate } from '../http/fields';
import { todayInVietnam } from '../calendar/working-days';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { handlingReport, handlingTable } from './handling';
import { registerBook, type DateRange } from './registers';
import { printFormats, sendTable } from './table';
import { problem } from '../http/problems';

const rangeQuery = z.object({
  from: isoDate.optional().describe('first day, inclusive (Vietnam time); default 1 January of this year'),
  to: isoDate.optional().describe('last day, inclusive; default today'),
});

function rangeOf(q: z.output<typeof rangeQuery>): DateRange {
  const to = q.to ?? todayInVietnam();
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) {
    throw problem('validation#from_must_not_be', {}, { errors: [{ path: 'query.from', message: 'after "to"' }] });
  }
  return { from, to };
}

/** Printable register books (sổ đăng ký văn bản đến / đi) and handling reports, as PDF and XLSX. */
export function reportRoutes(db: Db) {
  return new ApiRouter('/api', 'Registers and reports')
    .route(
      {
        method: 'get',
        path: '/registers/:registerId/book.:format',
        summary:
          "Print a register for a date range: A4 landscape PDF or XLSX with the columns of ND 30/2020 Phụ lục IV (incoming: by ngày đến; outgoing: by date of issue). Clerks and leaders of the register's organisation; 404 for anyone else",
        access: 'user',
        params: z.object({ registerId: z.string().min(1).max(100), format: z.enum(printFormats) }),
        query: rangeQuery,
        problems: [400, 404],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const { table, fileName } = await registerBook(db, ctx.actor!, ctx.params.registerId, rangeOf(ctx.query));
        await sendTable(ctx.res, table, ctx.params.format, fileName, table.title);
      },
    )
    .route(
      {
        method: 'get',
        path: '/reports/handling',
        summary:
          'Per-unit handling of incoming documents directed in a date range: received, completed on time, completed late, open in time, open overdue (as of today). Leaders of the organisation',
        access: 'user',
        query: rangeQuery.extend({ organisationId: z.string().min(1).max(100).optional() }),
        response: z.object({
          organisationId: z.string(),
          organisationName: z.string(),
          shortName: z.string(),
          from: z.string(),
          to: z.string(),
          asOf: z.string(),
          items: z.array(
            z.object({
              unitId: z.string().nullable(),
              unitName: z.string(),
              received: z.number().int(),
              completedOnTime: z.number().int(),
              completedLate: z.number().int(),
              openOverdue: z.number().int(),
              openInTime: z.number().int(),
            }),
          ),
          total: z.object({
            received: z.number().int(),
            completedOnTime: z.number().int(),
            completedLate: z.number().int(),
            openOverdue: z.number().int(),
            openInTime: z.number().int(),
          }),
        }),
        problems: [400, 403],
      },
      async (ctx) => handlingReport(db, ctx.actor!, ctx.query.organisationId, rangeOf(ctx.query)),
    )
    .route(
      {
        method: 'get',
        path: '/reports/handling.:format',
        summary: 'The per-unit handling report as A4 landscape PDF or XLSX',
        access: 'user',
        params: z.object({ format: z.enum(printFormats) }),
        query: rangeQuery.extend({ organisationId: z.string().min(1).max(100).optional() }),
        problems: [400, 403],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const report = await handlingReport(db, ctx.actor!, ctx.query.organisationId, rangeOf(ctx.query));
        const fileName = `bao-cao-giai-quyet_${report.shortName}_${report.from}_${report.to}`.replace(/[^A-Za-z0-9_.-]/g, '-');
        await sendTable(ctx.res, handlingTable(report), ctx.params.format, fileName, 'Giải quyết văn bản đến');
      },
    );
}
