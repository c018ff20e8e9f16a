import type { Db } from '../db/client';
import { recordAudit } from '../audit/service';
import { ApiRouter } from '../http/api-router';
import { search } from './service';
import { searchQuery, searchResultSchema } from './validation';

/** Search (tìm kiếm) over incoming and outgoing documents the caller may open. */
export function searchRoutes(db: Db) {
  return new ApiRouter('/api/search', 'Search').route(
    {
      method: 'get',
      path: '/',
      summary: 'Full-text and số/ký hiệu search with filters, facet counts, highlighted snippets, sorting and paging',
      access: 'user',
      query: searchQuery,
      response: searchResultSchema,
      problems: [422],
    },
    async (ctx) => {
      const actor = ctx.actor!;
      const result = await search(db, actor, ctx.query);
      // ND 30 asks for a usage log of searches: what was asked and how many documents answered.
      const { page: _p, pageSize: _s, sort: _o, ...criteria } = ctx.query;
      await recordAudit(db, { actorId: actor.userId, requestId: actor.requestId, ip: actor.ip, action: 'search', entityType: 'search', entityId: actor.userId, data: { ...criteria, total: result.total } });
      return result;
    },
  );
}
