import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { savedSearches } from './saved-schema';
import type { ResultColumn, SearchCriteria, savedSearchPatch } from './validation';
import { problem } from '../http/problems';

/** Saved searches (tìm kiếm đã lưu): each user's own, never another's (another's id answers 404). */
type Row = typeof savedSearches.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  name: r.name,
  criteria: r.criteria as Record<string, unknown>,
  columns: r.columns as ResultColumn[],
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const missing = () => notFound('Saved search', 'tìm kiếm đã lưu');
const duplicate = (name: string) =>
  problem('saved_search.duplicate_name', { name }, { errors: [{ path: 'body.name', message: 'already used' }] });

/** The criteria as stored: without empty values, so a saved search replays exactly what was asked. */
const stored = (c: SearchCriteria) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== ''));

async function unique<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === '23505' && name !== undefined) throw duplicate(name);
    throw e;
  }
}

export async function listSavedSearches(db: Db, actor: Actor) {
  const rows = await db.select().from(savedSearches).where(eq(savedSearches.userId, actor.userId)).orderBy(asc(savedSearches.name));
  return { items: rows.map(view) };
}

export async function createSavedSearch(db: Db, actor: Actor, input: { name: string; criteria: SearchCriteria; columns: ResultColumn[] }) {
  const [row] = await unique(input.name, () =>
    db
      .insert(savedSearches)
      .values({ userId: actor.userId, name: input.name, criteria: stored(input.criteria), columns: input.columns })
      .returning(),
  );
  return view(row);
}

/** Rename, or replace the criteria or the columns, of one's own saved search. */
export async function updateSavedSearch(db: Db, actor: Actor, id: string, patch: z.output<typeof savedSearchPatch>) {
  const [row] = await unique(patch.name, () =>
    db
      .update(savedSearches)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.criteria !== undefined ? { criteria: stored(patch.criteria) } : {}),
        ...(patch.columns !== undefined ? { columns: patch.columns } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, actor.userId)))
      .returning(),
  );
  if (!row) throw missing();
  return view(row);
}

export async function deleteSavedSearch(db: Db, actor: Actor, id: string) {
  const gone = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, actor.userId)))
    .returning({ id: savedSearches.id });
  if (!gone.length) throw missing();
}
