import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { forbidden, notFound } from '../http/problem';
import { ARCHIVIST_ROLES, LEADER_ROLES, holdsIn, organisationsWhere, roleIn } from '../incoming/access';
import { caseFiles, type CaseFileStatus } from './schema';
import { problemOf, type ParamArgs, type ProblemKey } from '../http/problems';

export type CaseFileRow = typeof caseFiles.$inferSelect;

/** Organisations in which the actor holds any role: they read that organisation's catalogue. */
export const memberOrganisations = (actor: Actor) => [...new Set(actor.roles.map((g) => g.organisationId))];

/** Case files the actor may read: those of the organisations they belong to (the catalogue is sent to every unit, docs/domain.md §5.1). */
export function readableBy(actor: Actor): SQL {
  const orgs = memberOrganisations(actor);
  return orgs.length ? inArray(caseFiles.organisationId, orgs) : eq(caseFiles.id, '');
}

export const isArchivist = (actor: Actor, organisationId: string) => holdsIn(actor, organisationId, ARCHIVIST_ROLES);
export const isLeader = (actor: Actor, organisationId: string) => holdsIn(actor, organisationId, LEADER_ROLES);

/**
 * Who works on a case file (files documents, closes it, submits it): members of its unit, its responsible
 * person (người lập hồ sơ), the organisation's leaders and its archivists.
 */
export function mayWorkOn(actor: Actor, cf: CaseFileRow): boolean {
  if (cf.creatorId === actor.userId || isLeader(actor, cf.organisationId) || isArchivist(actor, cf.organisationId)) return true;
  return cf.unitId !== null && actor.roles.some((g) => g.organisationId === cf.organisationId && g.unitId === cf.unitId);
}

/** The case file if the actor may read it, else 404 as for a missing id. With `lock`, locked until the transaction ends. */
export async function requireReadable(db: Db | Tx, actor: Actor, id: string, lock = false): Promise<CaseFileRow> {
  const q = db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.id, id), readableBy(actor)));
  const [cf] = lock ? await q.for('update') : await q;
  if (!cf) throw notFound(`Case file ${id}`, 'hồ sơ');
  return cf;
}

const statusVi: Record<CaseFileStatus, string> = { OPEN: 'đang lập', CLOSED: 'đã kết thúc', TRANSFERRED: 'đã nộp lưu', DISPOSED: 'đã hủy' };

export const wrongStatus = <K extends ProblemKey>(cf: CaseFileRow, key: K, ...[params]: ParamArgs<K>) =>
  problemOf(key, params, { context: { vi: `hồ sơ ${statusVi[cf.status]}`, en: `the case file is ${cf.status}` } });

/**
 * A change by the unit: the actor must work on the file, and the file must still be the unit's. After transfer it
 * is read-only to the unit (409 with the reason); archivists manage it from then on.
 */
export function requireUnitChange(actor: Actor, cf: CaseFileRow) {
  if (!mayWorkOn(actor, cf))
    throw forbidden('Only members of the case file’s unit, its responsible person, leaders and archivists work on it');
  if (cf.status === 'DISPOSED') throw wrongStatus(cf, 'case_file.disposed#change');
  if (cf.status === 'TRANSFERRED') {
    throw wrongStatus(cf, 'case_file.read_only');
  }
}

/** The organisation the actor means: the one asked for (they must belong to it), or their first. */
export function organisationOf(actor: Actor, requested: string | undefined, roles?: typeof LEADER_ROLES) {
  const mine = roles ? organisationsWhere(actor, roles) : memberOrganisations(actor);
  const needed = roles ? `a ${roles.join(' or ')} role` : 'a role';
  if (requested && !mine.includes(requested)) throw forbidden(`You need ${needed} in organisation ${requested}`);
  if (mine.length === 0) throw forbidden(`You need ${needed} in an organisation`);
  return requested ?? mine[0];
}

/** Every change to a case file is audited as `case_file.<action>`, under the role the actor holds in its organisation. */
export const audit = (tx: Tx, actor: Actor, cf: Pick<CaseFileRow, 'id' | 'organisationId'>, action: string, data: unknown) =>
  recordAudit(tx, {
    ...auditActor(actor, roleIn(actor, cf.organisationId)),
    action: `case_file.${action}`,
    entityType: 'case_file',
    entityId: cf.id,
    data,
  });
