import { and, eq, inArray, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db, Tx } from '../db/client';
import { notFound } from '../http/problem';
import type { Role } from '../users/roles';
import { incomingAccessGrants, incomingAssignments } from './processing-schema';
import { incomingDocuments } from './schema';

/** Roles that see every (non-secret) incoming document of their organisation and direct its handling. */
export const CLERK_ROLES: Role[] = ['VAN_THU'];
export const LEADER_ROLES: Role[] = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'];
/** Archivists (lưu trữ) file the organisation's documents into case files, so they read its ordinary ones. */
export const ARCHIVIST_ROLES: Role[] = ['LUU_TRU'];

export const holdsIn = (actor: Actor, organisationId: string, roles: Role[]) =>
  actor.roles.some((g) => g.organisationId === organisationId && roles.includes(g.role));

export const organisationsWhere = (actor: Actor, roles: Role[]) => [
  ...new Set(actor.roles.filter((g) => roles.includes(g.role)).map((g) => g.organisationId)),
];

/** The role the actor acts in for an organisation's document (for the audit log). */
export const roleIn = (actor: Actor, organisationId: string): Role =>
  actor.roles.find((g) => g.organisationId === organisationId)?.role ?? actor.roles[0]?.role ?? 'CHUYEN_VIEN';

/** Units the actor heads (trưởng/phó phòng): work assigned to the unit reaches them. */
export const headedUnits = (actor: Actor) => actor.roles.filter((g) => g.role === 'TRUONG_PHONG' && g.unitId).map((g) => g.unitId!);

/** The actor is the target of this assignment line: named personally, or head of the named unit. */
export const isAssignee = (actor: Actor, a: { userId: string | null; unitId: string | null }) =>
  a.userId === actor.userId || (a.unitId !== null && headedUnits(actor).includes(a.unitId));

/**
 * The ways of access: conditions on the document's own columns (organisation, secrecy, status, author), and
 * memberships of per-person lists (grants, assignments, approval chains). A document is visible when any holds.
 */
export interface VisibilityBranches {
  byColumns: ColumnsBranch[];
  byLists: SQL[];
  /** The same lists as keys of search_documents.list_keys (api/src/search/schema.ts): search matches any of them. */
  listKeys: string[];
}
/**
 * `where` holds within `organisations` only; a branch bound to none names instead the key search_documents files its
 * documents' words under (access_words: "w:" + author).
 */
export type ColumnsBranch = { organisations: string[]; where: SQL } | { organisations: null; key: string; where: SQL };

/** A branch on the document's columns as one condition. */
export const columnsCondition = (b: ColumnsBranch, organisationId: AnyColumn): SQL =>
  b.organisations ? and(inArray(organisationId, b.organisations), b.where)! : b.where;

/** The columns the visibility rule reads: the document's own, or search_documents' copies of them. */
export interface IncomingAccessColumns {
  id: AnyColumn;
  organisationId: AnyColumn;
  secrecy: AnyColumn;
  status: AnyColumn;
}

/**
 * Which incoming documents the actor may see, as one SQL condition per way of access (lists, queues, single
 * reads and search alike, so a guessed id answers 404 exactly like a missing one and search never shows more):
 * - clerks and leaders of the receiving organisation see its ordinary documents, its archivists once registered;
 * - secret (mật) documents only people granted explicitly;
 * - everyone assigned, personally or as head of an assigned unit, sees what they are assigned.
 * Search plans the list memberships one by one (each with its own index); everyone else takes them all or'ed:
 * visibleTo.
 */
export function visibilityBranches(actor: Actor, doc: IncomingAccessColumns = incomingDocuments): VisibilityBranches {
  const orgs = organisationsWhere(actor, [...CLERK_ROLES, ...LEADER_ROLES]);
  const archives = organisationsWhere(actor, ARCHIVIST_ROLES);
  const units = headedUnits(actor);
  const assignedToMe = units.length
    ? or(eq(incomingAssignments.userId, actor.userId), inArray(incomingAssignments.unitId, units))
    : eq(incomingAssignments.userId, actor.userId);
  return {
    byColumns: [
      ...(orgs.length ? [{ organisations: orgs, where: eq(doc.secrecy, 'KHONG') }] : []),
      ...(archives.length ? [{ organisations: archives, where: and(eq(doc.secrecy, 'KHONG'), ne(doc.status, 'DRAFT'))! }] : []),
    ],
    byLists: [
      sql`${doc.id} in (select ${incomingAccessGrants.documentId} from ${incomingAccessGrants} where ${incomingAccessGrants.userId} = ${actor.userId})`,
      sql`${doc.id} in (select ${incomingAssignments.documentId} from ${incomingAssignments} where ${incomingAssignments.active} = true and ${assignedToMe})`,
    ],
    listKeys: [`g:${actor.userId}`, `a:${actor.userId}`, ...units.map((u) => `u:${u}`)],
  };
}

export function visibleTo(actor: Actor, doc: IncomingAccessColumns = incomingDocuments): SQL {
  const { byColumns, byLists } = visibilityBranches(actor, doc);
  return or(...byColumns.map((b) => columnsCondition(b, doc.organisationId)), ...byLists)!;
}

/** The document if the actor may see it; otherwise 404, the same answer as for an id that does not exist. */
export async function requireVisible(db: Db | Tx, actor: Actor, id: string): Promise<typeof incomingDocuments.$inferSelect> {
  const [doc] = await db
    .select()
    .from(incomingDocuments)
    .where(and(eq(incomingDocuments.id, id), visibleTo(actor)));
  if (!doc) throw notFound(`Incoming document ${id}`, 'văn bản đến');
  return doc;
}
