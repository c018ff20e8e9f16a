import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { registerDirections, registerScopes } from './schema';
import { listRegisters, registerYear } from './service';

const registerSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    direction: z.enum(registerDirections),
    name: z.string(),
    scope: z.enum(registerScopes),
    year: z.number().int(),
    nextNumber: z.number().int().describe('the number the next entry of this year will get, if nobody registers first'),
  })
  .meta({ id: 'Register' });

/** Registers (sổ văn bản) of the caller's organisations. */
export function registerRoutes(db: Db) {
  return new ApiRouter('/api/registers', 'Registers').route(
    {
      method: 'get',
      path: '/',
      summary: 'Registers of the organisations where the caller holds a role',
      access: 'user',
      query: z.object({ direction: z.enum(registerDirections).optional() }),
      response: z.object({ items: z.array(registerSchema) }),
    },
    async (ctx) => {
      const organisationIds = [...new Set(ctx.auth!.roles.map((g) => g.organisationId))];
      return { items: await listRegisters(db, organisationIds, registerYear(new Date()), ctx.query.direction) };
    },
  );
}
