import { UnrecoverableError, type Queue } from 'bullmq';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db, Tx } from '../db/client';
import type { Notifier } from '../notifications/notifier';
import { organisations } from '../organisations/schema';
import { documentTypeOf, formatNumber, numberAndSymbol } from '../outgoing/document-types';
import { issuedFiles } from '../outgoing/issued-copy';
import { outgoingDocuments, outgoingRecipients } from '../outgoing/schema';
import type { SigningDeps } from '../signing/deps';
import { readAll, type BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { vietnamIso } from '../calendar/vietnam-time';
import { buildDocumentId, buildDocumentPackage, parsePackage, type DocumentPackage, type StatusPackage } from './edxml';
import { exchangeOutbox, exchangeOutboxEvents, type OutboxStatus, type PreparedPackage } from './outbox-schema';
import { ExchangeTransportError, parseAgencyCredentials, type ExchangeTransport } from './transport';

/**
 * Which recipients of a dispatch go over the axis. Only when the exchange is on (EXCHANGE_HUB_URL) and the
 * issuing organisation is one this installation speaks for (EXCHANGE_AGENCIES). Then: EXTERNAL recipients with
 * an organ code, and (EXCHANGE_ORGANISATIONS=remote) organisation and unit recipients whose organisation's organ
 * code is not one of ours, i.e. organisations known here (seeded) but served by another installation.
 * Recipients with one of our own organ codes stay internal. With the exchange off nothing changes.
 */
export interface ExchangeRouting {
  served: ReadonlySet<string>;
  organisations: 'remote' | 'none';
}

export interface ExchangeDispatch {
  routing: ExchangeRouting;
  queue: Queue;
  retry: SendRetry;
}

export interface SendRetry {
  attempts: number;
  delayMs: number;
}

export function exchangeRouting(config: Config): ExchangeRouting | undefined {
  if (!config.EXCHANGE_HUB_URL) return undefined;
  return { served: new Set(parseAgencyCredentials(config.EXCHANGE_AGENCIES).keys()), organisations: config.EXCHANGE_ORGANISATIONS };
}

export const sendRetry = (config: Config): SendRetry => ({
  attempts: config.EXCHANGE_SEND_ATTEMPTS,
  delayMs: config.EXCHANGE_RETRY_DELAY_MS,
});

export function goesOverExchange(
  routing: ExchangeRouting,
  senderOrganCode: string | null,
  r: { kind: string; organCode: string | null },
): boolean {
  if (!senderOrganCode || !routing.served.has(senderOrganCode) || !r.organCode || routing.served.has(r.organCode)) return false;
  return r.kind === 'EXTERNAL' || routing.organisations === 'remote';
}

type OrgRow = typeof organisations.$inferSelect;
type DocRow = typeof outgoingDocuments.$inferSelect;
type RecipientRow = typeof outgoingRecipients.$inferSelect;

export const edxmlDocumentIdOf = (org: Pick<OrgRow, 'organCode'>, doc: Pick<DocRow, 'issueDate' | 'issuedNumber' | 'symbol'>) =>
  buildDocumentId(org.organCode!, doc.issueDate!, formatNumber(doc.issuedNumber!), doc.symbol!);

/** Idempotency key on the axis: the same document to the same receiver is one message, however often it is sent. */
export const exchangeMessageId = (edxmlDocumentId: string, receiver: string) => `edoc:${edxmlDocumentId}:${receiver}`;

/**
 * In the dispatch transaction: the outbox row of one receiver (QUEUED, with its first history event). Several
 * recipients with the same organ code share one row. Returns the new row's id, undefined if it existed.
 */
export async function queueForExchange(tx: Tx, doc: DocRow, org: OrgRow, r: RecipientRow): Promise<string | undefined> {
  return queueRow(tx, { documentId: doc.id }, org, r, edxmlDocumentIdOf(org, doc));
}

/** The same for a package prepared at dispatch (a signed copy, copies/dispatch.ts). */
export async function queuePreparedForExchange(
  tx: Tx,
  copyId: string,
  org: OrgRow,
  r: Pick<RecipientRow, 'organCode' | 'name'>,
  edxmlDocumentId: string,
  prepared: PreparedPackage,
) {
  return queueRow(tx, { copyId, prepared }, org, r, edxmlDocumentId);
}

async function queueRow(
  tx: Tx,
  subject: Pick<typeof exchangeOutbox.$inferInsert, 'documentId' | 'copyId' | 'prepared'>,
  org: OrgRow,
  r: Pick<RecipientRow, 'organCode' | 'name'>,
  edxmlDocumentId: string,
) {
  const [row] = await tx
    .insert(exchangeOutbox)
    .values({
      ...subject,
      organisationId: org.id,
      senderOrganCode: org.organCode!,
      receiverOrganCode: r.organCode!,
      receiverName: r.name,
      edxmlDocumentId,
      messageId: exchangeMessageId(edxmlDocumentId, r.organCode!),
    })
    .onConflictDoNothing()
    .returning({ id: exchangeOutbox.id });
  if (!row) return undefined;
  await tx.insert(exchangeOutboxEvents).values({ outboxId: row.id, status: 'QUEUED' });
  return row.id;
}

export const SEND_DOCUMENT_JOB = 'send-document';
export const POLL_STATUSES_JOB = 'poll-statuses';
export interface SendDocumentJob {
  outboxId: string;
}
export const sendJobId = (outboxId: string) => `send-${outboxId}`;

/** One job per outbox row (its id is the job id, so queuing twice is harmless), retried with exponential backoff. */
export const sendJobs = (outboxIds: string[], retry: SendRetry) =>
  outboxIds.map((outboxId) => ({
    name: SEND_DOCUMENT_JOB,
    data: { outboxId } satisfies SendDocumentJob,
    opts: {
      jobId: sendJobId(outboxId),
      attempts: retry.attempts,
      backoff: { type: 'exponential' as const, delay: retry.delayMs },
      removeOnComplete: 1000,
      removeOnFail: false,
    },
  }));

export async function enqueueExchangeSends(queue: Queue, outboxIds: string[], retry: SendRetry): Promise<void> {
  await queue.addBulk(sendJobs(outboxIds, retry));
}

export const URGENCY_PRIORITY = { THUONG: 0, KHAN: 1, THUONG_KHAN: 2, HOA_TOC: 3 } as const;
/** Nghị quyết, quyết định, chỉ thị, quy chế, quy định: DocumentType 1; other administrative documents 2 (docs/domain.md §2.1). */
const NORMATIVE = new Set(['NQ', 'QD', 'CT', 'QC', 'QYD']);

/**
 * The edXML document package of an issued document for one receiver: metadata, the sealed signed PDF first, then the
 * attachments. The same bytes on every attempt (the trace is stamped with the time the send was queued): the axis
 * takes a retry of a message id only with the bytes it already holds.
 */
export async function documentPackageFor(db: Db, blobs: BlobStore, row: typeof exchangeOutbox.$inferSelect): Promise<DocumentPackage> {
  if (row.prepared) return preparedPackage(db, blobs, row, row.prepared);
  const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, row.documentId!));
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const [signer] = doc.signerId ? await db.select().from(users).where(eq(users.id, doc.signerId)) : [];
  const issued = await issuedFiles(db, blobs, doc);
  if (!issued) throw new UnrecoverableError(`Document ${doc.id} has no issued copy to send`);
  const recipients = await db
    .select({ name: outgoingRecipients.name })
    .from(outgoingRecipients)
    .where(eq(outgoingRecipients.documentId, doc.id))
    .orderBy(asc(outgoingRecipients.ordinal));
  const attachments = [];
  for (const [i, f] of issued.files.entries()) {
    attachments.push({
      contentId: `${row.id}-${i}`,
      name: f.originalName,
      contentType: f.mediaType,
      description: f.role === 'MAIN' ? 'Văn bản chính' : 'Tệp đính kèm',
      data: await readAll(await blobs.get(f.sha256)),
    });
  }
  return {
    from: { organId: row.senderOrganCode, organName: org.name },
    to: [{ organId: row.receiverOrganCode, organName: row.receiverName }],
    codeNumber: formatNumber(doc.issuedNumber!),
    codeNotation: doc.symbol!,
    place: org.placeName,
    promulgationDate: doc.issueDate!,
    documentType: { type: NORMATIVE.has(doc.documentType) ? 1 : 2, typeName: documentTypeOf(doc.documentType)?.name ?? doc.documentType },
    subject: doc.subject,
    signer: { position: signer?.position ?? '', fullName: signer?.fullName ?? '' },
    toPlaces: recipients.map((r) => r.name),
    priority: URGENCY_PRIORITY[doc.urgency],
    steeringType: 0,
    documentId: row.edxmlDocumentId,
    business: { docType: 0, reason: 'Văn bản điện tử mới', paper: doc.paperSignature ? 1 : 0 },
    traces: [{ organId: row.senderOrganCode, timestamp: vietnamIso(row.queuedAt) }],
    attachments,
  };
}

/** A prepared package (a copy's): its metadata and files as fixed at dispatch, the same bytes on every attempt. */
async function preparedPackage(
  db: Db,
  blobs: BlobStore,
  row: typeof exchangeOutbox.$inferSelect,
  prepared: PreparedPackage,
): Promise<DocumentPackage> {
  const attachments = [];
  for (const [i, f] of prepared.files.entries()) {
    attachments.push({
      contentId: `${row.id}-${i}`,
      name: f.name,
      contentType: f.contentType,
      description: f.description,
      data: await readAll(await blobs.get(f.sha256)),
    });
  }
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.organisationId));
  return {
    ...prepared.metadata,
    from: { organId: row.senderOrganCode, organName: org.name },
    to: [{ organId: row.receiverOrganCode, organName: row.receiverName }],
    documentId: row.edxmlDocumentId,
    traces: [{ organId: row.senderOrganCode, timestamp: vietnamIso(row.queuedAt) }],
    attachments,
  };
}

export interface ExchangeDeps {
  db: Db;
  blobs: BlobStore;
  signing: SigningDeps;
  transports: Map<string, ExchangeTransport>;
  notifier: Notifier;
  maxPackageBytes: number;
  log: Logger;
}

async function recordEvent(
  tx: Db | Tx,
  outboxId: string,
  status: OutboxStatus,
  extra: Partial<typeof exchangeOutboxEvents.$inferInsert> = {},
) {
  await tx.insert(exchangeOutboxEvents).values({ outboxId, status, ...extra });
}

/**
 * The send job: builds the package, signs it with the organisation's seal key and hands it to the axis. Safe to
 * run twice: the message id is the same on every attempt, so the axis answers with the first hub id and
 * delivers once. Errors the axis says will not change (unknown receiver, too large) stop retrying.
 */
export async function sendOutboxItem(deps: ExchangeDeps, outboxId: string, attempt: number) {
  const [row] = await deps.db.select().from(exchangeOutbox).where(eq(exchangeOutbox.id, outboxId));
  if (!row) return { skipped: 'gone' as const };
  if (row.status !== 'QUEUED' && row.status !== 'FAILED') return { skipped: row.status };
  const transport = deps.transports.get(row.senderOrganCode);
  if (!transport)
    throw new UnrecoverableError(`This installation has no exchange credentials for ${row.senderOrganCode} (EXCHANGE_AGENCIES)`);
  try {
    const pkg = await documentPackageFor(deps.db, deps.blobs, row);
    const key = await deps.signing.keys.unlockOrganisation(row.organisationId, deps.signing.sealPassphrase);
    const bytes = await buildDocumentPackage(pkg, key);
    if (bytes.length > deps.maxPackageBytes)
      throw new UnrecoverableError(`The package is ${bytes.length} bytes, over EXCHANGE_MAX_PACKAGE_MB`);
    const { id: hubId } = await transport.send({ type: 'edoc', messageId: row.messageId, to: [row.receiverOrganCode], package: bytes });
    await deps.db.transaction(async (tx) => {
      const moved = await tx
        .update(exchangeOutbox)
        .set({ status: 'SENT', hubId, sentAt: new Date(), attempts: attempt, lastError: null, updatedAt: new Date() })
        .where(and(eq(exchangeOutbox.id, outboxId), inArray(exchangeOutbox.status, ['QUEUED', 'FAILED'])))
        .returning({ id: exchangeOutbox.id });
      if (moved.length) await recordEvent(tx, outboxId, 'SENT', { description: `hub ${hubId}, ${bytes.length} bytes` });
    });
    return { sent: hubId, bytes: bytes.length };
  } catch (err) {
    const e = err as Error;
    const final = err instanceof UnrecoverableError || (err instanceof ExchangeTransportError && !err.retryable);
    await deps.db
      .update(exchangeOutbox)
      .set({ attempts: attempt, lastError: e.message, updatedAt: new Date() })
      .where(eq(exchangeOutbox.id, outboxId));
    if (final) {
      await markSendFailed(deps, outboxId, e.message);
      throw err instanceof UnrecoverableError ? err : new UnrecoverableError(e.message);
    }
    throw err;
  }
}

/** The send job gave up (last attempt, or a refusal by the axis): FAILED with the reason, and the author told. */
export async function markSendFailed(deps: Pick<ExchangeDeps, 'db' | 'notifier'>, outboxId: string, reason: string) {
  const row = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(exchangeOutbox)
      .set({ status: 'FAILED', lastError: reason, updatedAt: new Date() })
      .where(and(eq(exchangeOutbox.id, outboxId), eq(exchangeOutbox.status, 'QUEUED')))
      .returning();
    if (row) await recordEvent(tx, outboxId, 'FAILED', { description: reason });
    return row;
  });
  if (row) await tellAuthor(deps, row, 'FAILED', reason);
}

/** Put a FAILED row back to QUEUED (admin retry); the job itself is retried or re-added by the caller. */
export async function requeueOutboxItem(db: Db, outboxId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(exchangeOutbox)
      .set({ status: 'QUEUED', updatedAt: new Date() })
      .where(and(eq(exchangeOutbox.id, outboxId), eq(exchangeOutbox.status, 'FAILED')))
      .returning({ id: exchangeOutbox.id });
    if (moved.length) await recordEvent(tx, outboxId, 'QUEUED', { description: 'retried' });
    return moved.length > 0;
  });
}

/** Receiver's status code → outbox status (docs/domain.md §6.4); 13/15/16 concern take-back and updates and move nothing. */
const STATUS_OF_CODE: Record<string, OutboxStatus | undefined> = {
  '01': 'RECEIVED',
  '02': 'REFUSED',
  '03': 'REGISTERED',
  '04': 'ASSIGNED',
  '05': 'IN_PROGRESS',
  '06': 'COMPLETED',
};
/** Progress order: a status never moves a row backwards; REFUSED and COMPLETED are final. */
const RANK: Record<OutboxStatus, number> = {
  QUEUED: 0,
  FAILED: 0,
  SENT: 1,
  RECEIVED: 2,
  REGISTERED: 3,
  ASSIGNED: 4,
  IN_PROGRESS: 5,
  COMPLETED: 9,
  REFUSED: 9,
};

const STATUS_TEXT: Record<OutboxStatus, [string, string]> = {
  QUEUED: ['Chờ gửi', 'Queued'],
  SENT: ['Đã gửi lên trục', 'Sent to the exchange'],
  FAILED: ['Gửi không thành công', 'Sending failed'],
  RECEIVED: ['Đã đến', 'Received'],
  REGISTERED: ['Đã tiếp nhận', 'Registered'],
  ASSIGNED: ['Đã phân công', 'Assigned'],
  IN_PROGRESS: ['Đang xử lý', 'In progress'],
  COMPLETED: ['Hoàn thành', 'Completed'],
  REFUSED: ['Từ chối tiếp nhận', 'Refused'],
};

/** The author of an outgoing document, or whom a prepared package names (the clerk who dispatched a copy). */
async function tellAuthor(
  deps: Pick<ExchangeDeps, 'db' | 'notifier'>,
  row: typeof exchangeOutbox.$inferSelect,
  status: OutboxStatus,
  reason?: string | null,
) {
  const [doc] = row.documentId ? await deps.db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, row.documentId)) : [];
  const to =
    row.prepared?.notify ??
    (doc && { userId: doc.authorId, label: numberAndSymbol(doc.issuedNumber!, doc.symbol!), link: `/outgoing/${doc.id}` });
  if (!to) return;
  const [vi, en] = STATUS_TEXT[status];
  const label = to.label;
  await deps.notifier.send([
    {
      userId: to.userId,
      kind: 'outgoing.exchange',
      titleVi: `${label} — ${row.receiverName}: ${vi}${reason ? ` (${reason})` : ''}`,
      titleEn: `${label} — ${row.receiverName}: ${en}${reason ? ` (${reason})` : ''}`,
      link: to.link,
      dedupeKey: `exchange:${row.id}:${status}`,
    },
  ]);
}

/**
 * Applies one status package (by its DocumentId and the reporting receiver, for the sender `senderOrganCode`).
 * A duplicate (same hub id) is recorded once; an older status than the row's is recorded but does not move it.
 */
export async function applyStatusPackage(
  deps: Pick<ExchangeDeps, 'db' | 'notifier'>,
  senderOrganCode: string,
  status: StatusPackage,
  hubMessageId: string,
) {
  const outcome = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(exchangeOutbox)
      .where(
        and(
          eq(exchangeOutbox.edxmlDocumentId, status.responseFor.documentId),
          eq(exchangeOutbox.receiverOrganCode, status.from.organId),
          eq(exchangeOutbox.senderOrganCode, senderOrganCode),
        ),
      )
      .for('update');
    if (!row) return { result: 'unknown_document' as const };
    const next = STATUS_OF_CODE[status.statusCode];
    const moves = next !== undefined && RANK[next] > RANK[row.status];
    const inserted = await tx
      .insert(exchangeOutboxEvents)
      .values({
        outboxId: row.id,
        status: next ?? row.status,
        statusCode: status.statusCode,
        description: status.description,
        staff: status.staff ?? null,
        hubMessageId,
        applied: moves,
        occurredAt: new Date(status.timestamp),
      })
      .onConflictDoNothing()
      .returning({ id: exchangeOutboxEvents.id });
    if (!inserted.length) return { result: 'duplicate' as const };
    if (!moves) return { result: 'recorded' as const };
    const [updated] = await tx
      .update(exchangeOutbox)
      .set({
        status: next,
        statusCode: status.statusCode,
        reason: next === 'REFUSED' ? status.description : row.reason,
        // A status proves the package arrived, even if the send job had not recorded it yet.
        sentAt: row.sentAt ?? sql`now()`,
        updatedAt: new Date(),
      })
      .where(eq(exchangeOutbox.id, row.id))
      .returning();
    return { result: 'applied' as const, row: updated, next: next! };
  });
  if (outcome.result === 'applied')
    await tellAuthor(deps, outcome.row, outcome.next, outcome.next === 'REFUSED' ? outcome.row.reason : null);
  return outcome.result;
}

/**
 * The repeatable poll: status packages waiting for each of our agencies, each verified and parsed, applied, and
 * acknowledged only after the change is committed (a crash in between re-applies it, which is harmless).
 * A package that does not parse is acknowledged too, or it would block the queue forever; it is logged.
 */
export async function pollStatuses(deps: ExchangeDeps) {
  const counts = { applied: 0, duplicate: 0, recorded: 0, unknown_document: 0, rejected: 0 };
  const trust = await deps.signing.trustStore();
  for (const transport of deps.transports.values()) {
    for (const m of await transport.pending('status', 100)) {
      const bytes = await transport.fetch(m.id);
      const parsed = await parsePackage(bytes, { maxBytes: deps.maxPackageBytes, trust });
      if (!parsed.ok || parsed.pkg.kind !== 'status') {
        counts.rejected++;
        deps.log.warn(
          { hubId: m.id, from: m.from, code: parsed.ok ? 'not_a_status' : parsed.code, reason: parsed.ok ? undefined : parsed.reasonEn },
          'status package refused',
        );
      } else {
        counts[await applyStatusPackage(deps, transport.organId, parsed.pkg.value, m.id)]++;
      }
      await transport.ack(m.id);
    }
  }
  return counts;
}

export interface ExchangeStatusView {
  status: OutboxStatus;
  statusCode: string | null;
  reason: string | null;
  lastError: string | null;
  sentAt: string | null;
  updatedAt: string;
  history: { status: OutboxStatus; statusCode: string | null; description: string | null; at: string; applied: boolean }[];
}

/**
 * Per outgoing document (or, `of: 'copyId'`, per copy): receiver organ code → its exchange status and history (in
 * the order we learnt it; `at` is the receiver's time), for the outgoing page and register and the copies.
 */
export async function exchangeStatusesOf(
  db: Db,
  ids: string[],
  of: 'documentId' | 'copyId' = 'documentId',
): Promise<Map<string, Map<string, ExchangeStatusView>>> {
  const out = new Map<string, Map<string, ExchangeStatusView>>();
  if (!ids.length) return out;
  const rows = await db.select().from(exchangeOutbox).where(inArray(exchangeOutbox[of], ids));
  const events = rows.length
    ? await db
        .select()
        .from(exchangeOutboxEvents)
        .where(
          inArray(
            exchangeOutboxEvents.outboxId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(exchangeOutboxEvents.recordedAt))
    : [];
  for (const r of rows) {
    const key = r[of]!;
    const perDoc = out.get(key) ?? new Map<string, ExchangeStatusView>();
    perDoc.set(r.receiverOrganCode, {
      status: r.status,
      statusCode: r.statusCode,
      reason: r.reason,
      lastError: r.lastError,
      sentAt: r.sentAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
      history: events
        .filter((e) => e.outboxId === r.id)
        .map((e) => ({
          status: e.status,
          statusCode: e.statusCode,
          description: e.description,
          at: e.occurredAt.toISOString(),
          applied: e.applied,
        })),
    });
    out.set(key, perDoc);
  }
  return out;
}
