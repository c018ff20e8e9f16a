import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { controlCharacterProblem, forbidden, validationProblem } from './problem';
import type { Actor, AuthContext } from '../auth/context';
import { problem } from './problems';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Access = 'public' | 'user' | 'admin';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Express-style path relative to the router's mount point, e.g. `/users/:id`. */
  path: string;
  summary: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  response?: R;
  /** Success status; 204 sends no body. */
  status?: number;
  /** Problem codes this route may answer with (documented in OpenAPI). */
  problems?: number[];
  /** Open to a user who must still change the password an administrator gave (me, logout, the change itself). */
  duringPasswordChange?: boolean;
  /** The handler writes the response itself (file downloads, event streams); documented with this media type. */
  raw?: { mediaType: string };
  /** An expected empty state answered 204 (e.g. "no signature image yet"), documented with this description. */
  noContent?: string;
}

export interface HandlerContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  auth: AuthContext | undefined;
  /** The caller as services take it; set on every route that is not public. */
  actor: Actor | undefined;
  req: Request;
  res: Response;
}

export interface RouteDoc {
  method: Method;
  path: string;
  tag: string;
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
}

/**
 * An Express router whose routes are declared with zod schemas: input is validated at the edge
 * and the same declarations produce the OpenAPI document.
 */
export class ApiRouter {
  readonly router = Router();
  readonly docs: RouteDoc[] = [];

  constructor(
    readonly mountPath: string,
    readonly tag: string,
  ) {}

  route<
    B extends z.ZodType = z.ZodUnknown,
    Q extends z.ZodType = z.ZodUnknown,
    P extends z.ZodType = z.ZodUnknown,
    R extends z.ZodType = z.ZodUnknown,
  >(
    spec: RouteSpec<B, Q, P, R>,
    handler: (ctx: HandlerContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<z.input<R> | void>,
  ): this {
    this.docs.push({ method: spec.method, path: (this.mountPath + spec.path).replace(/(.)\/$/, '$1'), tag: this.tag, spec });
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      const auth = req.auth;
      if (spec.access !== 'public' && !auth) {
        throw problem('auth.required');
      }
      if (auth?.mustChangePassword && !spec.duringPasswordChange) {
        throw problem('auth.password_change_required');
      }
      if (spec.access === 'admin' && !auth!.isAdmin) throw forbidden('Administrator role required');
      const body = parseInput(spec.body, req.body ?? {}, 'body');
      const query = parseInput(spec.query, req.query, 'query');
      const params = parseInput(spec.params, req.params, 'params');
      const actor = auth && { userId: auth.userId, roles: auth.roles, requestId: String(req.id), ip: req.ip };
      const result = await handler({ body, query, params, auth, actor, req, res });
      // A handler that streamed its own response (a file download) has nothing more to send.
      if (res.headersSent) return;
      const status = spec.status ?? 200;
      if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
      else res.status(status).json(result);
    });
    return this;
  }
}

/**
 * Input at the edge: the schema's checks, then the guard against control characters over what the schema let
 * through (so text decoded by a schema, such as JSON in a multipart field, is guarded too). Every route's body,
 * query and path go through here, and the multipart fields of uploads.
 */
export function parseInput<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'body' | 'query' | 'params'): z.output<T> {
  let data = value as z.output<T>;
  if (schema) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw validationProblem(parsed.error, where);
    data = parsed.data;
  }
  const control = controlCharacterProblem(data, where);
  if (control) throw control;
  return data;
}
