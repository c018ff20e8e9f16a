import { z } from 'zod';
import { isoDate } from '../http/fields';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { forbidden } from '../http/problem';
import { listCalendarDays, removeCalendarDay, setCalendarDay } from './service';
import { calendarDayKinds } from './schema';

const calendarDaySchema = z.object({ day: z.string(), kind: z.enum(calendarDayKinds), name: z.string() }).meta({ id: 'CalendarDay' });

export function calendarRoutes(db: Db, rootOrganisationIds: () => Promise<Set<string>>) {
  /** The calendar is national: only administrators of a top-level organisation change it. */
  const assertTopAdmin = async (roles: { role: string; organisationId: string }[]) => {
    const roots = await rootOrganisationIds();
    if (!roles.some((g) => g.role === 'QUAN_TRI' && roots.has(g.organisationId))) {
      throw forbidden('Only administrators of a top-level organisation maintain the working calendar');
    }
  };
  return new ApiRouter('/api', 'Calendar')
    .route(
      {
        method: 'get',
        path: '/calendar/days',
        summary: 'Holidays and worked weekend days of a year (everything else: Monday–Friday)',
        access: 'user',
        query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: z.object({ items: z.array(calendarDaySchema) }),
      },
      async ({ query }) => ({ items: await listCalendarDays(db, query.year) }),
    )
    .route(
      {
        method: 'put',
        path: '/admin/calendar/days/:day',
        summary: 'Declare a day a holiday or a worked day',
        access: 'admin',
        params: z.object({ day: isoDate }),
        body: z.object({ kind: z.enum(calendarDayKinds), name: z.string().trim().min(2).max(200) }),
        response: calendarDaySchema,
      },
      async ({ actor, params, body }) => {
        await assertTopAdmin(actor!.roles);
        return setCalendarDay(db, actor!, params.day, body);
      },
    )
    .route(
      {
        method: 'delete',
        path: '/admin/calendar/days/:day',
        summary: 'Remove a holiday or worked day',
        access: 'admin',
        params: z.object({ day: isoDate }),
        status: 204,
        problems: [404],
      },
      async ({ actor, params }) => {
        await assertTopAdmin(actor!.roles);
        await removeCalendarDay(db, actor!, params.day);
      },
    );
}
