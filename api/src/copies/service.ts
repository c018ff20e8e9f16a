import fs from 'node:fs';
import type { Queue } from 'bullmq';
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Db, Tx } from '../db/client';
import { exchangeStatusesOf, type ExchangeStatusView } from '../exchange/outbox';
import { mediaTypes } from '../files/media-type';
import { inspectPdf } from '../files/pdf';
import type { UploadedFile } from '../files/upload';
import { Problem, forbidden, notFound } from '../http/problem';
import { holdsIn, requireVisible as requireVisibleIncoming, visibleTo as visibleIncoming } from '../incoming/access';
import { incomingDocuments, incomingFiles } from '../incoming/schema';
import { organisations } from '../organisations/schema';
import { ISSUED_STATES, requireVisible as requireVisibleOutgoing, viewerOf, visibleTo as visibleOutgoing } from '../outgoing/access';
import { outgoingDocuments } from '../outgoing/schema';
import { registerYear } from '../registers/service';
import type { BlobStore } from '../storage/blob-store';
import { copyCounters, documentCopies, documentCopyRecipients, type CopyForm } from './schema';
import { problem } from '../http/problems';

/** Ký hiệu of each form of copy (ND 30 Phụ lục III) and the words of its caption (docs/domain.md §3.3, ô 14). */
export const COPY_FORMS: Record<CopyForm, { abbreviation: string; caption: string }> = {
  SAO_Y: { abbreviation: 'SY', caption: 'SAO Y' },
  SAO_LUC: { abbreviation: 'SL', caption: 'SAO LỤC' },
  TRICH_SAO: { abbreviation: 'TrS', caption: 'TRÍCH SAO' },
};

export type CopyRow = typeof documentCopies.$inferSelect;
export interface CopySource {
  kind: 'OUTGOING' | 'INCOMING';
  id: string;
}

/** "01/SY-STC": the number written with two digits at least, as registers show them. */
export const copyNumberAndSymbol = (c: Pick<CopyRow, 'number' | 'symbol'>) => `${String(c.number).padStart(2, '0')}/${c.symbol}`;

/** The document to copy, as the actor sees it: its organisation, secrecy and the PDF that is copied. */
async function sourceOf(db: Db, actor: Actor, source: CopySource) {
  if (source.kind === 'OUTGOING') {
    const doc = await requireVisibleOutgoing(db, await viewerOf(db, actor), source.id);
    if (!ISSUED_STATES.includes(doc.status) || !doc.issuedSha256) {
      throw problem('copies.source_not_issued');
    }
    return { organisationId: doc.organisationId, secrecy: doc.secrecy, sha256: doc.issuedSha256 };
  }
  const doc = await requireVisibleIncoming(db, actor, source.id);
  const [main] = await db
    .select()
    .from(incomingFiles)
    .where(and(eq(incomingFiles.documentId, doc.id), eq(incomingFiles.role, 'MAIN')));
  if (doc.status === 'DRAFT' || !main) {
    throw problem('copies.source_not_registered');
  }
  if (main.mediaType !== mediaTypes.PDF) {
    throw problem('copies.source_not_pdf');
  }
  return { organisationId: doc.organisationId, secrecy: doc.secrecy, sha256: main.sha256 };
}

/** Takes the next copy number of an organisation's year, inside the transaction that records it (no gaps, no repeats). */
async function allocateCopyNumber(tx: Tx, organisationId: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(copyCounters)
    .values({ organisationId, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [copyCounters.organisationId, copyCounters.year],
      set: { lastNumber: sql`${copyCounters.lastNumber} + 1` },
    })
    .returning({ n: copyCounters.lastNumber });
  return row.n;
}

export interface NewCopy {
  source: CopySource;
  form: CopyForm;
  secretAuthorisation?: string;
}

/**
 * Sao văn bản: the clerk (VAN_THU) of the document's organisation registers a copy — the next number of the
 * organisation's copy register of the year — which then waits for a COPY_SIGN holder's signature. A trích sao
 * brings the re-created extract as its one PDF; a secret document needs the recorded authorisation (Điều 27).
 */
/** Who makes copies (sao văn bản): the clerks of the document's organisation. */
const makesCopies = (actor: Actor, organisationId: string) => holdsIn(actor, organisationId, ['VAN_THU']);

export async function createCopy(db: Db, blobs: BlobStore, actor: Actor, input: NewCopy, files: UploadedFile[], at = new Date()) {
  const source = await sourceOf(db, actor, input.source);
  if (!makesCopies(actor, source.organisationId)) throw forbidden('Only the clerk of the organisation of the document makes copies');
  if (source.secrecy !== 'KHONG' && !input.secretAuthorisation) {
    throw problem('copies.secret_not_authorised');
  }
  const extract = files.find((f) => f.role === 'MAIN');
  if (input.form === 'TRICH_SAO' && !extract) {
    throw problem('copies.extract_missing');
  }
  if (input.form !== 'TRICH_SAO' && extract) {
    throw problem('copies.extract_unexpected');
  }
  let contentSha256 = source.sha256;
  if (extract) {
    await inspectPdf(await fs.promises.readFile(extract.path), extract.originalName);
    contentSha256 = (await blobs.put(fs.createReadStream(extract.path))).sha256;
  }
  const [org] = await db
    .select({ shortName: organisations.shortName })
    .from(organisations)
    .where(eq(organisations.id, source.organisationId));
  const year = registerYear(at);
  return db.transaction(async (tx) => {
    const number = await allocateCopyNumber(tx, source.organisationId, year);
    const [row] = await tx
      .insert(documentCopies)
      .values({
        organisationId: source.organisationId,
        form: input.form,
        sourceKind: input.source.kind,
        sourceId: input.source.id,
        year,
        number,
        symbol: `${COPY_FORMS[input.form].abbreviation}-${org.shortName}`,
        contentSha256,
        secretAuthorisation: input.secretAuthorisation ?? null,
        createdBy: actor.userId,
        createdAt: at,
      })
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'copy.registered',
      entityType: 'document_copy',
      entityId: row.id,
      data: { source: input.source, form: input.form, number: copyNumberAndSymbol(row), secretAuthorisation: row.secretAuthorisation },
    });
    return view(row, actor);
  });
}

export const SEAL_COPY_JOB = 'seal-copy';
/** The seal job of a copy, with a fixed id: queued again by the recovery sweep, never twice. */
export const sealCopyJob = (copyId: string) => ({
  name: SEAL_COPY_JOB,
  data: { copyId } satisfies SealCopyJob,
  opts: {
    jobId: `seal-copy-${copyId}`,
    attempts: 5,
    backoff: { type: 'exponential' as const, delay: 5000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});
export interface SealCopyJob {
  copyId: string;
}

/** The copy if the actor may see it: the clerks, COPY_SIGN holders and leaders of its organisation. */
/**
 * Copies whose source the actor may know of: a copy of a secret (mật) document is that document, so only those
 * who may open the source see it (its file, its number, its authorisation), not every clerk or leader of the
 * organisation.
 */
async function sourceReadable(db: Db | Tx, actor: Actor): Promise<SQL> {
  const viewer = await viewerOf(db, actor);
  const incoming = db
    .select({ id: incomingDocuments.id })
    .from(incomingDocuments)
    .where(or(eq(incomingDocuments.secrecy, 'KHONG'), visibleIncoming(actor)));
  const outgoing = db
    .select({ id: outgoingDocuments.id })
    .from(outgoingDocuments)
    .where(or(eq(outgoingDocuments.secrecy, 'KHONG'), visibleOutgoing(viewer)));
  return or(
    and(eq(documentCopies.sourceKind, 'INCOMING'), inArray(documentCopies.sourceId, incoming)),
    and(eq(documentCopies.sourceKind, 'OUTGOING'), inArray(documentCopies.sourceId, outgoing)),
  )!;
}

export async function requireCopy(db: Db | Tx, actor: Actor, id: string, lock = false) {
  const q = db
    .select()
    .from(documentCopies)
    .where(and(eq(documentCopies.id, id), await sourceReadable(db, actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !holdsIn(actor, row.organisationId, ['VAN_THU', 'COPY_SIGN', 'LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG']))
    throw notFound(`Copy ${id}`, 'bản sao');
  return row;
}

/**
 * Ký bản sao: a holder of COPY_SIGN in the copy's organisation (named by its head, Điều 27) has the organisation's
 * signature applied; the seal worker signs (`sealCopy`), as it seals issued documents.
 */
export async function signCopy(db: Db, signingQueue: Queue, actor: Actor, id: string) {
  const row = await db.transaction(async (tx) => {
    const copy = await requireCopy(tx, actor, id, true);
    if (!holdsIn(actor, copy.organisationId, ['COPY_SIGN']))
      throw forbidden('Only a holder of COPY_SIGN in the organisation of the copy signs copies');
    if (copy.state !== 'AWAITING_SIGNATURE') throw problem('copies.not_awaiting_signature');
    const [updated] = await tx
      .update(documentCopies)
      .set({ state: 'SIGNING', signedBy: actor.userId })
      .where(eq(documentCopies.id, id))
      .returning();
    await recordAudit(tx, {
      ...auditActor(actor, 'COPY_SIGN'),
      action: 'copy.signing',
      entityType: 'document_copy',
      entityId: id,
      data: { number: copyNumberAndSymbol(updated) },
    });
    return updated;
  });
  // After the commit: were the queue away, the copy stays SIGNING and the recovery sweep queues it (copies/recovery.ts).
  const { name, data, opts } = sealCopyJob(id);
  await signingQueue.add(name, data, opts);
  return view(row, actor);
}

function view(row: CopyRow, actor: Actor, recipients: CopyRecipientView[] = []) {
  const actions = [
    ...(row.state === 'AWAITING_SIGNATURE' && holdsIn(actor, row.organisationId, ['COPY_SIGN']) ? ['sign' as const] : []),
    ...(row.state === 'SIGNED' && !row.dispatchedAt && holdsIn(actor, row.organisationId, ['VAN_THU']) ? ['dispatch' as const] : []),
  ];
  return {
    id: row.id,
    organisationId: row.organisationId,
    form: row.form,
    source: { kind: row.sourceKind, id: row.sourceId },
    year: row.year,
    number: row.number,
    symbol: row.symbol,
    numberAndSymbol: copyNumberAndSymbol(row),
    state: row.state,
    secretAuthorisation: row.secretAuthorisation,
    createdAt: row.createdAt.toISOString(),
    signedAt: row.signedAt?.toISOString() ?? null,
    dispatchedAt: row.dispatchedAt?.toISOString() ?? null,
    recipients,
    allowedActions: actions,
  };
}
export type CopyView = ReturnType<typeof view>;

export async function getCopy(db: Db, actor: Actor, id: string) {
  const row = await requireCopy(db, actor, id);
  return view(row, actor, (await recipientsOf(db, [row.id])).get(row.id));
}

/** Copies of one document (its page lists them), or the copy register of the actor's organisations, newest first. */
/**
 * Whether the caller may make a copy of the document now (the page offers "Sao văn bản" only then): a document
 * it may open, issued or registered with a PDF, of an organisation whose clerk it is.
 */
async function mayCopy(db: Db, actor: Actor, source: CopySource): Promise<boolean> {
  try {
    return makesCopies(actor, (await sourceOf(db, actor, source)).organisationId);
  } catch (e) {
    if (e instanceof Problem) return false;
    throw e;
  }
}

export async function listCopies(db: Db, actor: Actor, filter: { source?: CopySource; year?: number }) {
  const may = filter.source ? await mayCopy(db, actor, filter.source) : false;
  const orgs = [
    ...new Set(
      actor.roles
        .filter((g) => ['VAN_THU', 'COPY_SIGN', 'LANH_DAO_CO_QUAN', 'CHANH_VAN_PHONG'].includes(g.role))
        .map((g) => g.organisationId),
    ),
  ];
  if (!orgs.length) return { items: [], mayCopy: may };
  const rows = await db
    .select()
    .from(documentCopies)
    .where(
      and(
        inArray(documentCopies.organisationId, orgs),
        await sourceReadable(db, actor),
        filter.source ? and(eq(documentCopies.sourceKind, filter.source.kind), eq(documentCopies.sourceId, filter.source.id)) : undefined,
        filter.year ? eq(documentCopies.year, filter.year) : undefined,
      ),
    )
    .orderBy(desc(documentCopies.year), asc(documentCopies.number));
  const recipients = await recipientsOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => view(r, actor, recipients.get(r.id))), mayCopy: may };
}

export interface CopyRecipientView {
  name: string;
  kind: string;
  organCode: string | null;
  route: 'INTERNAL' | 'EXCHANGE';
  incomingDocumentId: string | null;
  exchange: ExchangeStatusView | null;
}

/** Per copy: its recipients in order, with the internal record made or the exchange status of each. */
export async function recipientsOf(db: Db, copyIds: string[]): Promise<Map<string, CopyRecipientView[]>> {
  const out = new Map<string, CopyRecipientView[]>();
  if (!copyIds.length) return out;
  const rows = await db
    .select()
    .from(documentCopyRecipients)
    .where(inArray(documentCopyRecipients.copyId, copyIds))
    .orderBy(asc(documentCopyRecipients.ordinal));
  const exchange = await exchangeStatusesOf(db, copyIds, 'copyId');
  for (const r of rows) {
    const list = out.get(r.copyId) ?? [];
    list.push({
      name: r.name,
      kind: r.kind,
      organCode: r.organCode,
      route: r.route,
      incomingDocumentId: r.incomingDocumentId,
      exchange: (r.organCode && exchange.get(r.copyId)?.get(r.organCode)) || null,
    });
    out.set(r.copyId, list);
  }
  return out;
}

/** The signed copy (or, before signing, the content that will be signed) for download. */
export async function openCopyFile(db: Db, blobs: BlobStore, actor: Actor, id: string) {
  const row = await requireCopy(db, actor, id);
  const name = `${COPY_FORMS[row.form].caption} ${copyNumberAndSymbol(row).replace('/', '-')}.pdf`;
  return { stream: await blobs.get(row.signedSha256 ?? row.contentSha256), name, mediaType: mediaTypes.PDF };
}
