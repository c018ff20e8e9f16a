import { and, eq, inArray, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { delegatorsOf } from '../approval-chains/service';
import type { Db, Tx } from '../db/client';
import { notFound } from '../http/problem';
import { ARCHIVIST_ROLES, columnsCondition, type VisibilityBranches } from '../incoming/access';
import { organisations } from '../organisations/schema';
import type { Role } from '../users/roles';
import { outgoingDocuments, outgoingStepAssignees, type OutgoingStatus } from './schema';

export const DRAFTING_ROLES: Role[] = ['CHUYEN_VIEN', 'TRUONG_PHONG', 'CHANH_VAN_PHONG', 'LANH_DAO_CO_QUAN'];
export const LEADER_ROLES: Role[] = ['LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'];
/** From here on the clerk has work on the document (issue, dispatch). */
export const CLERK_STATES: OutgoingStatus[] = ['APPROVED_AWAITING_SIGNATURE', 'SIGNED', 'ISSUED', 'DISPATCHED'];
/** Issued documents: what archivists file into case files. */
export const ISSUED_STATES: OutgoingStatus[] = ['ISSUED', 'DISPATCHED'];

/**
 * Organisations where the actor holds one of `roles`, and the parents of those that are an office
 * (Văn phòng UBND drafts, checks and issues in the name of the committee it serves: "45/UBND-VX").
 */
export async function organisationsServed(db: Db | Tx, actor: Actor, roles: Role[]): Promise<string[]> {
  const own = [...new Set(actor.roles.filter((g) => roles.includes(g.role)).map((g) => g.organisationId))];
  if (own.length === 0) return [];
  const offices = await db
    .select({ parentId: organisations.parentId })
    .from(organisations)
    .where(and(inArray(organisations.id, own), eq(organisations.kind, 'OFFICE')));
  return [...new Set([...own, ...offices.flatMap((o) => (o.parentId ? [o.parentId] : []))])];
}

/** Everything the visibility rule and the allowed actions need to know about the caller, looked up once. */
export interface OutgoingViewer {
  actor: Actor;
  clerkOf: string[];
  leaderOf: string[];
  archivistOf: string[];
  /** Today's delegations to the caller. */
  delegators: { delegatorId: string; canSign: boolean; delegationId: string }[];
}

export async function viewerOf(db: Db | Tx, actor: Actor): Promise<OutgoingViewer> {
  const [clerkOf, leaderOf, delegators] = await Promise.all([
    organisationsServed(db, actor, ['VAN_THU']),
    organisationsServed(db, actor, LEADER_ROLES),
    delegatorsOf(db, actor.userId),
  ]);
  const archivistOf = [...new Set(actor.roles.filter((g) => ARCHIVIST_ROLES.includes(g.role)).map((g) => g.organisationId))];
  return { actor, clerkOf, leaderOf, archivistOf, delegators };
}

/** The columns the visibility rule reads: the document's own, or search_documents' copies of them. */
export interface OutgoingAccessColumns {
  id: AnyColumn;
  organisationId: AnyColumn;
  authorId: AnyColumn;
  status: AnyColumn;
  secrecy: AnyColumn;
}

/**
 * Which outgoing documents the viewer may see, as one SQL condition per way of access (lists, queues, single
 * reads and search alike): the author; everyone on its chain (and their deputies today); the issuing
 * organisation's leaders and clerks once it is submitted, except secret documents, which only the chain sees
 * until the clerks' turn; the organisation's archivists its ordinary documents once issued (they file them into
 * case files). Search plans the list memberships one by one; everyone else takes them all or'ed.
 */
export function visibilityBranches(v: OutgoingViewer, doc: OutgoingAccessColumns = outgoingDocuments): VisibilityBranches {
  const people = [v.actor.userId, ...v.delegators.map((d) => d.delegatorId)];
  // Leaders and the clerks who will number it follow ordinary documents from submission on.
  const overseen = [...new Set([...v.leaderOf, ...v.clerkOf])];
  return {
    byColumns: [
      { organisations: null, key: `w:${v.actor.userId}`, where: eq(doc.authorId, v.actor.userId) },
      ...(v.clerkOf.length ? [{ organisations: v.clerkOf, where: inArray(doc.status, CLERK_STATES) }] : []),
      ...(overseen.length ? [{ organisations: overseen, where: and(eq(doc.secrecy, 'KHONG'), ne(doc.status, 'DRAFT'))! }] : []),
      ...(v.archivistOf.length
        ? [{ organisations: v.archivistOf, where: and(eq(doc.secrecy, 'KHONG'), inArray(doc.status, ISSUED_STATES))! }]
        : []),
    ],
    byLists: [
      sql`${doc.id} in (select ${outgoingStepAssignees.documentId} from ${outgoingStepAssignees} where ${inArray(outgoingStepAssignees.userId, people)} or ${outgoingStepAssignees.actedBy} = ${v.actor.userId})`,
    ],
    listKeys: [...people.map((p) => `s:${p}`), `x:${v.actor.userId}`],
  };
}

export function visibleTo(v: OutgoingViewer, doc: OutgoingAccessColumns = outgoingDocuments): SQL {
  const { byColumns, byLists } = visibilityBranches(v, doc);
  return or(...byColumns.map((b) => columnsCondition(b, doc.organisationId)), ...byLists)!;
}

export type OutgoingRow = typeof outgoingDocuments.$inferSelect;

/** The document if visible, else 404 as for a missing id. With `lock`, the row stays locked until the transaction ends. */
export async function requireVisible(db: Db | Tx, v: OutgoingViewer, id: string, lock = false): Promise<OutgoingRow> {
  const q = db
    .select()
    .from(outgoingDocuments)
    .where(and(eq(outgoingDocuments.id, id), visibleTo(v)));
  const [doc] = lock ? await q.for('update') : await q;
  if (!doc) throw notFound(`Outgoing document ${id}`, 'văn bản đi');
  return doc;
}

/** Who signs an approved document: the signer named at approval, whoever approved in their name, and today's deputies with signing authority. */
export function maySign(viewer: OutgoingViewer, doc: OutgoingRow): boolean {
  const me = viewer.actor.userId;
  return doc.signerId === me || doc.signerActedBy === me || viewer.delegators.some((d) => d.delegatorId === doc.signerId && d.canSign);
}
