import { and, arrayOverlaps, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../auth/context';
import { addDays } from '../calendar/working-days';
import type { Db } from '../db/client';
import { forbidden } from '../http/problem';
import { users } from '../users/schema';
import { secretSearchLog, type secretSearchActions } from './saved-schema';
import type { FacetValue } from './service';
import type { SearchCriteria, secretSearchLogQuery } from './validation';
import { problem } from '../http/problems';

/**
 * Nhật ký sử dụng tìm kiếm trên tài liệu mật (NĐ 30 Phụ lục VI). Read by the heads of the searcher's
 * organisations (lãnh đạo cơ quan): under the law on state secrets (Luật 29/2018/QH14) the head of an agency
 * answers for its secrets and decides who may reach them — here the head also confirms secret-document grants
 * (permission alerts). Administrators are not given it: they run accounts, are not entitled to secret material,
 * and the typed query and filters may carry secret words.
 */
const HEAD = 'LANH_DAO_CO_QUAN';

/** Secret documents among a search's results, from its secrecy counts (over the whole access-trimmed result). */
export const secretCountOf = (facets: { secrecy: FacetValue[] }) =>
  facets.secrecy.filter((f) => f.value !== 'KHONG').reduce((s, f) => s + f.count, 0);

/**
 * Records a search or an export that touched secret material — a secrecy filter (even answering nothing: it was
 * looked for), or results holding a secret document the searcher may open. Others are not recorded here (the
 * audit log records every search).
 */
export async function logSecretSearch(
  db: Db,
  actor: Actor,
  action: (typeof secretSearchActions)[number],
  criteria: SearchCriteria,
  answer: { total: number; facets: { secrecy: FacetValue[] } },
) {
  const secretCount = secretCountOf(answer.facets);
  const secretFilter = criteria.secrecy !== undefined && criteria.secrecy !== 'KHONG';
  if (secretCount === 0 && !secretFilter) return;
  const { q, sort: _order, ...filters } = criteria;
  await db.insert(secretSearchLog).values({
    userId: actor.userId,
    organisationIds: [...new Set(actor.roles.map((r) => r.organisationId))],
    action,
    query: q || null,
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    total: answer.total,
    secretCount,
    ip: actor.ip ?? null,
  });
}

/** The log for the organisations the caller heads (or one of them), newest first. */
export async function listSecretSearches(db: Db, actor: Actor, q: z.output<typeof secretSearchLogQuery>) {
  const headed = [...new Set(actor.roles.filter((r) => r.role === HEAD).map((r) => r.organisationId))];
  if (!headed.length) throw forbidden('Only the head of an organisation (LANH_DAO_CO_QUAN) reads the log of searches on secret material');
  if (q.organisationId !== undefined && !headed.includes(q.organisationId)) {
    throw forbidden('You are not a head of that organisation');
  }
  if (q.from && q.to && q.from > q.to) {
    throw problem('validation#from_must_not_be', {}, { errors: [{ path: 'query.from', message: 'after "to"' }] });
  }
  const vietnamDay = (d: string) => sql`(${d}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
  const rows = await db
    .select({
      id: secretSearchLog.id,
      at: secretSearchLog.at,
      userId: secretSearchLog.userId,
      userName: users.fullName,
      action: secretSearchLog.action,
      query: secretSearchLog.query,
      filters: secretSearchLog.filters,
      total: secretSearchLog.total,
      secretCount: secretSearchLog.secretCount,
    })
    .from(secretSearchLog)
    .innerJoin(users, eq(users.id, secretSearchLog.userId))
    .where(
      and(
        arrayOverlaps(secretSearchLog.organisationIds, q.organisationId ? [q.organisationId] : headed),
        q.from ? gte(secretSearchLog.at, vietnamDay(q.from)) : undefined,
        q.to ? lt(secretSearchLog.at, vietnamDay(addDays(q.to, 1))) : undefined,
      ),
    )
    .orderBy(desc(secretSearchLog.at), desc(secretSearchLog.id))
    .limit(q.limit);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString(), filters: r.filters as Record<string, unknown> })) };
}
