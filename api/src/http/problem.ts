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

export const notFound = (what: string, whatVi: string) => new Problem(404, 'not_found', `Không tìm thấy ${whatVi}`, `${what} not found`);

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

/** C0 control characters but tab, line feed and carriage return: no text of ours holds them (PostgreSQL refuses NUL). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/**
 * The guard every request passes (JSON body, query, path, multipart fields and file names): a control character
 * anywhere in what was received is a 422 naming each place, before any schema or service sees it. Walked without
 * recursion, so a deeply nested body cannot exhaust the stack.
 */
export function controlCharacterProblem(value: unknown, where: 'body' | 'query' | 'params'): Problem | undefined {
  const paths: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) paths.push(path || where);
    } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k.replace(CONTROL_ALL, '?')}` : k.replace(CONTROL_ALL, '?');
        if (CONTROL.test(k)) paths.push(p);
        stack.push([x, p]);
      }
    }
  }
  if (!paths.length) return undefined;
  paths.sort();
  return new Problem(
    422,
    'validation',
    'Dữ liệu gửi lên chứa ký tự điều khiển không hợp lệ',
    `Invalid request ${where}: ${paths.join(', ')}: control characters (U+0000–U+001F other than tab and line breaks) are not allowed`,
    paths.map((path) => ({ path, message: 'control characters are not allowed' })),
  );
}
