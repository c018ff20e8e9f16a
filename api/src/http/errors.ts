import type { NextFunction, Request, Response } from 'express';
import { isRedisUnavailable } from '../redis/connection';
import { BlobNotFoundError } from '../storage/blob-store';
import { Problem } from './problem';
import { problem } from './problems';

function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e?.type === 'entity.parse.failed') {
    return problem('request.malformed_json');
  }
  if (e?.type === 'entity.too.large') {
    return problem('request.too_large#the_request_body_is');
  }
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return problem('request.unsupported_encoding');
  }
  if (err instanceof BlobNotFoundError) return problem('storage.file_missing');
  if (isRedisUnavailable(err)) {
    // A request that needs Redis itself (login throttling, the queue screens). Writes that need a queue do not end here:
    // they commit a pending row and leave a failed enqueue to the recovery sweep (queues/recovery.ts).
    return problem(
      'service.unavailable',
      {},
      {
        headers: {
          'Retry-After': '30',
        },
      },
    );
  }
  return undefined;
}

export function sendProblem(res: Response, req: Request, p: Problem) {
  if (p.headers) res.set(p.headers);
  res
    .status(p.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `https://vanthu.dev/problems/${p.code}`,
        title: p.title,
        detail: p.detail,
        status: p.status,
        code: p.code,
        requestId: String(req.id),
        ...(p.errors ? { errors: p.errors } : {}),
      }),
    );
}

export function apiNotFound(req: Request, res: Response) {
  sendProblem(res, req, problem('route.not_found#no_api_route', { method: req.method, originalUrl: req.originalUrl.split('?')[0] }));
}

/** Last middleware: every error leaves as application/problem+json; unexpected ones are logged with the request id. */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  const known = toProblem(err);
  if (err instanceof BlobNotFoundError) req.log.error({ err }, 'stored file missing from the blob store');
  if (known) return sendProblem(res, req, known);
  req.log.error({ err }, 'unhandled error');
  sendProblem(res, req, problem('internal'));
}
