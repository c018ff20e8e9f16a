import { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * An error the client can act on, rendered as application/problem+json (RFC 9457).
 * `title` is Vietnamese (shown to users), `detail` English; `code` is stable for programs.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string().describe('Vietnamese, for users'),
    detail: z.string().describe('English'),
    status: z.number().int(),
    code: z.string().describe('stable machine-readable code'),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const notFound = (what: string, whatVi: string) =>
  new Problem(404, 'not_found', `Không tìm thấy ${whatVi}`, `${what} not found`);

export const forbidden = (detail = 'You do not have permission for this action') =>
  new Problem(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', detail);

export function validationProblem(error: z.ZodError, where: 'body' | 'query' | 'params'): Problem {
  const errors = error.issues.map((i) => ({ path: i.path.join('.') || where, message: i.message }));
  return new Problem(
    422,
    'validation',
    'Dữ liệu gửi lên không hợp lệ',
    `Invalid request ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    errors,
  );
}
