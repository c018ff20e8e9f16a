import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { getMe } from '../users/service';
import { meSchema, passwordChangeSchema } from '../users/validation';
import { SESSION_COOKIE, setCsrfCookie, setSessionCookie } from './middleware';
import type { AuthService } from './service';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(200),
});

export function authRoutes(db: Db, auth: AuthService, secureCookies: boolean) {
  return new ApiRouter('/api/auth', 'Account')
    .route(
      {
        method: 'post',
        path: '/login',
        summary: 'Sign in with username and password; opens a server-side session',
        access: 'public',
        body: loginSchema,
        response: meSchema,
        problems: [401, 403, 423, 429],
      },
      async ({ body, req, res }) => {
        const session = await auth.login({ ...body, ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });
        setSessionCookie(res, session.token, session.expiresAt, secureCookies);
        setCsrfCookie(res, session.csrfToken, secureCookies);
        return getMe(db, session.userId);
      },
    )
    .route(
      { method: 'post', path: '/logout', summary: 'End the current session', access: 'user', status: 204, duringPasswordChange: true },
      async ({ auth: ctx, res }) => {
        await auth.logout(ctx!.sessionTokenHash);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    )
    .route(
      {
        method: 'post',
        path: '/password',
        summary: "Change one's own password (also the forced change after an administrator set it); other sessions end",
        access: 'user',
        body: passwordChangeSchema,
        response: meSchema,
        problems: [422, 423],
        duringPasswordChange: true,
      },
      async (ctx) => auth.changePassword({ ...ctx.actor!, username: ctx.auth!.username }, ctx.auth!.sessionTokenHash, ctx.body),
    );
}
