import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { permissionChangeKinds } from './schema';
import type { PermissionAlerts } from './service';

const alertSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    kind: z.enum(permissionChangeKinds),
    subjectUserId: z.string(),
    subjectName: z.string(),
    changedBy: z.string(),
    changedByName: z.string(),
    changedAt: z.string(),
    data: z.record(z.string(), z.unknown()),
    confirmedAt: z.string().nullable(),
    confirmedByName: z.string().nullable(),
    confirmNote: z.string().nullable(),
  })
  .meta({ id: 'PermissionAlert' });

/** Alerts on permission changes, for the organisation's head or its configured confirmers. */
export function permissionAlertRoutes(db: Db, alerts: PermissionAlerts) {
  return new ApiRouter('/api/admin/permission-alerts', 'Permission alerts')
    .route(
      {
        method: 'get',
        path: '/',
        summary:
          'Permission changes (roles, secret-document grants, delegations) awaiting the caller’s confirmation; all=true also lists confirmed ones',
        access: 'user',
        query: z.object({ all: z.enum(['true', 'false']).default('false') }),
        response: z.object({ items: z.array(alertSchema) }),
      },
      async (ctx) => alerts.list(db, ctx.actor!, { all: ctx.query.all === 'true' }),
    )
    .route(
      {
        method: 'post',
        path: '/:id/confirm',
        summary: 'Confirm a permission change (audited); not one you made or that concerns you',
        access: 'user',
        params: z.object({ id: z.string() }),
        body: z.object({ note: z.string().trim().max(2000).optional() }),
        response: alertSchema,
        problems: [404, 409],
      },
      async (ctx) => alerts.confirm(db, ctx.actor!, ctx.params.id, ctx.body.note || undefined),
    );
}
