import { HttpErrorResponse } from '@angular/common/http';
import { CLIENT_PROBLEMS } from '../i18n/client-problems';
import type { FieldProblem, Problem } from './api.models';

/** Turn anything thrown by HttpClient into a Problem the UI can display. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpErrorResponse) {
    const body = parseBody(error.error);
    if (isProblem(body)) {
      return { ...body, status: body.status ?? error.status };
    }
    if (error.status === 0) {
      return { ...CLIENT_PROBLEMS.network };
    }
    return { ...CLIENT_PROBLEMS.unknown, status: error.status };
  }
  return { ...CLIENT_PROBLEMS.unknown };
}

/** Normalise a field path: `/roles/0/role`, `roles[0].role` and `roles.0.role` all become `roles.0.role`. */
export function normalisePath(path: string): string {
  return path
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/** Field errors of `problem` whose path equals `path` (after normalisation). */
export function fieldErrors(problem: Problem | null | undefined, path: string): FieldProblem[] {
  const wanted = normalisePath(path);
  return (problem?.errors ?? []).filter((e) => normalisePath(e.path) === wanted);
}

function parseBody(body: unknown): unknown {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return null;
    }
  }
  return body;
}

function isProblem(body: unknown): body is Problem {
  if (body === null || typeof body !== 'object') return false;
  const candidate = body as Partial<Problem>;
  return typeof candidate.title === 'string' || typeof candidate.detail === 'string';
}
