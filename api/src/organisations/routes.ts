import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { isoDate } from '../http/fields';
import { assertManages } from '../users/service';
import { createUnit, dissolveOrganisation, listOrganisations, listPeople, requireOrganisation, setSeparationOfDuties } from './service';
import { organisationKinds } from './schema';

const unitSchema = z.object({ id: z.string(), name: z.string(), abbrev: z.string(), active: z.boolean() }).meta({ id: 'Unit' });
const organisationSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    shortName: z.string(),
    organCode: z.string().nullable(),
    kind: z.enum(organisationKinds),
    placeName: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    separationOfDuties: z
      .boolean()
      .describe('author ≠ approver ≠ signer of an outgoing draft, also through delegation; only an administrator turns it off, audited'),
    depth: z.number().int(),
    units: z.array(unitSchema),
  })
  .meta({ id: 'Organisation' });

export function organisationRoutes(db: Db) {
  const api = new ApiRouter('/api', 'Organisations');
  api.route(
    {
      method: 'get',
      path: '/organisations',
      summary: 'Organisation tree (parents first) with units',
      access: 'user',
      response: z.object({ items: z.array(organisationSchema) }),
    },
    async () => ({ items: await listOrganisations(db) }),
  );
  api.route(
    {
      method: 'get',
      path: '/organisations/:organisationId/people',
      summary: 'Active people of an organisation, for reviewer, deputy and assignee pickers',
      access: 'user',
      params: z.object({ organisationId: z.string().min(1) }),
      response: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            fullName: z.string(),
            position: z.string(),
            unitId: z.string().nullable(),
            unitName: z.string().nullable(),
          }),
        ),
      }),
      problems: [404],
    },
    async (ctx) => ({ items: await listPeople(db, ctx.params.organisationId) }),
  );
  api.route(
    {
      method: 'post',
      path: '/admin/organisations/:organisationId/units',
      summary: 'Create a unit (phòng, ban) inside an organisation',
      access: 'admin',
      params: z.object({ organisationId: z.string().min(1) }),
      body: z.object({
        name: z.string().trim().min(2).max(200),
        abbrev: z
          .string()
          .trim()
          .min(1)
          .max(20)
          .regex(/^[\p{Lu}\p{N}&-]+$/u, 'upper-case letters, digits, & or - (used in document symbols)'),
      }),
      response: unitSchema,
      status: 201,
      problems: [403, 404, 409],
    },
    async (ctx) => {
      await requireOrganisation(db, ctx.params.organisationId);
      await assertManages(db, ctx.actor!, ctx.params.organisationId);
      return createUnit(db, { organisationId: ctx.params.organisationId, ...ctx.body }, ctx.actor!);
    },
  );
  api.route(
    {
      method: 'put',
      path: '/admin/organisations/:organisationId/separation-of-duties',
      summary:
        "Turn separation of duties on the organisation's outgoing documents on or off (author ≠ approver ≠ signer, also through delegation). On by default; turning it off needs a reason and is written to the audit log",
      access: 'admin',
      params: z.object({ organisationId: z.string().min(1) }),
      body: z.object({ enforced: z.boolean(), reason: z.string().trim().min(10).max(1000).describe('why (kept in the audit log)') }),
      response: z.object({ organisationId: z.string(), separationOfDuties: z.boolean() }),
      problems: [403, 404],
    },
    async (ctx) => {
      await requireOrganisation(db, ctx.params.organisationId);
      await assertManages(db, ctx.actor!, ctx.params.organisationId);
      return setSeparationOfDuties(db, ctx.actor!, ctx.params.organisationId, ctx.body);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/admin/organisations/:organisationId/dissolve',
      summary: 'Mark an organisation dissolved (giải thể) from a last day (default today); its active users are disabled',
      access: 'admin',
      params: z.object({ organisationId: z.string().min(1) }),
      body: z.object({ lastDay: isoDate.optional().describe('the last day it existed (validTo)') }),
      response: z.object({ organisationId: z.string(), validTo: z.string(), disabledUsers: z.number().int() }),
      problems: [403, 404, 409, 422],
    },
    async (ctx) => {
      await requireOrganisation(db, ctx.params.organisationId);
      await assertManages(db, ctx.actor!, ctx.params.organisationId);
      return dissolveOrganisation(db, ctx.actor!, ctx.params.organisationId, ctx.body.lastDay);
    },
  );
  return api;
}
