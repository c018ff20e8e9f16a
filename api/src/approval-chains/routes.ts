import type { PermissionAlerts } from '../permission-alerts/service';
import { z } from 'zod';
import { isoDate } from '../http/fields';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { documentTypeCodes } from '../outgoing/document-types';
import { roles } from '../users/roles';
import { afterReturnModes, stepModes } from './schema';
import {
  createDelegation,
  createTemplate,
  deactivateTemplate,
  listDelegations,
  listTemplates,
  revokeDelegation,
  updateTemplate,
} from './service';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

const stepSchema = z
  .object({
    label: text(200),
    assignees: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('ROLE'),
          role: z.enum(roles),
          unitId: id.nullable().optional().describe('holders of the role in this unit only'),
          authorUnit: z.boolean().optional().describe("holders of the role in the author's own unit (e.g. its head)"),
        })
        .strict(),
      z.object({ kind: z.literal('USERS'), userIds: z.array(id).min(1).max(20) }).strict(),
    ]),
    mode: z.enum(stepModes).default('ANY_ONE'),
    optional: z.boolean().default(false),
  })
  .meta({ id: 'ApprovalStepTemplate' });

const templateBody = z.object({
  name: text(200),
  allowAddReviewers: z.boolean().default(false),
  steps: z.array(stepSchema).min(1).max(20).describe('in order; the last step is the signer'),
  afterReturn: z
    .enum(afterReturnModes)
    .default('RESTART')
    .describe('on resubmission after a return: RESTART from the first step, or RESUME at the step that returned it'),
});

const stepWarning = z
  .object({
    step: z.number().int().describe('1-based'),
    code: z.string(),
    title: z.string().describe('Vietnamese'),
    detail: z.string().describe('English'),
  })
  .meta({ id: 'ApprovalStepWarning' });

const templateSchema = templateBody
  .extend({
    id: z.string(),
    organisationId: z.string(),
    documentType: z.string().nullable(),
    active: z.boolean(),
    updatedAt: z.string(),
    warnings: z.array(stepWarning).describe('optional steps nobody can take now (they will be left out at submission)'),
  })
  .meta({ id: 'ApprovalChainTemplate' });

const person = z.object({ id: z.string(), fullName: z.string() });
const delegationSchema = z
  .object({
    id: z.string(),
    delegator: person,
    deputy: person,
    fromDate: z.string(),
    toDate: z.string(),
    canSign: z.boolean(),
    note: z.string().nullable(),
    revoked: z.boolean(),
    activeToday: z.boolean(),
  })
  .meta({ id: 'Delegation' });

/** Administration of approval chains (quy trình duyệt văn bản đi) per organisation and document type. */
export function approvalChainRoutes(db: Db) {
  return new ApiRouter('/api/admin/approval-chains', 'Administration')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Active approval chains of the organisations the caller administers',
        access: 'admin',
        query: z.object({ organisationId: id.optional() }),
        response: z.object({ items: z.array(templateSchema) }),
      },
      async (ctx) => ({ items: await listTemplates(db, ctx.actor!, ctx.query.organisationId) }),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Define the approval chain of an organisation for a document type (documentType null: the default chain)',
        access: 'admin',
        body: templateBody.extend({ organisationId: id, documentType: z.enum(documentTypeCodes).nullable().default(null) }),
        response: templateSchema,
        status: 201,
        problems: [403, 409, 422],
      },
      async (ctx) => createTemplate(db, ctx.actor!, ctx.body),
    )
    .route(
      {
        method: 'put',
        path: '/:id',
        summary: 'Change an approval chain (documents already submitted keep their copy)',
        access: 'admin',
        params: z.object({ id }),
        body: templateBody,
        response: templateSchema,
        problems: [403, 404, 422],
      },
      async (ctx) => updateTemplate(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'delete',
        path: '/:id',
        summary: 'Retire an approval chain',
        access: 'admin',
        params: z.object({ id }),
        status: 204,
        problems: [403, 404],
      },
      async (ctx) => deactivateTemplate(db, ctx.actor!, ctx.params.id),
    );
}

/** Ủy quyền: leaders let a deputy approve and sign for them for a date range. */
export function delegationRoutes(db: Db, alerts: PermissionAlerts) {
  return new ApiRouter('/api/delegations', 'Outgoing documents')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Delegations I gave and received',
        access: 'user',
        response: z.object({ items: z.array(delegationSchema) }),
      },
      async (ctx) => ({ items: await listDelegations(db, ctx.actor!) }),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Delegate my approval (and, with canSign, signing) to a deputy for a date range',
        access: 'user',
        body: z.object({
          deputyId: id,
          fromDate: isoDate,
          toDate: isoDate,
          canSign: z.boolean().default(true),
          note: text(500).optional(),
        }),
        response: delegationSchema,
        status: 201,
        problems: [403, 422],
      },
      async (ctx) => createDelegation(db, ctx.actor!, ctx.body, alerts),
    )
    .route(
      {
        method: 'post',
        path: '/:id/revoke',
        summary: 'Revoke a delegation I gave',
        access: 'user',
        params: z.object({ id }),
        status: 204,
        problems: [404],
      },
      async (ctx) => revokeDelegation(db, ctx.actor!, ctx.params.id, alerts),
    );
}
