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

type Json = Record<string, unknown>;

/**
 * Converts the routes' zod schemas and gathers the named ones (`.meta({ id })`) into `components.schemas`: zod
 * puts them in a `$defs` of each converted schema, whose `#/$defs/…` references would not resolve inside the
 * OpenAPI document. A request body reads a schema as input (defaults optional), a response as output, so the
 * input form of a named schema is named apart (`…Input`).
 */
class Components {
  readonly schemas: Record<string, Json> = {};

  convert(s: z.ZodType, io: 'input' | 'output'): Json {
    const { $defs, ...root } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json & {
      $defs?: Record<string, Json>;
    };
    const name = (id: string) => (io === 'input' ? `${id}Input` : id);
    const relink = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(relink);
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${name(v.slice(8))}` : relink(v),
        ]),
      );
    };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const body = relink(def) as Json;
      const known = this.schemas[name(id)];
      if (known && JSON.stringify(known) !== JSON.stringify(body)) throw new Error(`Two different schemas are named ${name(id)}`);
      this.schemas[name(id)] = body;
    }
    // A named schema at the root stays written out in place (readers of a route see its shape there), and is a component too.
    const own = typeof root.$ref === 'string' && root.$ref.startsWith('#/$defs/') ? $defs?.[root.$ref.slice(8)] : undefined;
    const { $ref: _ownRef, ...rest } = root;
    return own ? { ...rest, ...(relink(own) as Json) } : (relink(root) as Json);
  }
}

/** Builds the OpenAPI 3.1 document from the routes' own zod declarations. */
export function buildOpenApi(docs: RouteDoc[], version: string) {
  const components = new Components();
  const toSchema = (s: z.ZodType, io: 'input' | 'output') => components.convert(s, io);
  const problem = toSchema(problemSchema, 'output');
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
    info: {
      title: 'vanthu API',
      version,
      description: 'Electronic document and case-file management (quản lý văn bản và hồ sơ công việc).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { ...components.schemas, Problem: problem },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vanthu_sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN', description: 'Must equal the XSRF-TOKEN cookie on unsafe methods' },
      },
    },
    security: [{ session: [], csrf: [] }],
  };
}
