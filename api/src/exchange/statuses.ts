import { UnrecoverableError, type Queue } from 'bullmq';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { Problem } from '../http/problem';
import type { SigningDeps } from '../signing/deps';
import { buildStatusPackage, EDXML_DOCUMENT_ID_RE, type EdxmlDocumentRef, type StatusCode } from './edxml';
import { exchangeInbox, exchangeStatusesSent } from './inbox-schema';
import { ExchangeTransportError, type ExchangeTransport } from './transport';
import { organisations } from '../organisations/schema';

/**
 * Status packages we send back to the sender of a received document (docs/domain.md §6.4): 01 on receipt, 02 on
 * refusal (with the reason), 03 on registration, 04 on assignment, 05 when work starts, 06 on completion,
 * 15/16 for a revocation/update applied or refused.
 *
 * Crash safety: the status is an outbox row written INSIDE the transaction of the change it reports, so it
 * exists exactly when the change committed (enqueueing a job after commit could be lost to a crash between
 * the two; enqueueing before commit could report a change that then rolled back). The exchange-receive poll
 * (every EXCHANGE_POLL_SECONDS) turns pending rows into send jobs, job id and message id derived from the row,
 * so neither a re-enqueue nor a retried send delivers a status twice.
 */
export const SEND_STATUS_JOB = 'send-status';
export interface SendStatusJob {
  statusId: string;
}

/** The ResponseFor of a DocumentId `OrganId,yyyy/MM/dd,Số/KýHiệu`; null when it is not of that form. */
export function documentRefOf(documentId: string): EdxmlDocumentRef | null {
  const g = EDXML_DOCUMENT_ID_RE.exec(documentId)?.groups;
  if (!g) return null;
  return { organId: g.organId, code: `${g.codeNumber}/${g.codeNotation}`, promulgationDate: g.date.replace(/\//g, '-'), documentId };
}

export interface OwedStatus {
  organisationId: string | null;
  fromOrganCode: string;
  toOrganCode: string;
  documentRef: EdxmlDocumentRef;
  statusCode: StatusCode;
  description: string;
  incomingDocumentId?: string | null;
  inboxId?: string | null;
}

/** Records a status we owe, in the caller's transaction. The n-th status of a code (a re-assignment) gets its own message id. */
export async function oweStatus(tx: Tx, s: OwedStatus): Promise<string> {
  const base = `status:${s.fromOrganCode}:${s.documentRef.documentId}:${s.statusCode}`;
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(exchangeStatusesSent)
    .where(
      and(
        eq(exchangeStatusesSent.fromOrganCode, s.fromOrganCode),
        sql`${exchangeStatusesSent.messageId} like ${`${base.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`}`,
      ),
    );
  const [row] = await tx
    .insert(exchangeStatusesSent)
    .values({
      messageId: `${base}:${n + 1}`,
      organisationId: s.organisationId,
      fromOrganCode: s.fromOrganCode,
      toOrganCode: s.toOrganCode,
      documentRef: s.documentRef,
      statusCode: s.statusCode,
      description: s.description.slice(0, 1000),
      incomingDocumentId: s.incomingDocumentId ?? null,
      inboxId: s.inboxId ?? null,
    })
    .returning({ id: exchangeStatusesSent.id });
  return row.id;
}

/**
 * The hook for incoming work (registration, assignment, start, completion, refusal): if the record came over
 * the exchange, owe its sender the matching status. Call it inside the transaction of the transition.
 */
export async function oweStatusForIncoming(tx: Tx, incomingDocumentId: string, statusCode: StatusCode, description: string): Promise<void> {
  const [origin] = await tx
    .select()
    .from(exchangeInbox)
    .where(and(eq(exchangeInbox.incomingDocumentId, incomingDocumentId), eq(exchangeInbox.outcome, 'ACCEPTED')))
    .limit(1);
  if (!origin?.documentId || !origin.senderOrganCode) return;
  const ref = documentRefOf(origin.documentId);
  if (!ref) return;
  await oweStatus(tx, {
    organisationId: origin.organisationId,
    fromOrganCode: origin.receiverOrganCode,
    toOrganCode: origin.senderOrganCode,
    documentRef: ref,
    statusCode,
    description,
    incomingDocumentId,
    inboxId: origin.id,
  });
}

export interface StatusSendOptions {
  attempts: number;
  retryDelayMs: number;
}

/** Send jobs for the given rows (or every pending one); idempotent: the job id is the row's. */
export async function enqueueStatusSends(db: Db, queue: Queue, opts: StatusSendOptions, ids?: string[]): Promise<number> {
  const rows = await db
    .select({ id: exchangeStatusesSent.id })
    .from(exchangeStatusesSent)
    .where(and(eq(exchangeStatusesSent.state, 'PENDING'), ids ? inArray(exchangeStatusesSent.id, ids.length ? ids : ['']) : undefined))
    .orderBy(asc(exchangeStatusesSent.createdAt))
    .limit(500);
  if (!rows.length) return 0;
  await queue.addBulk(
    statusSendJobs(
      rows.map((r) => r.id),
      opts,
    ),
  );
  return rows.length;
}

/** One send job per owed status; the job id is the row's. */
export const statusSendJobs = (statusIds: string[], opts: StatusSendOptions) =>
  statusIds.map((statusId) => ({
    name: SEND_STATUS_JOB,
    data: { statusId } satisfies SendStatusJob,
    opts: {
      jobId: `status-${statusId}`,
      attempts: opts.attempts,
      backoff: { type: 'exponential' as const, delay: opts.retryDelayMs },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  }));

/**
 * Builds, signs (the reporting organisation's seal) and sends one owed status. A transient failure (axis down)
 * is thrown for BullMQ to retry with backoff; a permanent one (no seal key, axis refuses) marks the row FAILED.
 *
 * Statuses about one document leave in the order they were owed (03 before 04 ...): send jobs run
 * concurrently, so each first sends the still-pending statuses owed before it on the same document (the axis
 * deduplicates the message id if their own job sends them too). On its last attempt a job sends its own status
 * even if an earlier one is still failing, so no row stays pending for ever.
 */
export async function sendStatus(
  db: Db,
  signing: SigningDeps,
  transports: Map<string, ExchangeTransport>,
  statusId: string,
  final: boolean,
) {
  const [row] = await db.select().from(exchangeStatusesSent).where(eq(exchangeStatusesSent.id, statusId));
  if (!row || row.state !== 'PENDING') return { skipped: true as const, state: row?.state ?? null };
  const earlier = await db
    .select()
    .from(exchangeStatusesSent)
    .where(
      and(
        eq(exchangeStatusesSent.state, 'PENDING'),
        eq(exchangeStatusesSent.fromOrganCode, row.fromOrganCode),
        eq(exchangeStatusesSent.toOrganCode, row.toOrganCode),
        sql`${exchangeStatusesSent.documentRef}->>'documentId' = ${(row.documentRef as EdxmlDocumentRef).documentId}`,
        lt(exchangeStatusesSent.createdAt, row.createdAt),
      ),
    )
    .orderBy(asc(exchangeStatusesSent.createdAt));
  for (const before of earlier) {
    try {
      await sendRow(db, signing, transports, before, false);
    } catch (err) {
      if (err instanceof UnrecoverableError) continue; // marked FAILED; it does not hold the later ones back
      if (!final) throw err;
    }
  }
  return sendRow(db, signing, transports, row, final);
}

async function sendRow(
  db: Db,
  signing: SigningDeps,
  transports: Map<string, ExchangeTransport>,
  row: typeof exchangeStatusesSent.$inferSelect,
  final: boolean,
) {
  const fail = async (error: string) => {
    await db
      .update(exchangeStatusesSent)
      .set({ state: 'FAILED', lastError: error.slice(0, 1000) })
      .where(eq(exchangeStatusesSent.id, row.id));
    return new UnrecoverableError(error);
  };
  const transport = transports.get(row.fromOrganCode);
  if (!transport) throw await fail(`No exchange transport for ${row.fromOrganCode} (EXCHANGE_AGENCIES)`);
  if (!row.organisationId) throw await fail(`No organisation of ours has organ code ${row.fromOrganCode}: nothing to sign the status with`);
  const [org] = await db.select().from(organisations).where(eq(organisations.id, row.organisationId));
  await db
    .update(exchangeStatusesSent)
    .set({ attempts: sql`${exchangeStatusesSent.attempts} + 1` })
    .where(eq(exchangeStatusesSent.id, row.id));
  try {
    const key = await signing.keys.unlockOrganisation(row.organisationId, signing.sealPassphrase);
    const bytes = await buildStatusPackage(
      {
        responseFor: row.documentRef as EdxmlDocumentRef,
        from: { organId: row.fromOrganCode, organName: org?.name ?? row.fromOrganCode },
        statusCode: row.statusCode as StatusCode,
        description: row.description,
        timestamp: row.createdAt.toISOString(),
      },
      key,
    );
    const { id } = await transport.send({ type: 'status', messageId: row.messageId, to: [row.toOrganCode], package: bytes });
    await db
      .update(exchangeStatusesSent)
      .set({ state: 'SENT', hubId: id, sentAt: new Date(), lastError: null })
      .where(eq(exchangeStatusesSent.id, row.id));
    return { sent: true as const, hubId: id };
  } catch (err) {
    const message = (err as Error).message;
    const permanent = err instanceof Problem || (err instanceof ExchangeTransportError && !err.retryable);
    if (permanent || final) throw await fail(message);
    await db
      .update(exchangeStatusesSent)
      .set({ lastError: message.slice(0, 1000) })
      .where(eq(exchangeStatusesSent.id, row.id));
    throw err;
  }
}
