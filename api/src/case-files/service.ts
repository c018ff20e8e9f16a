import { and, asc, desc, eq, gt, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditEvents } from '../audit/schema';
import { auditActor, recordAudit } from '../audit/service';
import { addDays, todayInVietnam, viDate } from '../calendar/working-days';
import type { Db, Tx } from '../db/client';
import { Problem, forbidden, notFound } from '../http/problem';
import { ARCHIVIST_ROLES, LEADER_ROLES, organisationsWhere, requireVisible as requireVisibleIncoming, roleIn, visibleTo as incomingVisibleTo } from '../incoming/access';
import { incomingDocuments, incomingFiles } from '../incoming/schema';
import type { NewNotification } from '../notifications/service';
import type { Notifier } from '../notifications/notifier';
import { organisations, units } from '../organisations/schema';
import { ISSUED_STATES, requireVisible as requireVisibleOutgoing, viewerOf, visibleTo as outgoingVisibleTo } from '../outgoing/access';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../outgoing/schema';
import { roleGrants, users } from '../users/schema';
import { requireNotHeld } from '../legal-holds/check';
import { holdsOnCaseFile } from '../legal-holds/service';
import { isArchivist, isLeader, mayWorkOn, memberOrganisations, readableBy, requireReadable, requireUnitChange, wrongStatus, type CaseFileRow } from './access';
import { filedDocuments, pageTotalOf, type FiledDocument } from './documents';
import { TRANSFER_NOTICE_DAYS, disposalReviewDate, maintenanceLabel, mustTransfer, transferDueDate } from './retention';
import { caseFileDisposalApprovals, caseFileDocuments, caseFileHeadings, caseFiles, type DisposalCapacity, type FiledDocumentKind } from './schema';
import type { CreateCaseFileInput, UpdateCaseFileInput } from './validation';
import { problem } from '../http/problems';

/** The default rendering of FileCode (docs/domain.md §5.1: the decree gives no serialisation). */
export const fileCodeOf = (cf: Pick<CaseFileRow, 'organId' | 'year' | 'notation'>) => `${cf.organId}.${cf.year}.${cf.notation}`;

const audit = (tx: Tx, actor: Actor, cf: Pick<CaseFileRow, 'id' | 'organisationId'>, action: string, data: unknown) =>
  recordAudit(tx, { ...auditActor(actor, roleIn(actor, cf.organisationId)), action: `case_file.${action}`, entityType: 'case_file', entityId: cf.id, data });

/** The transfer (nộp lưu) state of a closed file that must go to the archive, as of `today`. */
function transferOf(cf: CaseFileRow, today: string) {
  if (cf.status !== 'CLOSED' || !cf.endDate || !mustTransfer(cf.retentionYears)) return null;
  const dueDate = transferDueDate(cf.endDate);
  const state = dueDate < today ? 'OVERDUE' : dueDate === today ? 'DUE' : addDays(today, TRANSFER_NOTICE_DAYS) >= dueDate ? 'SOON' : 'LATER';
  return { dueDate, state } as const;
}

type Counts = { docTotal: number; pageTotal: number };

function summaryOf(cf: CaseFileRow, names: { unitName: string | null; creatorName: string | null }, counts: Counts, today = todayInVietnam()) {
  return {
    id: cf.id,
    organisationId: cf.organisationId,
    unitId: cf.unitId,
    unitName: names.unitName,
    headingId: cf.headingId,
    fileCode: { organId: cf.organId, fileCatalog: cf.year, fileNotation: cf.notation },
    code: fileCodeOf(cf),
    title: cf.title,
    retentionYears: cf.retentionYears,
    maintenance: maintenanceLabel(cf.retentionYears),
    rights: cf.rights,
    language: cf.language,
    creator: { id: cf.creatorId, fullName: names.creatorName ?? cf.creatorName },
    startDate: cf.startDate,
    endDate: cf.endDate,
    description: cf.description,
    status: cf.status,
    ...counts,
    transfer: transferOf(cf, today),
    disposalReviewDate: disposalReviewDate(cf.endDate, cf.retentionYears),
    transferredAt: cf.transferredAt?.toISOString() ?? null,
    disposedAt: cf.disposedAt?.toISOString() ?? null,
    imported: cf.importedAt !== null,
  };
}

/** Page count of a filed document, the same PageAmount the metadata gives (documents.ts): the document's or its main file's. */
const pageAmount = sql`coalesce(
  ${incomingDocuments.pageCount},
  (select ${incomingFiles.pageCount} from ${incomingFiles} where ${incomingFiles.documentId} = ${incomingDocuments.id} and ${incomingFiles.role} = 'MAIN' limit 1),
  (select ${outgoingFiles.pageCount} from ${outgoingFiles} join ${outgoingVersions} on ${outgoingVersions.id} = ${outgoingFiles.versionId}
    where ${outgoingFiles.documentId} = ${outgoingDocuments.id} and ${outgoingVersions.number} = ${outgoingDocuments.currentVersion} and ${outgoingFiles.role} = 'MAIN' limit 1),
  nullif(${caseFileDocuments.importedMetadata} -> 'fields' ->> 'PageAmount', '')::int)`;

/** DocTotal and PageTotal per case file, in one query. */
async function countsOf(db: Db, ids: string[]): Promise<Map<string, Counts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: caseFileDocuments.caseFileId, docTotal: sql<number>`count(*)::int`, pageTotal: sql<number>`coalesce(sum(${pageAmount}), 0)::int` })
    .from(caseFileDocuments)
    .leftJoin(incomingDocuments, eq(incomingDocuments.id, caseFileDocuments.incomingDocumentId))
    .leftJoin(outgoingDocuments, eq(outgoingDocuments.id, caseFileDocuments.outgoingDocumentId))
    .where(inArray(caseFileDocuments.caseFileId, ids))
    .groupBy(caseFileDocuments.caseFileId);
  return new Map(rows.map((r) => [r.id, { docTotal: r.docTotal, pageTotal: r.pageTotal }]));
}

const creator = sql<string | null>`(select ${users.fullName} from ${users} where ${users.id} = ${caseFiles.creatorId})`;

async function summaries(db: Db, where: SQL | undefined) {
  const rows = await db
    .select({ cf: caseFiles, unitName: units.name, creatorName: creator })
    .from(caseFiles)
    .leftJoin(units, eq(units.id, caseFiles.unitId))
    .where(where)
    .orderBy(desc(caseFiles.year), asc(caseFiles.notation));
  const counts = await countsOf(
    db,
    rows.map((r) => r.cf.id),
  );
  const today = todayInVietnam();
  return rows.map((r) => summaryOf(r.cf, r, counts.get(r.cf.id) ?? { docTotal: 0, pageTotal: 0 }, today));
}

/** The organisation the actor means: the one asked for (they must belong to it), or their first. */
function organisationOf(actor: Actor, requested: string | undefined, roles?: typeof LEADER_ROLES) {
  const mine = roles ? organisationsWhere(actor, roles) : memberOrganisations(actor);
  const needed = roles ? `a ${roles.join(' or ')} role` : 'a role';
  if (requested && !mine.includes(requested)) throw forbidden(`You need ${needed} in organisation ${requested}`);
  if (mine.length === 0) throw forbidden(`You need ${needed} in an organisation`);
  return requested ?? mine[0];
}

export async function listCaseFiles(db: Db, actor: Actor, filter: { organisationId?: string; year?: number; unitId?: string; status?: CaseFileRow['status']; q?: string }) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const items = await summaries(
    db,
    and(
      readableBy(actor),
      filter.organisationId ? eq(caseFiles.organisationId, filter.organisationId) : undefined,
      filter.year ? eq(caseFiles.year, filter.year) : undefined,
      filter.unitId ? eq(caseFiles.unitId, filter.unitId) : undefined,
      filter.status ? eq(caseFiles.status, filter.status) : undefined,
      like ? or(ilike(caseFiles.title, like), ilike(caseFiles.notation, like)) : undefined,
    ),
  );
  return { items, total: items.length };
}

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
  return { organisationId: orgId, organisationName: org.name, year, headings, items, totals: { permanent, limited: items.length - permanent } };
}

export async function createHeading(db: Db, actor: Actor, input: { organisationId?: string; year: number; code: string; title: string }) {
  const orgId = organisationOf(actor, input.organisationId, [...LEADER_ROLES, ...ARCHIVIST_ROLES]);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(caseFileHeadings).where(and(eq(caseFileHeadings.organisationId, orgId), eq(caseFileHeadings.year, input.year), eq(caseFileHeadings.code, input.code)));
    if (taken) throw problem('case_file.heading_taken', { code: input.code, year: input.year });
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(caseFileHeadings).where(and(eq(caseFileHeadings.organisationId, orgId), eq(caseFileHeadings.year, input.year)));
    const [h] = await tx.insert(caseFileHeadings).values({ organisationId: orgId, year: input.year, code: input.code, title: input.title, ordinal: n + 1 }).returning();
    await audit(tx, actor, { id: h.id, organisationId: orgId }, 'heading.create', input);
    return { id: h.id, code: h.code, title: h.title, ordinal: h.ordinal };
  });
}

async function requireMember(db: Db | Tx, userId: string, organisationId: string) {
  const [u] = await db.select().from(users).where(and(eq(users.id, userId), eq(users.organisationId, organisationId), isNull(users.disabledAt)));
  if (!u) throw problem('validation#user_is_not_an', { userId, organisationId }, { errors: [{ path: 'creatorId', message: 'not a member of the organisation' }] });
  return u;
}

async function requireHeading(db: Db | Tx, headingId: string, organisationId: string, year: number) {
  const [h] = await db.select().from(caseFileHeadings).where(and(eq(caseFileHeadings.id, headingId), eq(caseFileHeadings.organisationId, organisationId), eq(caseFileHeadings.year, year)));
  if (!h) throw problem('validation#heading_is_not_in', { headingId, year, organisationId }, { errors: [{ path: 'headingId', message: 'unknown heading' }] });
}

const codeTaken = (code: string) => problem('case_file.code_taken#case_file_already_exists', { code });

/**
 * Opens a case file (mở hồ sơ) in the catalogue. Members of the unit, leaders and archivists of the organisation;
 * FileCode = the organisation's organ code, the year and the notation, unique in the organisation.
 */
export async function createCaseFile(db: Db, actor: Actor, input: CreateCaseFileInput) {
  const orgId = organisationOf(actor, input.organisationId);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const unitId = input.unitId === undefined ? (actor.roles.find((g) => g.organisationId === orgId && g.unitId)?.unitId ?? null) : input.unitId;
  if (unitId) {
    const [u] = await db.select().from(units).where(and(eq(units.id, unitId), eq(units.organisationId, orgId)));
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
      .where(and(eq(caseFiles.organisationId, orgId), eq(caseFiles.organId, row.organId), eq(caseFiles.year, row.year), eq(caseFiles.notation, row.notation)));
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
      if (cf.endDate && input.startDate > cf.endDate) throw problem('validation#startdate_is_after_the', {}, { errors: [{ path: 'startDate', message: 'after endDate' }] });
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

/** What the caller may do now; the same rules the actions enforce. */
function allowedActions(actor: Actor, cf: CaseFileRow, docTotal: number, approvals: { capacity: DisposalCapacity; userId: string }[], today: string): string[] {
  const out: string[] = [];
  const works = mayWorkOn(actor, cf);
  const archivist = isArchivist(actor, cf.organisationId);
  const leader = isLeader(actor, cf.organisationId);
  if (works && cf.status === 'OPEN') out.push('edit', 'file', 'unfile', 'move');
  if (works && cf.status === 'OPEN' && docTotal > 0) out.push('close');
  if (works && cf.status === 'CLOSED') out.push('edit');
  if (leader && cf.status === 'CLOSED') out.push('reopen');
  if (works && cf.status === 'CLOSED' && mustTransfer(cf.retentionYears)) out.push('transfer');
  if (archivist && cf.status === 'TRANSFERRED') out.push('edit');
  const review = disposalReviewDate(cf.endDate, cf.retentionYears);
  if (cf.status === 'TRANSFERRED' && review !== null && review <= today && !approvals.some((a) => a.userId === actor.userId)) {
    if ((archivist && !approvals.some((a) => a.capacity === 'ARCHIVIST')) || (leader && !approvals.some((a) => a.capacity === 'LEADER'))) out.push('approve_disposal');
  }
  if (works && cf.status !== 'DISPOSED' && docTotal > 0) out.push('export');
  return [...new Set(out)];
}

/** Which of these documents the actor may open (the incoming and outgoing visibility rules, not a copy of them). */
export async function visibleDocumentIds(db: Db, actor: Actor, docs: FiledDocument[]) {
  const ids = (kind: FiledDocumentKind) => docs.filter((d) => d.kind === kind && d.documentId).map((d) => d.documentId!);
  const incoming = ids('INCOMING');
  const outgoing = ids('OUTGOING');
  const viewer = outgoing.length ? await viewerOf(db, actor) : null;
  const [a, b] = await Promise.all([
    incoming.length ? db.select({ id: incomingDocuments.id }).from(incomingDocuments).where(and(inArray(incomingDocuments.id, incoming), incomingVisibleTo(actor))) : [],
    viewer ? db.select({ id: outgoingDocuments.id }).from(outgoingDocuments).where(and(inArray(outgoingDocuments.id, outgoing), outgoingVisibleTo(viewer))) : [],
  ]);
  return new Set([...a, ...b].map((r) => r.id));
}

export async function getCaseFile(db: Db, actor: Actor, id: string) {
  const cf = await requireReadable(db, actor, id);
  const [names] = await db
    .select({ unitName: units.name, creatorName: creator })
    .from(caseFiles)
    .leftJoin(units, eq(units.id, caseFiles.unitId))
    .where(eq(caseFiles.id, id));
  const docs = await filedDocuments(db, id);
  const visible = await visibleDocumentIds(db, actor, docs);
  const approvals = await db
    .select({ a: caseFileDisposalApprovals, fullName: users.fullName })
    .from(caseFileDisposalApprovals)
    .innerJoin(users, eq(users.id, caseFileDisposalApprovals.userId))
    .where(eq(caseFileDisposalApprovals.caseFileId, id))
    .orderBy(asc(caseFileDisposalApprovals.approvedAt));
  const history = await db
    .select({ e: auditEvents, actorName: users.fullName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, 'case_file'), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.id));
  const today = todayInVietnam();
  const holds = await holdsOnCaseFile(db, cf);
  return {
    ...summaryOf(cf, names, { docTotal: docs.length, pageTotal: pageTotalOf(docs) }, today),
    holds: holds.map((h) => ({ id: h.id, scope: h.scope, year: h.year, reason: h.reason, placedAt: h.placedAt, placedByName: h.placedByName })),
    documents: docs.map((d) => {
      // Someone who may not open a document sees that it is there (its place in the file), not what it says.
      const shown = d.documentId === null || visible.has(d.documentId);
      const f = d.metadata.fields;
      const numberAndSymbol = f.CodeNumber && f.CodeNotation ? `${f.CodeNumber}/${f.CodeNotation}` : (f.CodeNotation ?? f.CodeNumber);
      return {
        entryId: d.entryId,
        ordinal: d.ordinal,
        kind: d.kind,
        documentId: d.documentId,
        visible: shown,
        numberAndSymbol: shown ? numberAndSymbol : null,
        issuedDate: shown ? f.IssuedDate : null,
        organName: shown ? f.OrganName : null,
        subject: shown ? f.Subject : null,
        typeName: shown ? f.TypeName : null,
        pageAmount: shown && f.PageAmount ? Number(f.PageAmount) : null,
        files: shown ? d.files : [],
      };
    }),
    disposal: {
      approvals: approvals.map(({ a, fullName }) => ({ capacity: a.capacity, user: { id: a.userId, fullName }, reason: a.reason, approvedAt: a.approvedAt.toISOString() })),
    },
    // An export carries every document's text and files: offered only to whoever may open them all (exportCaseFile).
    allowedActions: allowedActions(actor, cf, docs.length, approvals.map(({ a }) => a), today)
      .filter((a) => a !== 'export' || docs.every((d) => d.documentId === null || visible.has(d.documentId)))
      // While held (phong toả) only reading and export remain: every change is refused by requireNotHeld.
      .filter((a) => !holds.length || a === 'export'),
    history: history.map(({ e, actorName }) => ({ at: e.at.toISOString(), actorName: actorName ?? null, actorRole: e.actorRole, action: e.action, data: e.data })),
  };
}

const requireOpen = (cf: CaseFileRow) => {
  if (cf.status !== 'OPEN') throw wrongStatus(cf, 'case_file.not_open#documents_are_filed_into');
};

/** The document must be one the actor may open (404 otherwise, as for a missing id), of the case file's organisation, and final. */
async function requireFileable(tx: Tx, actor: Actor, cf: CaseFileRow, kind: FiledDocumentKind, documentId: string) {
  const doc =
    kind === 'INCOMING'
      ? await requireVisibleIncoming(tx, actor, documentId)
      : await requireVisibleOutgoing(tx, await viewerOf(tx, actor), documentId);
  if (doc.organisationId !== cf.organisationId) {
    throw problem('case_file.other_organisation#document_belongs_to_another', { documentId });
  }
  const final = kind === 'INCOMING' ? doc.status !== 'DRAFT' : ISSUED_STATES.includes((doc as typeof outgoingDocuments.$inferSelect).status);
  if (!final) {
    throw problem(kind === 'INCOMING' ? 'case_file.document_not_final#incoming' : 'case_file.document_not_final#outgoing');
  }
}

const documentColumn = (kind: FiledDocumentKind) => (kind === 'INCOMING' ? caseFileDocuments.incomingDocumentId : caseFileDocuments.outgoingDocumentId);

async function nextOrdinal(tx: Tx, caseFileId: string) {
  const [{ n }] = await tx.select({ n: sql<number>`coalesce(max(${caseFileDocuments.ordinal}), 0)::int` }).from(caseFileDocuments).where(eq(caseFileDocuments.caseFileId, caseFileId));
  return n + 1;
}

/** Closes the gap an entry left behind, so DocOrdinal stays 1…n (the case file row is locked). */
const closeGap = (tx: Tx, caseFileId: string, ordinal: number) =>
  tx.update(caseFileDocuments).set({ ordinal: sql`${caseFileDocuments.ordinal} - 1` }).where(and(eq(caseFileDocuments.caseFileId, caseFileId), gt(caseFileDocuments.ordinal, ordinal)));

/**
 * Lập hồ sơ: files an incoming or outgoing document into an open case file at the next DocOrdinal. The actor
 * must be able to open the document and work on the case file; a document sits in one case file at most.
 */
export async function fileDocument(db: Db, actor: Actor, id: string, input: { kind: FiledDocumentKind; documentId: string }) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    await requireFileable(tx, actor, cf, input.kind, input.documentId);
    await requireNotHeld(tx, { caseFileIds: [id], documents: [{ kind: input.kind, id: input.documentId }] });
    const [already] = await tx
      .select({ caseFileId: caseFileDocuments.caseFileId, code: sql<string>`${caseFiles.organId} || '.' || ${caseFiles.year} || '.' || ${caseFiles.notation}` })
      .from(caseFileDocuments)
      .innerJoin(caseFiles, eq(caseFiles.id, caseFileDocuments.caseFileId))
      .where(eq(documentColumn(input.kind), input.documentId));
    if (already) {
      throw problem('case_file.already_filed#the_document_is_already', { code: already.code, caseFileId: already.caseFileId });
    }
    const ordinal = await nextOrdinal(tx, id);
    const [entry] = await tx
      .insert(caseFileDocuments)
      .values({
        caseFileId: id,
        ordinal,
        incomingDocumentId: input.kind === 'INCOMING' ? input.documentId : null,
        outgoingDocumentId: input.kind === 'OUTGOING' ? input.documentId : null,
        filedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!entry) throw problem('case_file.already_filed#the_document_was_just');
    await audit(tx, actor, cf, 'file', { ...input, ordinal });
  });
  return getCaseFile(db, actor, id);
}

async function requireEntry(tx: Tx, caseFileId: string, entryId: string) {
  const [e] = await tx.select().from(caseFileDocuments).where(and(eq(caseFileDocuments.id, entryId), eq(caseFileDocuments.caseFileId, caseFileId)));
  if (!e) throw notFound(`Entry ${entryId} of case file ${caseFileId}`, 'văn bản trong hồ sơ');
  return e;
}

const entryDocuments = (e: typeof caseFileDocuments.$inferSelect) =>
  e.incomingDocumentId ? [{ kind: 'INCOMING' as const, id: e.incomingDocumentId }] : e.outgoingDocumentId ? [{ kind: 'OUTGOING' as const, id: e.outgoingDocumentId }] : [];

const entrySource = (e: typeof caseFileDocuments.$inferSelect) => ({ kind: e.incomingDocumentId ? 'INCOMING' : 'OUTGOING', documentId: e.incomingDocumentId ?? e.outgoingDocumentId });

/** Takes a document out of an open case file (e.g. a duplicate found while closing); later ones move up. */
export async function unfileDocument(db: Db, actor: Actor, id: string, entryId: string) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [id], documents: entryDocuments(e) });
    await tx.delete(caseFileDocuments).where(eq(caseFileDocuments.id, entryId));
    await closeGap(tx, id, e.ordinal);
    await audit(tx, actor, cf, 'unfile', { ...entrySource(e), ordinal: e.ordinal });
  });
  return getCaseFile(db, actor, id);
}

/** Moves a document to another open case file of the organisation, at its end; both files are locked in id order. */
export async function moveDocument(db: Db, actor: Actor, id: string, entryId: string, toCaseFileId: string) {
  if (toCaseFileId === id) throw problem('validation#move_to_a_different', {}, { errors: [{ path: 'toCaseFileId', message: 'same case file' }] });
  await db.transaction(async (tx) => {
    const [first, second] = [id, toCaseFileId].sort();
    const locked = new Map([[first, await requireReadable(tx, actor, first, true)], [second, await requireReadable(tx, actor, second, true)]]);
    const from = locked.get(id)!;
    const to = locked.get(toCaseFileId)!;
    for (const cf of [from, to]) {
      requireUnitChange(actor, cf);
      requireOpen(cf);
    }
    if (to.organisationId !== from.organisationId) throw problem('case_file.other_organisation#the_target_case_file');
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [from.id, to.id], documents: entryDocuments(e) });
    const ordinal = await nextOrdinal(tx, to.id);
    await tx.update(caseFileDocuments).set({ caseFileId: to.id, ordinal, filedBy: actor.userId, filedAt: new Date() }).where(eq(caseFileDocuments.id, entryId));
    await closeGap(tx, id, e.ordinal);
    await audit(tx, actor, from, 'move_out', { ...entrySource(e), to: to.id, ordinal: e.ordinal });
    await audit(tx, actor, to, 'move_in', { ...entrySource(e), from: id, ordinal });
  });
  return getCaseFile(db, actor, id);
}

/** Puts a document at another position (DocOrdinal) of an open case file; the ones in between shift by one. */
export async function reorderDocument(db: Db, actor: Actor, id: string, entryId: string, ordinal: number) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    requireOpen(cf);
    const e = await requireEntry(tx, id, entryId);
    await requireNotHeld(tx, { caseFileIds: [id] });
    const last = (await nextOrdinal(tx, id)) - 1;
    const target = Math.min(ordinal, last);
    if (target === e.ordinal) return;
    const col = caseFileDocuments.ordinal;
    const shift =
      target < e.ordinal
        ? sql`case when ${col} >= ${target} and ${col} < ${e.ordinal} then ${col} + 1 else ${col} end`
        : sql`case when ${col} > ${e.ordinal} and ${col} <= ${target} then ${col} - 1 else ${col} end`;
    await tx.update(caseFileDocuments).set({ ordinal: shift }).where(and(eq(caseFileDocuments.caseFileId, id), sql`${caseFileDocuments.id} <> ${entryId}`));
    await tx.update(caseFileDocuments).set({ ordinal: target }).where(eq(caseFileDocuments.id, entryId));
    await audit(tx, actor, cf, 'reorder', { ...entrySource(e), from: e.ordinal, to: target });
  });
  return getCaseFile(db, actor, id);
}

/**
 * Kết thúc hồ sơ: needs at least one document; sets the end date (default today) and takes the re-assessed
 * retention and title (Điều 29: review, re-assess the retention, finalise).
 */
export async function closeCaseFile(db: Db, actor: Actor, id: string, input: { endDate?: string; retentionYears?: number | null; title?: string }) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    if (cf.status !== 'OPEN') throw wrongStatus(cf, 'case_file.not_open#only_an_open_case');
    await requireNotHeld(tx, { caseFileIds: [id] });
    if ((await tx.$count(caseFileDocuments, eq(caseFileDocuments.caseFileId, id))) === 0) {
      throw problem('case_file.empty');
    }
    const endDate = input.endDate ?? todayInVietnam();
    if (cf.startDate && endDate < cf.startDate) {
      throw problem('validation#enddate_is_before_the', { endDate, startDate: cf.startDate }, { errors: [{ path: 'endDate', message: 'before startDate' }] });
    }
    const retentionYears = input.retentionYears === undefined ? cf.retentionYears : input.retentionYears;
    await tx
      .update(caseFiles)
      .set({ status: 'CLOSED', endDate, retentionYears, title: input.title ?? cf.title, closedAt: new Date(), updatedAt: new Date() })
      .where(eq(caseFiles.id, id));
    await audit(tx, actor, cf, 'close', { endDate, retentionYears, previousRetentionYears: cf.retentionYears, title: input.title });
  });
  return getCaseFile(db, actor, id);
}

/** A leader reopens a closed file that has not gone to the archive yet; its end date is cleared. */
export async function reopenCaseFile(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    if (!isLeader(actor, cf.organisationId)) throw forbidden('Only a leader of the organisation reopens a closed case file');
    requireUnitChange(actor, cf);
    if (cf.status !== 'CLOSED') throw wrongStatus(cf, 'case_file.not_closed#reopen');
    await requireNotHeld(tx, { caseFileIds: [id] });
    await tx.update(caseFiles).set({ status: 'OPEN', endDate: null, closedAt: null, updatedAt: new Date() }).where(eq(caseFiles.id, id));
    await audit(tx, actor, cf, 'reopen', { previousEndDate: cf.endDate });
  });
  return getCaseFile(db, actor, id);
}

async function archivistsOf(db: Db, organisationId: string) {
  const rows = await db
    .select({ userId: roleGrants.userId })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.organisationId, organisationId), inArray(roleGrants.role, ARCHIVIST_ROLES), isNull(users.disabledAt)));
  return [...new Set(rows.map((r) => r.userId))];
}

const link = (id: string) => `/case-files/${id}`;

/**
 * Nộp lưu: a closed file kept ≥ 5 years (or permanently) goes to the organisation's archive; from then on it is
 * read-only to the unit and archivists manage it. The archivists are told.
 */
export async function transferCaseFile(db: Db, notifier: Notifier, actor: Actor, id: string) {
  const cf = await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    requireUnitChange(actor, cf);
    if (cf.status !== 'CLOSED') throw wrongStatus(cf, 'case_file.not_closed#transfer');
    await requireNotHeld(tx, { caseFileIds: [id], withContents: true });
    if (!mustTransfer(cf.retentionYears)) {
      throw problem('case_file.retention_too_short', { retentionYears: cf.retentionYears });
    }
    await tx.update(caseFiles).set({ status: 'TRANSFERRED', transferredAt: new Date(), transferredBy: actor.userId, updatedAt: new Date() }).where(eq(caseFiles.id, id));
    const due = transferDueDate(cf.endDate!);
    await audit(tx, actor, cf, 'transfer', { dueDate: due, late: todayInVietnam() > due });
    return cf;
  });
  const code = fileCodeOf(cf);
  await notifier.send(
    (await archivistsOf(db, cf.organisationId))
      .filter((u) => u !== actor.userId)
      .map((userId) => ({ userId, kind: 'case_file.transferred', titleVi: `Hồ sơ ${code} đã nộp lưu`, titleEn: `Case file ${code} transferred to the archive`, link: link(id), dedupeKey: `case-file-transferred:${id}` })),
  );
  return getCaseFile(db, actor, id);
}

/** Closed files that must go to the archive, with their due date, for an organisation's archivists and leaders or the unit. */
export async function transfersDue(db: Db, actor: Actor, organisationId: string | undefined) {
  const orgId = organisationOf(actor, organisationId);
  const items = (await summaries(db, and(eq(caseFiles.organisationId, orgId), eq(caseFiles.status, 'CLOSED'), isNotNull(caseFiles.endDate))))
    .filter((s) => s.transfer !== null)
    .sort((a, b) => a.transfer!.dueDate.localeCompare(b.transfer!.dueDate));
  return { organisationId: orgId, items };
}

/**
 * Run by the maintenance worker: 30 days before a closed file is due at the archive, its responsible person and
 * the organisation's archivists hear of it; once overdue, again. Each notice once per file and due date.
 */
export async function sendTransferReminders(db: Db, notifier: Notifier, today = todayInVietnam()) {
  const rows = await db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.status, 'CLOSED'), isNotNull(caseFiles.endDate)));
  const items: NewNotification[] = [];
  const archivists = new Map<string, string[]>();
  for (const cf of rows) {
    const t = transferOf(cf, today);
    if (!t || t.state === 'LATER') continue;
    if (!archivists.has(cf.organisationId)) archivists.set(cf.organisationId, await archivistsOf(db, cf.organisationId));
    const people = [...new Set([...(cf.creatorId ? [cf.creatorId] : []), ...archivists.get(cf.organisationId)!])];
    const code = fileCodeOf(cf);
    const overdue = t.state === 'OVERDUE';
    for (const userId of people) {
      items.push({
        userId,
        kind: overdue ? 'case_file.transfer_overdue' : 'case_file.transfer_due',
        titleVi: overdue ? `Hồ sơ ${code} đã quá hạn nộp lưu (${viDate(t.dueDate)})` : `Hồ sơ ${code} đến hạn nộp lưu ngày ${viDate(t.dueDate)}`,
        titleEn: overdue ? `Case file ${code} is overdue for the archive (${viDate(t.dueDate)})` : `Case file ${code} is due at the archive on ${viDate(t.dueDate)}`,
        link: link(cf.id),
        data: { caseFileId: cf.id, dueDate: t.dueDate },
        dedupeKey: `case-file-${overdue ? 'overdue' : 'due'}:${cf.id}:${t.dueDate}`,
      });
    }
  }
  const sent = await notifier.send(items);
  return { sent: sent.length };
}

/** Case files an archivist manages: those in the organisation's archive (transferred, imported, disposed). */
export async function archiveHoldings(db: Db, actor: Actor, organisationId: string | undefined) {
  const orgId = organisationOf(actor, organisationId, [...ARCHIVIST_ROLES, ...LEADER_ROLES]);
  return { organisationId: orgId, items: await summaries(db, and(eq(caseFiles.organisationId, orgId), inArray(caseFiles.status, ['TRANSFERRED', 'DISPOSED']))) };
}

/**
 * Disposition report (danh mục tài liệu hết giá trị): transferred files whose retention has run out by `asOf`,
 * with the approvals given so far. Archivists and leaders of the organisation.
 */
export async function dispositionReport(db: Db, actor: Actor, organisationId: string | undefined, asOf = todayInVietnam()) {
  const orgId = organisationOf(actor, organisationId, [...ARCHIVIST_ROLES, ...LEADER_ROLES]);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, orgId));
  const candidates = await summaries(db, and(eq(caseFiles.organisationId, orgId), eq(caseFiles.status, 'TRANSFERRED'), isNotNull(caseFiles.retentionYears), isNotNull(caseFiles.endDate)));
  const items = candidates.filter((c) => c.disposalReviewDate !== null && c.disposalReviewDate <= asOf);
  const approvals = items.length
    ? await db
        .select({ a: caseFileDisposalApprovals, fullName: users.fullName })
        .from(caseFileDisposalApprovals)
        .innerJoin(users, eq(users.id, caseFileDisposalApprovals.userId))
        .where(
          inArray(
            caseFileDisposalApprovals.caseFileId,
            items.map((i) => i.id),
          ),
        )
    : [];
  return {
    organisationId: orgId,
    organisationName: org.name,
    asOf,
    items: items.map((i) => ({
      ...i,
      approvals: approvals.filter(({ a }) => a.caseFileId === i.id).map(({ a, fullName }) => ({ capacity: a.capacity, user: { id: a.userId, fullName }, reason: a.reason, approvedAt: a.approvedAt.toISOString() })),
    })),
  };
}

/**
 * One of the two approvals a disposal needs: an archivist's and a leader's of the organisation, two different
 * people, in either order. With the second the file becomes DISPOSED; the approvals stay as its disposal record.
 * Permanent files are never disposed, nor files whose period has not run out.
 */
export async function approveDisposal(db: Db, actor: Actor, id: string, reason: string, today = todayInVietnam()) {
  await db.transaction(async (tx) => {
    const cf = await requireReadable(tx, actor, id, true);
    const archivist = isArchivist(actor, cf.organisationId);
    const leader = isLeader(actor, cf.organisationId);
    if (!archivist && !leader) throw forbidden('Only an archivist and a leader of the organisation approve a disposal');
    // Not even the first approval while held: a disposal is not prepared on frozen material.
    await requireNotHeld(tx, { caseFileIds: [id], withContents: true });
    if (cf.retentionYears === null) throw problem('case_file.permanent');
    if (cf.status !== 'TRANSFERRED') throw wrongStatus(cf, 'case_file.not_in_archive');
    const review = disposalReviewDate(cf.endDate, cf.retentionYears)!;
    if (review > today) throw problem('case_file.not_expired', { review });
    const given = await tx.select().from(caseFileDisposalApprovals).where(eq(caseFileDisposalApprovals.caseFileId, id));
    if (given.some((a) => a.userId === actor.userId)) {
      throw problem('case_file.same_approver');
    }
    const capacity: DisposalCapacity | undefined = archivist && !given.some((a) => a.capacity === 'ARCHIVIST') ? 'ARCHIVIST' : leader && !given.some((a) => a.capacity === 'LEADER') ? 'LEADER' : undefined;
    if (!capacity) throw problem('case_file.approval_given');
    await tx.insert(caseFileDisposalApprovals).values({ caseFileId: id, capacity, userId: actor.userId, reason });
    const complete = given.length + 1 === 2;
    await audit(tx, actor, cf, 'disposal_approve', { capacity, reason });
    if (complete) {
      await tx.update(caseFiles).set({ status: 'DISPOSED', disposedAt: new Date(), updatedAt: new Date() }).where(eq(caseFiles.id, id));
      await audit(tx, actor, cf, 'dispose', { approvals: [...given.map((a) => ({ capacity: a.capacity, userId: a.userId, reason: a.reason })), { capacity, userId: actor.userId, reason }] });
    }
  });
  return getCaseFile(db, actor, id);
}

/**
 * For search (GET /api/search?caseFileId=…): the case files a document is filed in (at most one), so another
 * capability can filter by case file without knowing this table.
 */
export async function caseFileIdsOfDocument(db: Db | Tx, kind: FiledDocumentKind, documentId: string): Promise<string[]> {
  const rows = await db.select({ id: caseFileDocuments.caseFileId }).from(caseFileDocuments).where(eq(documentColumn(kind), documentId));
  return rows.map((r) => r.id);
}

/** Open case files of the document's organisation the actor may file into (the "Lập hồ sơ" picker). */
export async function fileTargets(db: Db, actor: Actor, kind: FiledDocumentKind, documentId: string) {
  const doc = kind === 'INCOMING' ? await requireVisibleIncoming(db, actor, documentId) : await requireVisibleOutgoing(db, await viewerOf(db, actor), documentId);
  const rows = await db.select().from(caseFiles).where(and(eq(caseFiles.organisationId, doc.organisationId), eq(caseFiles.status, 'OPEN'), readableBy(actor))).orderBy(desc(caseFiles.year), asc(caseFiles.notation));
  const filedIn = await caseFileIdsOfDocument(db, kind, documentId);
  return {
    filedIn,
    items: rows.filter((cf) => mayWorkOn(actor, cf)).map((cf) => ({ id: cf.id, code: fileCodeOf(cf), title: cf.title, year: cf.year })),
  };
}
