import { z } from 'zod';
import type { RouteDoc } from './api-router';
import { problemSchema } from './problem';

const problemStatuses: Record<number, string> = {
  400: 'Malformed request',
  401: 'Not signed in',
  403: 'Forbidden (role or CSRF)',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  423: 'Locked',
  429: 'Too many requests',
};

const toSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** Builds the OpenAPI 3.1 document from the routes' own zod declarations. */
export function buildOpenApi(docs: RouteDoc[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, tag, spec } of docs) {
    const openPath = path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || !!json.required?.includes(name), schema: s });
      }
    }
    const status = spec.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]: spec.raw
        ? { description: 'OK', content: { [spec.raw.mediaType]: {} } }
        : spec.response
          ? { description: 'OK', content: { 'application/json': { schema: toSchema(spec.response, 'output') } } }
          : { description: 'No content' },
    };
    if (spec.noContent) responses[204] = { description: spec.noContent };
    const errorStatuses = new Set<number>([...(spec.problems ?? []), ...(spec.body || spec.query ? [422] : [])]);
    if (spec.access !== 'public') errorStatuses.add(401);
    if (spec.access === 'admin') errorStatuses.add(403);
    for (const s of errorStatuses) {
      responses[s] = {
        description: problemStatuses[s] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    paths[openPath] ??= {};
    paths[openPath][method] = {
      tags: [tag],
      summary: spec.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'vanthu API', version, description: 'Electronic document and case-file management (quản lý văn bản và hồ sơ công việc).' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: toSchema(problemSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vanthu_sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN', description: 'Must equal the XSRF-TOKEN cookie on unsafe methods' },
      },
    },
    security: [{ session: [], csrf: [] }],
  };
}
