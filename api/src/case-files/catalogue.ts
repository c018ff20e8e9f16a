import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { todayInVietnam } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { forbidden } from '../http/problem';
import { ARCHIVIST_ROLES, LEADER_ROLES } from '../incoming/access';
import { organisations, units } from '../organisations/schema';
import { users } from '../users/schema';
import { requireNotHeld } from '../legal-holds/check';
import { audit, isArchivist, isLeader, organisationOf, requireReadable, requireUnitChange } from './access';
import { getCaseFile } from './listing';
import { caseFileHeadings, caseFiles } from './schema';
import { fileCodeOf, summaries } from './summary';
import type { CreateCaseFileInput, UpdateCaseFileInput } from './validation';
import { problem } from '../http/problems';

/** Danh mục hồ sơ: the year's catalogue and its headings, opening a case file and editing its metadata. */

/** Danh mục hồ sơ of an organisation and year: headings and files, with the footer counts of Phụ lục V. */
export async function catalogue(db: Db, actor: Actor, organisationId: string | undefined, year: number) {
  const orgId = organisationOf(actor, organisationId);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const headings = await db
    .select({ id: caseFileHeadings.id, code: caseFileHeadings.code, title: caseFileHeadings.title, ordinal: caseFileHeadings.ordinal })
    .from(caseFileHeadings)
    .where(and(eq(caseFileHeadings.organisationId, orgId), eq(caseFileHeadings.year, year)))
    .orderBy(asc(caseFileHeadings.ordinal));
  const items = await summaries(db, and(eq(caseFiles.organisationId, orgId), eq(caseFiles.year, year), isNull(caseFiles.importedAt)));
  const permanent = items.filter((i) => i.retentionYears === null).length;
  return {
    organisationId: orgId,
    organisationName: org.name,
    year,
    headings,
    items,
    totals: { permanent, limited: items.length - permanent },
  };
}

export async function createHeading(db: Db, actor: Actor, input: { organisationId?: string; year: number; code: string; title: string }) {
  const orgId = organisationOf(actor, input.organisationId, [...LEADER_ROLES, ...ARCHIVIST_ROLES]);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select()
      .from(caseFileHeadings)
      .where(and(eq(caseFileHeadings.organisationId, orgId), eq(caseFileHeadings.year, input.year), eq(caseFileHeadings.code, input.code)));
    if (taken) throw problem('case_file.heading_taken', { code: input.code, year: input.year });
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(caseFileHeadings)
      .where(and(eq(caseFileHeadings.organisationId, orgId), eq(caseFileHeadings.year, input.year)));
    const [h] = await tx
      .insert(caseFileHeadings)
      .values({ organisationId: orgId, year: input.year, code: input.code, title: input.title, ordinal: n + 1 })
      .returning();
    await audit(tx, actor, { id: h.id, organisationId: orgId }, 'heading.create', input);
    return { id: h.id, code: h.code, title: h.title, ordinal: h.ordinal };
  });
}

async function requireMember(db: Db | Tx, userId: string, organisationId: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organisationId, organisationId), isNull(users.disabledAt)));
  if (!u)
    throw problem(
      'validation#user_is_not_an',
      { userId, organisationId },
      { errors: [{ path: 'creatorId', message: 'not a member of the organisation' }] },
    );
  return u;
}

async function requireHeading(db: Db | Tx, headingId: string, organisationId: string, year: number) {
  const [h] = await db
    .select()
    .from(caseFileHeadings)
    .where(and(eq(caseFileHeadings.id, headingId), eq(caseFileHeadings.organisationId, organisationId), eq(caseFileHeadings.year, year)));
  if (!h)
    throw problem(
      'validation#heading_is_not_in',
      { headingId, year, organisationId },
      { errors: [{ path: 'headingId', message: 'unknown heading' }] },
    );
}

const codeTaken = (code: string) => problem('case_file.code_taken#case_file_already_exists', { code });

/**
 * Opens a case file (mở hồ sơ) in the catalogue. Members of the unit, leaders and archivists of the organisation;
 * FileCode = the organisation's organ code, the year and the notation, unique in the organisation.
 */
export async function createCaseFile(db: Db, actor: Actor, input: CreateCaseFileInput) {
  const orgId = organisationOf(actor, input.organisationId);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const unitId =
    input.unitId === undefined ? (actor.roles.find((g) => g.organisationId === orgId && g.unitId)?.unitId ?? null) : input.unitId;
  if (unitId) {
    const [u] = await db
      .select()
      .from(units)
      .where(and(eq(units.id, unitId), eq(units.organisationId, orgId)));
    if (!u) throw problem('validation#unit_is_not_in', { unitId, orgId }, { errors: [{ path: 'unitId', message: 'unknown unit' }] });
  }
  const privileged = isLeader(actor, orgId) || isArchivist(actor, orgId);
  const member = unitId === null || actor.roles.some((g) => g.organisationId === orgId && g.unitId === unitId);
  if (!privileged && !member) throw forbidden('Only members of the unit, leaders and archivists open case files for it');
  const responsible = await requireMember(db, input.creatorId ?? actor.userId, orgId);
  if (input.headingId) await requireHeading(db, input.headingId, orgId, input.year);
  const row = {
    organisationId: orgId,
    unitId,
    headingId: input.headingId ?? null,
    organId: org.organCode ?? org.id,
    year: input.year,
    notation: input.notation,
    title: input.title,
    retentionYears: input.retentionYears,
    rights: input.rights,
    language: input.language,
    creatorId: responsible.id,
    creatorName: responsible.fullName,
    startDate: input.startDate ?? todayInVietnam(),
    description: input.description ?? null,
    createdBy: actor.userId,
  };
  const id = await db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: caseFiles.id })
      .from(caseFiles)
      .where(
        and(
          eq(caseFiles.organisationId, orgId),
          eq(caseFiles.organId, row.organId),
          eq(caseFiles.year, row.year),
          eq(caseFiles.notation, row.notation),
        ),
      );
    if (taken) throw codeTaken(fileCodeOf(row));
    const [cf] = await tx.insert(caseFiles).values(row).onConflictDoNothing().returning();
    if (!cf) throw codeTaken(fileCodeOf(row));
    await audit(tx, actor, cf, 'create', { ...input, code: fileCodeOf(cf) });
    return cf.id;
  });
  return getCaseFile(db, actor, id);
}

/** Edits the metadata: the unit while the file is its own (open or closed), archivists once it is in the archive. */
export async function updateCaseFile(db: Db, actor: Actor, id: string, input: UpdateCaseFileInput) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    // Once in the archive, the archivists manage it; before, the unit does.
    if (!(cf.status === 'TRANSFERRED' && isArchivist(actor, cf.organisationId))) requireUnitChange(actor, cf);
    await requireNotHeld(tx, { caseFileIds: [id] });
    const set: Partial<typeof caseFiles.$inferInsert> = { updatedAt: new Date() };
    if (input.title !== undefined) set.title = input.title;
    if (input.retentionYears !== undefined) set.retentionYears = input.retentionYears;
    if (input.rights !== undefined) set.rights = input.rights;
    if (input.language !== undefined) set.language = input.language;
    if (input.description !== undefined) set.description = input.description;
    if (input.startDate !== undefined) {
      if (cf.endDate && input.startDate > cf.endDate)
        throw problem('validation#startdate_is_after_the', {}, { errors: [{ path: 'startDate', message: 'after endDate' }] });
      set.startDate = input.startDate;
    }
    if (input.headingId !== undefined) {
      if (input.headingId) await requireHeading(tx, input.headingId, cf.organisationId, cf.year);
      set.headingId = input.headingId;
    }
    if (input.creatorId !== undefined) {
      const u = await requireMember(tx, input.creatorId, cf.organisationId);
      set.creatorId = u.id;
      set.creatorName = u.fullName;
    }
    await tx.update(caseFiles).set(set).where(eq(caseFiles.id, id));
    await audit(tx, actor, cf, 'update', input);
  });
  return getCaseFile(db, actor, id);
}
