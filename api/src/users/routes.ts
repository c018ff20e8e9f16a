import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import type { PermissionAlerts } from '../permission-alerts/service';
import { createUser, getMe, grantRole, listUsers, resetPassword, revokeRole, setUserDisabled, updateUser } from './service';
import {
  adminUserSchema,
  grantParams,
  meAnswerSchema,
  newUserSchema,
  passwordResetSchema,
  roleGrantInputSchema,
  roleGrantSchema,
  userIdParams,
  userListQuery,
  userUpdateSchema,
} from './validation';

export function meRoutes(db: Db) {
  return new ApiRouter('/api', 'Account').route(
    {
      method: 'get',
      path: '/me',
      summary:
        'Who is signed in: the user, organisation and roles, or { authenticated: false } (nobody signed in is an answer, not an error)',
      access: 'public',
      response: meAnswerSchema,
      duringPasswordChange: true,
    },
    async (ctx) => (ctx.auth ? { authenticated: true as const, ...(await getMe(db, ctx.auth.userId)) } : { authenticated: false as const }),
  );
}

/** Administration of accounts (quản trị người dùng). */
export function userAdminRoutes(db: Db, alerts: PermissionAlerts) {
  return new ApiRouter('/api/admin/users', 'Administration')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Users of the organisations the caller administers',
        access: 'admin',
        query: userListQuery,
        response: z.object({ items: z.array(adminUserSchema) }),
      },
      async (ctx) => ({ items: await listUsers(db, ctx.actor!, ctx.query) }),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Create a user',
        access: 'admin',
        body: newUserSchema,
        response: adminUserSchema,
        status: 201,
        problems: [404, 409],
      },
      async (ctx) => createUser(db, ctx.actor!, ctx.body, alerts),
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: 'Edit a user: name, position, unit (of their organisation), e-mail, phone',
        access: 'admin',
        params: userIdParams,
        body: userUpdateSchema,
        response: adminUserSchema,
        problems: [403, 404, 422],
      },
      async (ctx) => updateUser(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/reset-password',
        summary:
          'Reset a password to a temporary one (given, or generated and returned once); the user must change it at next login and their sessions end',
        access: 'admin',
        params: userIdParams,
        body: passwordResetSchema,
        response: z.object({ temporaryPassword: z.string() }),
        problems: [403, 404],
      },
      async (ctx) => resetPassword(db, ctx.actor!, ctx.params.id, ctx.body.password),
    )
    .route(
      {
        method: 'post',
        path: '/:id/disable',
        summary: 'Disable a user (sessions end at once)',
        access: 'admin',
        params: userIdParams,
        response: adminUserSchema,
        problems: [404, 409],
      },
      async (ctx) => setUserDisabled(db, ctx.actor!, ctx.params.id, true),
    )
    .route(
      {
        method: 'post',
        path: '/:id/enable',
        summary: 'Enable a disabled user',
        access: 'admin',
        params: userIdParams,
        response: adminUserSchema,
        problems: [404],
      },
      async (ctx) => setUserDisabled(db, ctx.actor!, ctx.params.id, false),
    )
    .route(
      {
        method: 'post',
        path: '/:id/roles',
        summary: 'Grant a role in an organisation or unit',
        access: 'admin',
        params: userIdParams,
        body: roleGrantInputSchema,
        response: roleGrantSchema,
        status: 201,
        problems: [404, 409],
      },
      async (ctx) => grantRole(db, ctx.actor!, ctx.params.id, ctx.body, alerts),
    )
    .route(
      {
        method: 'delete',
        path: '/:id/roles/:grantId',
        summary: 'Revoke a role',
        access: 'admin',
        params: grantParams,
        status: 204,
        problems: [404, 409],
      },
      async (ctx) => revokeRole(db, ctx.actor!, ctx.params.id, ctx.params.grantId, alerts),
    );
}
