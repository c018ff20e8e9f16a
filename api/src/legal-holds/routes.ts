import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { holdOrganisations, liftHold, listHolds, placeHold } from './service';

const reason = z.string().trim().min(1).max(2000);
const placeSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('CASE_FILE'), caseFileId: z.string().min(1), reason }),
  z.object({ scope: z.literal('DOCUMENT'), documentKind: z.enum(['INCOMING', 'OUTGOING']), documentId: z.string().min(1), reason }),
  z.object({
    scope: z.literal('ORGANISATION_YEAR'),
    organisationId: z.string().min(1),
    year: z.number().int().min(1900).max(2200),
    reason,
  }),
]);
const holdSchema = z
  .object({
    id: z.string(),
    scope: z.enum(['CASE_FILE', 'DOCUMENT', 'ORGANISATION_YEAR']),
    organisationId: z.string(),
    caseFileId: z.string().nullable(),
    documentKind: z.enum(['INCOMING', 'OUTGOING']).nullable(),
    documentId: z.string().nullable(),
    year: z.number().int().nullable(),
    reason: z.string(),
    placedAt: z.string(),
    placedByName: z.string(),
    liftedAt: z.string().nullable(),
    liftedByName: z.string().nullable(),
    liftReason: z.string().nullable(),
  })
  .meta({ id: 'LegalHold' });
const listQuery = z
  .object({
    caseFileId: z.string().optional(),
    documentKind: z.enum(['INCOMING', 'OUTGOING']).optional(),
    documentId: z.string().optional(),
    organisationId: z.string().optional(),
  })
  .refine((q) => q.caseFileId || (q.documentKind && q.documentId) || q.organisationId, {
    message: 'caseFileId, documentKind with documentId, or organisationId is required',
    path: ['caseFileId'],
  });

/** Legal holds (phong toả): freeze a case file, a document or an organisation's year; the check is legal-holds/check.ts. */
export function legalHoldRoutes(db: Db) {
  return new ApiRouter('/api/legal-holds', 'Legal holds')
    .route(
      {
        method: 'get',
        path: '/',
        summary:
          'Holds in force on a case file (caseFileId) or a document (documentKind + documentId: its own, its organisation year, the case files it is in), for anyone who reads it; or every hold of an organisation (organisationId, for its archivists and administrators)',
        access: 'user',
        query: listQuery,
        response: z.object({ items: z.array(holdSchema), mayManage: z.boolean().describe('the caller may place and lift holds here') }),
        problems: [403, 404],
      },
      async (ctx) => listHolds(db, ctx.actor!, ctx.query),
    )
    .route(
      {
        method: 'get',
        path: '/organisations',
        summary:
          'The organisations whose legal holds the caller places and lifts (archivist grants, organisations administered), for the hold screen',
        access: 'user',
        response: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }),
      },
      async (ctx) => holdOrganisations(db, ctx.actor!),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary:
          'Place a legal hold (archivist or administrator), with a reason: nothing it covers may then be moved, disposed of, deleted or changed (409 legal_hold.active); audited',
        access: 'user',
        body: placeSchema,
        response: holdSchema,
        status: 201,
        problems: [403, 404, 409],
      },
      async (ctx) => placeHold(db, ctx.actor!, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/lift',
        summary: 'Lift a legal hold, with a reason; audited',
        access: 'user',
        params: z.object({ id: z.string() }),
        body: z.object({ reason }),
        response: holdSchema,
        problems: [404, 409],
      },
      async (ctx) => liftHold(db, ctx.actor!, ctx.params.id, ctx.body.reason),
    );
}
