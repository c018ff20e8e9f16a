import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { randomToken, type AuthService } from './service';
import { problem } from '../http/problems';

export const SESSION_COOKIE = 'vanthu_sid';
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameToken = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Resolves the session cookie into `req.auth` and enforces CSRF protection on unsafe methods:
 * the X-XSRF-TOKEN header must match the session's token (signed in) or the XSRF-TOKEN cookie
 * (anonymous, i.e. the login form). The readable cookie is (re)issued whenever it is missing or stale.
 */
export function sessionMiddleware(auth: AuthService, secureCookies: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cookies = parseCookies(req.headers.cookie ?? '');
    const sid = cookies[SESSION_COOKIE];
    if (sid) {
      req.auth = await auth.resolveSession(sid);
      if (!req.auth) res.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    const cookieToken = cookies[CSRF_COOKIE];
    const expected = req.auth?.csrfToken ?? cookieToken;
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.get(CSRF_HEADER);
      if (!header || !expected || !sameToken(header, expected)) {
        throw problem('csrf.invalid');
      }
    }
    const issue = req.auth?.csrfToken ?? cookieToken ?? randomToken();
    if (issue !== cookieToken) setCsrfCookie(res, issue, secureCookies);
    next();
  };
}

export function setCsrfCookie(res: Response, token: string, secure: boolean) {
  res.cookie(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'lax', secure, path: '/' });
}

export function setSessionCookie(res: Response, token: string, expires: Date, secure: boolean) {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires });
}
