import { Readable } from 'node:stream';
import type { Queue } from 'bullmq';
import { and, asc, desc, eq, exists, ilike, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { auditActor, openAuditEntry, recordAudit } from '../audit/service';
import type { Db } from '../db/client';
import { forbidden, notFound } from '../http/problem';
import { organisations } from '../organisations/schema';
import { registers } from '../registers/schema';
import { allocateNumber, findRegister, registerYear } from '../registers/service';
import { readAll, type BlobStore } from '../storage/blob-store';
import { requireNotHeld } from '../legal-holds/check';
import { organisationsWhere, requireVisible, visibleTo } from './access';
import { enqueueTextExtraction } from './extraction';
import { enqueueAfterCommit } from '../queues/recovery';
import { proposeRegistration } from './proposal';
import { incomingSignatures } from '../signing/incoming-signatures';
import { exchangeOrigin } from '../exchange/received-documents';
import { oweStatusForIncoming } from '../exchange/statuses';
import { incomingAccessGrants } from './processing-schema';
import { insertDraft } from './drafts';
import { followForwarded } from './forwarding';
import { DISCARDABLE, processingView } from './processing-view';
import { checkFile, requireOne, type CheckedFile } from '../files/check';
import { discardUnreferenced, storeUploads } from '../files/blob-refs';
import { mediaTypes } from '../files/media-type';
import type { UploadedFile } from '../files/upload';
import { stampReceived } from './stamp';
import { INCOMING_MAIN_TYPES, wrapScannedMain } from './scanned-main';
import { incomingDocuments, incomingFiles, type channels } from './schema';
import type { RegistrationInput } from './validation';
import { problem } from '../http/problems';

type DocumentRow = typeof incomingDocuments.$inferSelect;

/** The organisation a clerk receives for: the one asked for, or the only one where they are VAN_THU. */
export function receivingOrganisation(actor: Actor, requested?: string): string {
  const clerkOf = organisationsWhere(actor, ['VAN_THU']);
  if (requested) {
    if (!clerkOf.includes(requested)) throw forbidden(`You are not a clerk (VAN_THU) of organisation ${requested}`);
    return requested;
  }
  if (clerkOf.length === 0) throw forbidden('Only a clerk (VAN_THU) can receive incoming documents');
  if (clerkOf.length > 1) {
    throw problem(
      'validation#you_are_a_clerk',
      {},
      { errors: [{ path: 'organisationId', message: 'required when clerk of several organisations' }] },
    );
  }
  return clerkOf[0];
}

/** Receives uploaded files as a draft (not yet registered) incoming document of the clerk's organisation. */
export async function createDraft(
  db: Db,
  blobs: BlobStore,
  extractionQueue: Queue,
  actor: Actor,
  input: { organisationId: string; channel: (typeof channels)[number]; receivedAt?: string },
  files: UploadedFile<'MAIN' | 'ATTACHMENT'>[],
) {
  requireOne(files, 'MAIN', 'main', 'upload.main_required#incoming');
  const main = await checkFile(files.find((f) => f.role === 'MAIN') as UploadedFile<'MAIN'>, INCOMING_MAIN_TYPES);
  const attachments = [];
  for (const f of files.filter((f) => f.role === 'ATTACHMENT')) attachments.push(await checkFile(f));
  const scan = await wrapScannedMain(main);
  try {
    return await storeDraft(db, blobs, extractionQueue, actor, input, [...scan.files, ...attachments]);
  } finally {
    await scan.discard();
  }
}

async function storeDraft(
  db: Db,
  blobs: BlobStore,
  extractionQueue: Queue,
  actor: Actor,
  input: { organisationId: string; channel: (typeof channels)[number]; receivedAt?: string },
  checked: (CheckedFile<'MAIN' | 'ATTACHMENT'> & { scanOriginal?: true })[],
) {
  const created = await storeUploads(db, blobs, checked, (stored) =>
    db.transaction(async (tx) => {
      const draft = await insertDraft(tx, actor, 'VAN_THU', input, stored);
      // Scanned images received at the desk go to OCR (through the extraction job, which wraps them into a PDF);
      // marked in the same transaction, so the mark is there whenever the document is.
      if (draft.imageFileIds.length)
        await tx.update(incomingFiles).set({ extractionState: 'PENDING' }).where(inArray(incomingFiles.id, draft.imageFileIds));
      return draft;
    }),
  );
  // The files' PENDING state is the durable mark: if Redis is unreachable, the recovery sweep queues the jobs later.
  await enqueueAfterCommit(() => enqueueTextExtraction(extractionQueue, created.pdfFileIds, created.imageFileIds));
  return getDocument(db, actor, created.id);
}

type RegisterRow = typeof registers.$inferSelect;

function summaryOf(doc: DocumentRow, register: RegisterRow | null | undefined) {
  return {
    id: doc.id,
    organisationId: doc.organisationId,
    status: doc.status,
    channel: doc.channel,
    receivedAt: doc.receivedAt.toISOString(),
    issuerName: doc.issuerName,
    issuerOrganCode: doc.issuerOrganCode,
    number: doc.number,
    symbol: doc.symbol,
    issueDate: doc.issueDate,
    documentType: doc.documentType,
    subject: doc.subject,
    signerName: doc.signerName,
    signerPosition: doc.signerPosition,
    signerAuthority: doc.signerAuthority,
    urgency: doc.urgency,
    secrecy: doc.secrecy,
    pageCount: doc.pageCount,
    dueDate: doc.dueDate,
    register:
      register && doc.arrivalYear !== null && doc.arrivalNumber !== null
        ? { id: register.id, name: register.name, scope: register.scope, year: doc.arrivalYear, number: doc.arrivalNumber }
        : null,
    registeredAt: doc.registeredAt?.toISOString() ?? null,
    sourceOutgoingId: doc.sourceOutgoingId,
    createdAt: doc.createdAt.toISOString(),
  };
}

/** The document as the actor sees it; `known` when the caller has just written it (its row and register). */
export async function getDocument(db: Db, actor: Actor, id: string, known?: { doc: DocumentRow; register: RegisterRow }) {
  const doc = known?.doc ?? (await requireVisible(db, actor, id));
  const register = known?.register ?? (doc.registerId ? await findRegister(db, doc.registerId) : null);
  const files = await db.select().from(incomingFiles).where(eq(incomingFiles.documentId, id)).orderBy(asc(incomingFiles.ordinal));
  return {
    ...summaryOf(doc, register),
    ...(await processingView(db, actor, doc)),
    files: files.map((f) => ({
      id: f.id,
      role: f.role,
      originalName: f.originalName,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
      pageCount: f.pageCount,
      extractionState: f.extractionState,
      // Made at registration, or rebuilt on download when missing (derived data).
      stamped: f.role === 'MAIN' && doc.arrivalNumber !== null,
      // Scripts or launch actions in the PDF as received: kept in the original, removed from every copy made.
      activeContent: f.activeContent,
    })),
    signatures: await incomingSignatures(db, id),
    exchange: await exchangeOrigin(db, doc),
  };
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// Vietnamese letters with diacritics → plain Latin, for search typed without diacritics ("ke hoach" finds
// "Kế hoạch"). SQL translate() works the same on PostgreSQL and PGlite and needs no extension or locale.
const VI_ACCENTED =
  'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ';
const VI_PLAIN =
  'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD';
const hasDiacritics = (q: string) => [...q.normalize('NFC')].some((c) => VI_ACCENTED.includes(c));
/** `column ILIKE pattern`, ignoring Vietnamese diacritics in the column when the query has none. */
const textMatch = (column: AnyColumn, like: string, plain: boolean): SQL =>
  plain ? sql`translate(${column}, ${VI_ACCENTED}, ${VI_PLAIN}) ilike ${like}` : ilike(column, like);

export async function listDocuments(
  db: Db,
  actor: Actor,
  filter: { status?: DocumentRow['status']; registerId?: string; year?: number; q?: string; limit: number; offset: number },
) {
  const conditions: (SQL | undefined)[] = [
    visibleTo(actor),
    filter.status ? eq(incomingDocuments.status, filter.status) : undefined,
    filter.registerId ? eq(incomingDocuments.registerId, filter.registerId) : undefined,
    filter.year ? eq(incomingDocuments.arrivalYear, filter.year) : undefined,
  ];
  if (filter.q) {
    const like = likePattern(filter.q);
    // Typed without diacritics: match with or without them; typed with them: match them exactly.
    const plain = !hasDiacritics(filter.q);
    conditions.push(
      or(
        textMatch(incomingDocuments.subject, like, plain),
        textMatch(incomingDocuments.issuerName, like, plain),
        ilike(incomingDocuments.symbol, like),
        ilike(incomingDocuments.number, like),
        textMatch(incomingDocuments.documentType, like, plain),
        exists(
          db
            .select({ one: sql`1` })
            .from(incomingFiles)
            .where(and(eq(incomingFiles.documentId, incomingDocuments.id), textMatch(incomingFiles.extractedText, like, plain))),
        ),
      ),
    );
  }
  const where = and(...conditions);
  const rows = await db
    .select({ doc: incomingDocuments, register: registers })
    .from(incomingDocuments)
    .leftJoin(registers, eq(registers.id, incomingDocuments.registerId))
    .where(where)
    .orderBy(desc(incomingDocuments.arrivalYear), desc(incomingDocuments.arrivalNumber), desc(incomingDocuments.createdAt))
    .limit(filter.limit)
    .offset(filter.offset);
  return { items: rows.map((r) => summaryOf(r.doc, r.register)), total: await db.$count(incomingDocuments, where) };
}

const fold = (s: string) => s.normalize('NFC').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, '');

/**
 * Issuer + số/ký hiệu + issue date, normalised as docs/domain.md §2.3 suggests (case, spaces, Đ/D, leading
 * zeros), so "05/QĐ-UBND" and "5/qd-ubnd" from the same issuer on the same day match.
 */
export function duplicateKey(d: { issuerName: string; number?: string; symbol?: string; issueDate: string }): string | null {
  if (!d.number && !d.symbol) return null;
  return [fold(d.issuerName), fold(d.number ?? '').replace(/^0+(?=\d)/, ''), fold(d.symbol ?? ''), d.issueDate].join('|');
}

const alreadyRegistered = (id: string) => problem('incoming.already_registered', { id });

/**
 * Registers (vào sổ) a draft: checks the register and likely duplicates, then takes the next số đến of the
 * register for the current Vietnamese calendar year in the same transaction that records it. The received stamp
 * is drawn on a copy of the main file by a job (`stampQueue`), not in the request: at ~55 ms of CPU it was most of
 * a registration's cost, and the clerks of an organisation waited for it on their register's counter. A copy
 * asked for before the job ran is drawn then (ensureStampedCopy), once.
 */
export async function registerDocument(db: Db, stampQueue: Queue, actor: Actor, id: string, input: RegistrationInput, now = new Date()) {
  const doc = await requireVisible(db, actor, id);
  if (!organisationsWhere(actor, ['VAN_THU']).includes(doc.organisationId))
    throw forbidden('Only a clerk (VAN_THU) of the receiving organisation registers documents');
  if (doc.status !== 'DRAFT') throw alreadyRegistered(id);
  if (doc.refusedAt) throw problem('incoming.refused', { id });
  if (doc.revokedAt) throw problem('incoming.revoked', { id, reason: doc.revokedReason ?? '' });
  const register = await findRegister(db, input.registerId);
  if (!register || register.organisationId !== doc.organisationId || register.direction !== 'DEN' || !register.active) {
    throw problem(
      'validation#register_is_not_an',
      { registerId: input.registerId },
      { errors: [{ path: 'registerId', message: 'not an incoming register of the receiving organisation' }] },
    );
  }
  const secret = input.secrecy !== 'KHONG';
  if (secret !== (register.scope === 'SECRET')) {
    throw problem(
      secret ? 'incoming.register_scope#secret_document' : 'incoming.register_scope#ordinary_document',
      {},
      {
        errors: [{ path: 'registerId', message: secret ? 'needs a SECRET register' : 'SECRET register is for secret documents' }],
      },
    );
  }
  const key = duplicateKey(input);
  const duplicates = key
    ? await db
        .select({
          id: incomingDocuments.id,
          arrivalNumber: incomingDocuments.arrivalNumber,
          arrivalYear: incomingDocuments.arrivalYear,
          subject: incomingDocuments.subject,
        })
        .from(incomingDocuments)
        .where(
          and(
            eq(incomingDocuments.organisationId, doc.organisationId),
            eq(incomingDocuments.duplicateKey, key),
            ne(incomingDocuments.id, id),
          ),
        )
    : [];
  if (duplicates.length > 0 && !input.confirmDuplicate) {
    const label = input.number || input.symbol ? `${input.number ?? ''}/${input.symbol ?? ''}` : '';
    throw problem(
      'incoming.probable_duplicate',
      { label, issuerName: input.issuerName, issueDate: input.issueDate, duplicates: duplicates.map((d) => d.id).join(', ') },
      {
        errors: duplicates.map((d) => ({
          path: 'duplicateOf',
          message: `${d.id}: số đến ${d.arrivalNumber ?? '—'}/${d.arrivalYear ?? '—'} — ${d.subject ?? ''}`,
        })),
      },
    );
  }
  const year = registerYear(now);
  const registered = await db.transaction(async (tx) => {
    // In the transaction that writes, as every path that changes a held item does.
    await requireNotHeld(tx, { documents: [{ kind: 'INCOMING', id }] });
    // The registering clerk keeps access to a secret document (others need a grant or an assignment).
    await tx.insert(incomingAccessGrants).values({ documentId: id, userId: actor.userId, grantedBy: actor.userId }).onConflictDoNothing();
    const audit = await openAuditEntry(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'incoming.register',
      entityType: 'incoming_document',
      entityId: id,
    });
    // The number last: from here to the commit every other clerk of the register waits for this transaction.
    const number = await allocateNumber(tx, register.id, year);
    const [updated] = await tx
      .update(incomingDocuments)
      .set({
        status: 'REGISTERED',
        issuerName: input.issuerName,
        issuerOrganCode: input.issuerOrganCode ?? null,
        number: input.number ?? null,
        symbol: input.symbol ?? null,
        issueDate: input.issueDate,
        documentType: input.documentType,
        subject: input.subject,
        signerName: input.signerName ?? null,
        signerPosition: input.signerPosition ?? null,
        signerAuthority: input.signerAuthority ?? null,
        urgency: input.urgency,
        secrecy: input.secrecy,
        pageCount: input.pageCount ?? doc.pageCount,
        dueDate: input.dueDate ?? null,
        channel: input.channel ?? doc.channel,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : doc.receivedAt,
        duplicateKey: key,
        registerId: register.id,
        arrivalYear: year,
        arrivalNumber: number,
        registeredAt: now,
        registeredBy: actor.userId,
      })
      // Two clerks registering the same draft at once: the loser rolls back and its number is not used.
      .where(and(eq(incomingDocuments.id, id), eq(incomingDocuments.status, 'DRAFT')))
      .returning();
    if (!updated) throw alreadyRegistered(id);
    await audit({ registerId: register.id, year, number, duplicateOf: duplicates.map((d) => d.id) });
    // Received over the exchange: the sender is told "Đã tiếp nhận" with the số đến (status 03).
    await oweStatusForIncoming(tx, id, '03', `Văn thư đã tiếp nhận, số đến ${number}`);
    // Handed down by another organisation: its line for information is done once registered here.
    await followForwarded(tx, id);
    return updated;
  });
  // Redis down: the copy is drawn when first asked for.
  await enqueueAfterCommit(() => enqueueStamp(stampQueue, id));
  return getDocument(db, actor, id, { doc: registered, register });
}

export const STAMP_JOB = 'stamp-received';
export interface StampJob {
  documentId: string;
}
/** One job per document (its id from the document's), retried with backoff; running it twice draws nothing twice. */
export const enqueueStamp = (queue: Queue, documentId: string) =>
  queue.add(STAMP_JOB, { documentId } satisfies StampJob, {
    jobId: `stamp-${documentId}`,
    attempts: 4,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  });

/**
 * Huỷ văn bản tải lên nhầm: the clerk removes a draft of their own intake (paper, e-mail, by hand) that was
 * never registered, with a reason. The audit log keeps what it was (metadata, files and their hashes); its
 * rows go, and each stored file with them unless another record uses the same bytes. What another system or
 * organisation sent cannot be discarded: the clerk refuses it, so the sender knows.
 */
export async function discardDraft(db: Db, blobs: BlobStore, actor: Actor, id: string, reason: string) {
  const doc = await requireVisible(db, actor, id);
  if (!organisationsWhere(actor, ['VAN_THU']).includes(doc.organisationId))
    throw forbidden('Only a clerk (VAN_THU) of the receiving organisation discards an upload');
  if (doc.status !== 'DRAFT') throw alreadyRegistered(id);
  if (!DISCARDABLE.includes(doc.channel)) {
    throw problem('incoming.not_discardable', { channel: doc.channel });
  }
  const hashes = await db.transaction(async (tx) => {
    await requireNotHeld(tx, { documents: [{ kind: 'INCOMING', id }] });
    const files = await tx.select().from(incomingFiles).where(eq(incomingFiles.documentId, id));
    const [deleted] = await tx
      .delete(incomingDocuments)
      .where(and(eq(incomingDocuments.id, id), eq(incomingDocuments.status, 'DRAFT')))
      .returning({ id: incomingDocuments.id });
    if (!deleted) throw alreadyRegistered(id);
    await recordAudit(tx, {
      ...auditActor(actor, 'VAN_THU'),
      action: 'incoming.discard',
      entityType: 'incoming_document',
      entityId: id,
      data: {
        reason,
        organisationId: doc.organisationId,
        channel: doc.channel,
        receivedAt: doc.receivedAt.toISOString(),
        subject: doc.subject,
        files: files.map((f) => ({ role: f.role, name: f.originalName, sha256: f.sha256, size: f.size })),
      },
    });
    return files.flatMap((f) => [f.sha256, f.stampedSha256, f.ocrSha256].filter((h): h is string => !!h));
  });
  await discardUnreferenced(db, blobs, hashes);
}

/**
 * Makes the stamped copy of a registered document's main file if it is missing, and returns its hash.
 * Derived data (rebuilt from the original and the register entry), so it is not audited; the download
 * route calls this too, so a stamp that failed right after registration is made on first request.
 */
export async function ensureStampedCopy(db: Db, blobs: BlobStore, documentId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ file: incomingFiles, doc: incomingDocuments, organisationName: organisations.name })
    .from(incomingFiles)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, incomingFiles.documentId))
    .innerJoin(organisations, eq(organisations.id, incomingDocuments.organisationId))
    .where(and(eq(incomingFiles.documentId, documentId), eq(incomingFiles.role, 'MAIN')));
  if (!row || row.doc.arrivalNumber === null) return undefined;
  if (row.file.stampedSha256 && (await blobs.has(row.file.stampedSha256))) return row.file.stampedSha256;
  const original = await readAll(await blobs.get(row.file.sha256));
  const stamped = await stampReceived(original, {
    organisationName: row.organisationName,
    arrivalNumber: row.doc.arrivalNumber,
    receivedAt: row.doc.receivedAt,
  });
  const { sha256 } = await blobs.put(Readable.from([Buffer.from(stamped.pdf)]));
  // The job and a first download may draw it at once: the first copy recorded is the one kept and served.
  const [kept] = await db
    .update(incomingFiles)
    .set({ stampedSha256: sha256 })
    .where(
      and(
        eq(incomingFiles.id, row.file.id),
        or(isNull(incomingFiles.stampedSha256), eq(incomingFiles.stampedSha256, row.file.stampedSha256 ?? '')),
      ),
    )
    .returning({ sha256: incomingFiles.stampedSha256 });
  if (kept) return sha256;
  const [now] = await db.select({ sha256: incomingFiles.stampedSha256 }).from(incomingFiles).where(eq(incomingFiles.id, row.file.id));
  return now.sha256 ?? sha256;
}

async function requireFile(db: Db, actor: Actor, documentId: string, fileId: string) {
  const doc = await requireVisible(db, actor, documentId);
  const [file] = await db
    .select()
    .from(incomingFiles)
    .where(and(eq(incomingFiles.id, fileId), eq(incomingFiles.documentId, documentId)));
  if (!file) throw notFound(`File ${fileId}`, 'tệp');
  return { doc, file };
}

/** A file's bytes for download: the original, or (main file of a registered document) the stamped copy. */
export async function openFile(
  db: Db,
  blobs: BlobStore,
  actor: Actor,
  documentId: string,
  fileId: string,
  variant: 'original' | 'stamped',
) {
  const { doc, file } = await requireFile(db, actor, documentId, fileId);
  if (variant === 'original') return { stream: await blobs.get(file.sha256), name: file.originalName, mediaType: file.mediaType };
  const sha = file.role === 'MAIN' ? await ensureStampedCopy(db, blobs, documentId) : undefined;
  if (!sha) {
    throw problem('incoming.not_stamped');
  }
  const base = file.originalName.replace(/\.pdf$/i, '');
  return { stream: await blobs.get(sha), name: `${base} - ĐẾN ${doc.arrivalNumber}.pdf`, mediaType: mediaTypes.PDF };
}

/** Progress and result of the text extraction of one file (the text itself only as its length). */
export async function getExtraction(db: Db, actor: Actor, documentId: string, fileId: string) {
  const { file } = await requireFile(db, actor, documentId, fileId);
  return {
    state: file.extractionState,
    pageCount: file.pageCount,
    error: file.extractionError,
    extractedAt: file.extractedAt?.toISOString() ?? null,
    textLength: file.extractedText?.length ?? null,
    ocr: file.ocrState
      ? { state: file.ocrState, error: file.ocrError, at: file.ocrAt?.toISOString() ?? null, searchablePdf: !!file.ocrSha256 }
      : null,
  };
}

/** The searchable PDF made by OCR (text layer added, pages straightened); the original stays as received. */
export async function openSearchableFile(db: Db, blobs: BlobStore, actor: Actor, documentId: string, fileId: string) {
  const { file } = await requireFile(db, actor, documentId, fileId);
  if (!file.ocrSha256) {
    throw problem('incoming.no_ocr');
  }
  const base = file.originalName.replace(/\.(pdf|png|jpe?g)$/i, '');
  return { stream: await blobs.get(file.ocrSha256), name: `${base} - OCR.pdf`, mediaType: mediaTypes.PDF };
}

/**
 * Registration fields proposed from the main file's text (its text layer, or OCR of a scan), for the clerk to
 * confirm: số/ký hiệu, date, issuer (matched to an organisation on this system when it is one), type, subject.
 */
export async function registrationProposal(db: Db, actor: Actor, documentId: string) {
  const doc = await requireVisible(db, actor, documentId);
  const [main] = await db
    .select({ text: incomingFiles.extractedText, ocr: incomingFiles.ocrState })
    .from(incomingFiles)
    .where(and(eq(incomingFiles.documentId, documentId), eq(incomingFiles.role, 'MAIN')));
  // What the sender's system stated (internal dispatch, the exchange) is the record; the text never overrides it.
  const stated = {
    number: doc.number,
    symbol: doc.symbol,
    issueDate: doc.issueDate,
    issuerName: doc.issuerName,
    documentType: doc.documentType,
    subject: doc.subject,
  };
  const fromSender = Object.values(stated).some((v) => v !== null);
  if (!main?.text) return { source: fromSender ? ('SENDER' as const) : null, ...stated };
  // Known issuers: the organisation tree, and the issuers this organisation's registers already hold.
  const [tree, seen] = await Promise.all([
    db.select({ name: organisations.name }).from(organisations),
    db
      .selectDistinct({ name: incomingDocuments.issuerName })
      .from(incomingDocuments)
      .where(and(eq(incomingDocuments.organisationId, doc.organisationId), sql`${incomingDocuments.issuerName} is not null`)),
  ]);
  const known = [...new Set([...tree.map((o) => o.name), ...seen.map((o) => o.name!)])];
  const read = proposeRegistration(main.text, known);
  if (!fromSender) return { source: main.ocr === 'DONE' ? ('OCR' as const) : ('TEXT' as const), ...read };
  const merged = Object.fromEntries(Object.entries(stated).map(([k, v]) => [k, v ?? read[k as keyof typeof stated]])) as typeof stated;
  // What the sender stated is not a reading: no confidence for it.
  const confidence = Object.fromEntries(
    Object.entries(stated).map(([k, v]) => [k, v === null ? read.confidence[k as keyof typeof stated] : null]),
  ) as typeof read.confidence;
  return { source: 'SENDER' as const, ...merged, confidence };
}
