import { z } from 'zod';
import type { Db } from '../db/client';
import { recordAudit } from '../audit/service';
import { ApiRouter } from '../http/api-router';
import { withDueDates } from './columns';
import { exportResults } from './export';
import { createSavedSearch, deleteSavedSearch, listSavedSearches, updateSavedSearch } from './saved';
import { search } from './service';
import { listSecretSearches, logSecretSearch } from './usage-log';
import {
  exportFormats,
  exportQuery,
  savedSearchBody,
  savedSearchPatch,
  savedSearchSchema,
  searchPageSchema,
  searchQuery,
  secretSearchEntrySchema,
  secretSearchLogQuery,
} from './validation';

const savedId = z.object({ id: z.string().trim().min(1).max(100) });

/** Search (tìm kiếm) over incoming and outgoing documents the caller may open; saved searches, exports, the secret-search log. */
export function searchRoutes(db: Db) {
  return new ApiRouter('/api/search', 'Search')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Full-text and số/ký hiệu search with filters, facet counts, highlighted snippets, sorting and paging',
        access: 'user',
        query: searchQuery,
        response: searchPageSchema,
        problems: [422],
      },
      async (ctx) => {
        const actor = ctx.actor!;
        const result = await search(db, actor, ctx.query);
        // ND 30 asks for a usage log of searches: what was asked and how many documents answered.
        const { page: _p, pageSize: _s, ...criteria } = ctx.query;
        await recordAudit(db, {
          actorId: actor.userId,
          requestId: actor.requestId,
          ip: actor.ip,
          action: 'search',
          entityType: 'search',
          entityId: actor.userId,
          data: { ...criteria, total: result.total },
        });
        await logSecretSearch(db, actor, 'SEARCH', criteria, result);
        return { ...result, items: await withDueDates(db, result.items) };
      },
    )
    .route(
      {
        method: 'get',
        path: '/export.:format',
        summary: `The result list of a search (same criteria, same visibility as GET /api/search; every match up to the search's bound) as an A4 landscape PDF or DOCX table in the chosen columns, titled with who exported it, when and the criteria`,
        access: 'user',
        params: z.object({ format: z.enum(exportFormats) }),
        query: exportQuery,
        problems: [422],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const actor = ctx.actor!;
        const { columns, ...criteria } = ctx.query;
        const file = await exportResults(db, actor, criteria, columns, ctx.params.format);
        await recordAudit(db, {
          actorId: actor.userId,
          requestId: actor.requestId,
          ip: actor.ip,
          action: 'search.export',
          entityType: 'search',
          entityId: actor.userId,
          data: { ...criteria, columns, format: ctx.params.format, rows: file.rows },
        });
        await logSecretSearch(db, actor, 'EXPORT', criteria, file);
        ctx.res.attachment(file.fileName).type(file.mediaType).send(file.bytes);
      },
    )
    .route(
      {
        method: 'get',
        path: '/saved',
        summary: "The caller's saved searches (name, criteria, columns), by name",
        access: 'user',
        response: z.object({ items: z.array(savedSearchSchema) }),
      },
      async (ctx) => listSavedSearches(db, ctx.actor!),
    )
    .route(
      {
        method: 'post',
        path: '/saved',
        summary:
          'Save a search: a name (unique among the caller’s), its criteria as GET /api/search takes them (no page), the result columns',
        access: 'user',
        body: savedSearchBody,
        response: savedSearchSchema,
        status: 201,
        problems: [409, 422],
      },
      async (ctx) => createSavedSearch(db, ctx.actor!, ctx.body),
    )
    .route(
      {
        method: 'patch',
        path: '/saved/:id',
        summary: 'Rename one of the caller’s saved searches, or replace its criteria or columns; another user’s answers 404',
        access: 'user',
        params: savedId,
        body: savedSearchPatch,
        response: savedSearchSchema,
        problems: [404, 409, 422],
      },
      async (ctx) => updateSavedSearch(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'delete',
        path: '/saved/:id',
        summary: 'Delete one of the caller’s saved searches; another user’s answers 404',
        access: 'user',
        params: savedId,
        status: 204,
        problems: [404],
      },
      async (ctx) => deleteSavedSearch(db, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'get',
        path: '/secret-log',
        summary:
          'Searches and exports that touched secret material (a secrecy filter, or secret documents among the results): who, when, query, filters, count. For the heads of the searchers’ organisations (LANH_DAO_CO_QUAN); 403 for others',
        access: 'user',
        query: secretSearchLogQuery,
        response: z.object({ items: z.array(secretSearchEntrySchema) }),
        problems: [400, 403],
      },
      async (ctx) => listSecretSearches(db, ctx.actor!, ctx.query),
    );
}
