import type { NextFunction, Request, Response } from 'express';
import { isRedisUnavailable } from '../redis/connection';
import { Problem } from './problem';

function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err;
  const e = err as { type?: string; status?: number; expose?: boolean };
  if (e?.type === 'entity.parse.failed') {
    return new Problem(400, 'request.malformed_json', 'Dữ liệu JSON không đúng định dạng', 'The request body is not valid JSON');
  }
  if (e?.type === 'entity.too.large') {
    return new Problem(413, 'request.too_large', 'Dữ liệu gửi lên quá lớn', 'The request body is too large');
  }
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new Problem(415, 'request.unsupported_encoding', 'Bảng mã không được hỗ trợ', 'Unsupported request encoding');
  }
  if (isRedisUnavailable(err)) {
    // A request that needs Redis itself (login throttling, the queue screens). Writes that need a queue do not end here:
    // they commit a pending row and leave a failed enqueue to the recovery sweep (queues/recovery.ts).
    return new Problem(503, 'service.unavailable', 'Hệ thống tạm thời gián đoạn, vui lòng thử lại sau ít phút', 'The queue and throttling store (Redis) is unreachable; try again shortly', undefined, {
      'Retry-After': '30',
    });
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
  sendProblem(res, req, new Problem(404, 'route.not_found', 'Không tìm thấy địa chỉ yêu cầu', `No API route ${req.method} ${req.originalUrl.split('?')[0]}`));
}

/** Last middleware: every error leaves as application/problem+json; unexpected ones are logged with the request id. */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  const known = toProblem(err);
  if (known) return sendProblem(res, req, known);
  req.log.error({ err }, 'unhandled error');
  sendProblem(res, req, new Problem(500, 'internal', 'Lỗi hệ thống, vui lòng thử lại sau', 'Internal server error; see the server log for this request id'));
}
