import type { Job, Queue } from 'bullmq';
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { notFound } from '../http/problem';
import { visibleTo as incomingVisibleTo } from '../incoming/access';
import { incomingDocuments } from '../incoming/schema';
import { organisations } from '../organisations/schema';
import { numberAndSymbol } from '../outgoing/document-types';
import { viewerOf, visibleTo as outgoingVisibleTo } from '../outgoing/access';
import { outgoingDocuments } from '../outgoing/schema';
import { managedOrganisations } from '../users/service';
import { rootOrganisationIds } from '../organisations/service';
import { requeueOutboxItem, SEND_DOCUMENT_JOB, type SendDocumentJob, type SendRetry } from './outbox';
import { exchangeInbox, exchangeStatusesSent } from './inbox-schema';
import { exchangeOutbox } from './outbox-schema';
import { problem } from '../http/problems';

/** The queues of the exchange whose failures the admin screen shows (send here, receive on the receiving side). */
export const EXCHANGE_QUEUES: ReadonlySet<string> = new Set(['exchange-send', 'exchange-receive']);

/**
 * Exchange traffic of the organisations the administrator manages (users, chains and units are scoped the same
 * way): packages sent (by outcome) from the outbox, packages received from the incoming records that came over
 * the axis (channel AXIS) and those we refused (inbox); and the latest sent and received. A package's number and
 * subject are shown only where the administrator may open the document itself (the document pages' rule);
 * otherwise the row says what happened, not what it was about.
 */
export async function exchangeTraffic(db: Db, actor: Actor, limit = 20) {
  const managed = [...(await managedOrganisations(db, actor))];
  const viewer = await viewerOf(db, actor);
  const sent = await db
    .select({
      organisationId: exchangeOutbox.organisationId,
      total: sql<number>`count(*)::int`,
      delivered: sql<number>`count(*) filter (where ${exchangeOutbox.status} in ('RECEIVED','REGISTERED','ASSIGNED','IN_PROGRESS','COMPLETED'))::int`,
      refused: sql<number>`count(*) filter (where ${exchangeOutbox.status} = 'REFUSED')::int`,
      failed: sql<number>`count(*) filter (where ${exchangeOutbox.status} = 'FAILED')::int`,
      pending: sql<number>`count(*) filter (where ${exchangeOutbox.status} in ('QUEUED','SENT'))::int`,
    })
    .from(exchangeOutbox)
    .where(inArray(exchangeOutbox.organisationId, managed))
    .groupBy(exchangeOutbox.organisationId);
  const received = await db
    .select({ organisationId: incomingDocuments.organisationId, total: sql<number>`count(*)::int` })
    .from(incomingDocuments)
    .where(and(eq(incomingDocuments.channel, 'AXIS'), inArray(incomingDocuments.organisationId, managed)))
    .groupBy(incomingDocuments.organisationId);
  const refusedIn = await db
    .select({ organisationId: exchangeInbox.organisationId, total: sql<number>`count(*)::int` })
    .from(exchangeInbox)
    .where(
      and(eq(exchangeInbox.outcome, 'REFUSED'), isNotNull(exchangeInbox.organisationId), inArray(exchangeInbox.organisationId, managed)),
    )
    .groupBy(exchangeInbox.organisationId);
  const orgs = await db
    .select({ id: organisations.id, name: organisations.name, organCode: organisations.organCode })
    .from(organisations)
    .where(inArray(organisations.id, managed));
  const ids = new Set<string | null>([
    ...sent.map((s) => s.organisationId),
    ...received.map((r) => r.organisationId),
    ...refusedIn.map((r) => r.organisationId),
  ]);
  const latestSent = await db
    .select({
      o: exchangeOutbox,
      number: outgoingDocuments.issuedNumber,
      symbol: outgoingDocuments.symbol,
      subject: outgoingDocuments.subject,
      // A copy's row (no outgoing document) shows its receiver and status only: copies are read by their organisation's clerks and leaders.
      visible: sql<boolean>`coalesce(${outgoingVisibleTo(viewer)}, false)`,
    })
    .from(exchangeOutbox)
    .leftJoin(outgoingDocuments, eq(outgoingDocuments.id, exchangeOutbox.documentId))
    .where(inArray(exchangeOutbox.organisationId, managed))
    .orderBy(desc(exchangeOutbox.updatedAt))
    .limit(limit);
  const latestReceived = await db
    .select({
      id: incomingDocuments.id,
      organisationId: incomingDocuments.organisationId,
      issuerName: incomingDocuments.issuerName,
      subject: incomingDocuments.subject,
      status: incomingDocuments.status,
      receivedAt: incomingDocuments.receivedAt,
      visible: sql<boolean>`${incomingVisibleTo(actor)}`,
    })
    .from(incomingDocuments)
    .where(and(eq(incomingDocuments.channel, 'AXIS'), inArray(incomingDocuments.organisationId, managed)))
    .orderBy(desc(incomingDocuments.receivedAt))
    .limit(limit);
  return {
    organisations: orgs
      .filter((o) => ids.has(o.id))
      .map((o) => {
        const s = sent.find((x) => x.organisationId === o.id);
        return {
          organisationId: o.id,
          name: o.name,
          organCode: o.organCode,
          sent: s?.total ?? 0,
          delivered: s?.delivered ?? 0,
          refused: s?.refused ?? 0,
          failed: s?.failed ?? 0,
          pending: s?.pending ?? 0,
          received: received.find((x) => x.organisationId === o.id)?.total ?? 0,
          receivedRefused: refusedIn.find((x) => x.organisationId === o.id)?.total ?? 0,
        };
      }),
    latest: [
      ...latestSent.map(({ o, number, symbol, subject, visible }) => ({
        direction: 'OUT' as const,
        organisationId: o.organisationId,
        counterpart: `${o.receiverName} (${o.receiverOrganCode})`,
        label: visible && number !== null && symbol ? numberAndSymbol(number, symbol) : '',
        subject: visible ? subject : null,
        status: o.status as string,
        reason: o.reason ?? o.lastError,
        at: o.updatedAt.toISOString(),
        link: o.prepared?.notify.link ?? `/outgoing/${o.documentId}`,
      })),
      ...latestReceived.map((r) => ({
        direction: 'IN' as const,
        organisationId: r.organisationId,
        counterpart: r.issuerName ?? '',
        label: '',
        subject: r.visible ? (r.subject ?? '') : null,
        status: r.status as string,
        reason: null,
        at: r.receivedAt.toISOString(),
        link: `/incoming/${r.id}`,
      })),
    ]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit),
  };
}

export interface JobView {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  failedReason: string | null;
  attemptsMade: number;
  attempts: number;
  failedAt: string | null;
}

const jobView = (queue: string, j: Job): JobView => ({
  queue,
  id: j.id!,
  name: j.name,
  data: j.data,
  failedReason: j.failedReason ?? null,
  attemptsMade: j.attemptsMade,
  attempts: j.opts.attempts ?? 1,
  failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
});

/** Dead letters carry the original job: its queue, id, name, data and why it failed. */
interface DeadLetter {
  queue: string;
  jobId: string;
  name: string;
  data: unknown;
  failedReason: string | null;
  attemptsMade: number;
  failedAt: string | null;
}

/**
 * Failed exchange jobs (those that used up their attempts, or were refused for good), retry and dead-letter.
 * The dead-letter is a queue nobody consumes: a parked job leaves the failed list and can be sent again later.
 */
export class ExchangeJobs {
  private readonly queues: Map<string, Queue>;

  constructor(
    private readonly db: Db,
    queues: Queue[],
    private readonly deadLetter: Queue,
    private readonly retryPolicy: SendRetry,
  ) {
    this.queues = new Map(queues.filter((q) => EXCHANGE_QUEUES.has(q.name)).map((q) => [q.name, q]));
  }

  private queue(name: string) {
    const q = this.queues.get(name);
    if (!q) throw notFound(`Exchange queue ${name}`, 'hàng đợi liên thông');
    return q;
  }

  private async failedJob(queueName: string, id: string) {
    const job = await this.queue(queueName).getJob(id);
    if (!job || !(await job.isFailed())) throw notFound(`Failed job ${id}`, 'tác vụ lỗi');
    return job;
  }

  /**
   * Which jobs the administrator may see and act on: a document or status send of an organisation they manage
   * (the outbox or status row says which); a job of no organisation (the axis polls) only an administrator of a
   * top-level organisation, who manages the whole installation.
   */
  private async scope(actor: Actor): Promise<(data: unknown) => boolean> {
    const managed = await managedOrganisations(this.db, actor);
    const installation = [...(await rootOrganisationIds(this.db))].some((id) => managed.has(id));
    const [outbox, statuses] = await Promise.all([
      this.db
        .select({ id: exchangeOutbox.id, organisationId: exchangeOutbox.organisationId })
        .from(exchangeOutbox)
        .where(inArray(exchangeOutbox.organisationId, [...managed])),
      this.db
        .select({ id: exchangeStatusesSent.id })
        .from(exchangeStatusesSent)
        .where(inArray(exchangeStatusesSent.organisationId, [...managed])),
    ]);
    const sends = new Set(outbox.map((o) => o.id));
    const statusSends = new Set(statuses.map((o) => o.id));
    return (data) => {
      const d = (data ?? {}) as { outboxId?: unknown; statusId?: unknown };
      if (typeof d.outboxId === 'string') return sends.has(d.outboxId);
      if (typeof d.statusId === 'string') return statusSends.has(d.statusId);
      return installation;
    };
  }

  async failed(actor: Actor, limit = 100): Promise<JobView[]> {
    const mine = await this.scope(actor);
    const out: JobView[] = [];
    for (const [name, q] of this.queues) out.push(...(await q.getJobs(['failed'], 0, limit - 1, false)).map((j) => jobView(name, j)));
    return out.filter((j) => mine(j.data)).sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  }

  /** A failed job the administrator may act on, else 404 as for a missing one. */
  private async ownFailedJob(actor: Actor, queueName: string, id: string) {
    const job = await this.failedJob(queueName, id);
    if (!(await this.scope(actor))(job.data)) throw notFound(`Failed job ${id}`, 'tác vụ lỗi');
    return job;
  }

  /** Runs the job again with fresh attempts; a send job's outbox row goes back to QUEUED first. */
  async retry(actor: Actor, queueName: string, id: string): Promise<void> {
    const job = await this.ownFailedJob(actor, queueName, id);
    if (job.name === SEND_DOCUMENT_JOB) await requeueOutboxItem(this.db, (job.data as SendDocumentJob).outboxId);
    await job.retry('failed', { resetAttemptsMade: true });
  }

  async toDeadLetter(actor: Actor, queueName: string, id: string): Promise<void> {
    const job = await this.ownFailedJob(actor, queueName, id);
    const letter: DeadLetter = {
      queue: queueName,
      jobId: job.id!,
      name: job.name,
      data: job.data,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
    await this.deadLetter.add('dead-letter', letter, { jobId: `${queueName}-${job.id}` });
    await job.remove();
  }

  async deadLetters(actor: Actor, limit = 100) {
    const mine = await this.scope(actor);
    const jobs = await this.deadLetter.getJobs(['waiting', 'prioritized'], 0, limit - 1, false);
    return jobs
      .filter((j) => mine((j.data as DeadLetter).data))
      .map((j) => ({ id: j.id!, movedAt: new Date(j.timestamp).toISOString(), ...(j.data as DeadLetter) }));
  }

  /** Sends a parked job back to its queue (fresh attempts, same job id so a send stays one message). */
  async retryDeadLetter(actor: Actor, id: string): Promise<void> {
    const parked = await this.deadLetter.getJob(id);
    if (!parked || !(await this.scope(actor))((parked.data as DeadLetter).data))
      throw notFound(`Dead letter ${id}`, 'tác vụ trong hàng chết');
    const letter = parked.data as DeadLetter;
    const target = this.queue(letter.queue);
    if (letter.name === SEND_DOCUMENT_JOB) await requeueOutboxItem(this.db, (letter.data as SendDocumentJob).outboxId);
    const existing = await target.getJob(letter.jobId);
    if (existing) throw problem('exchange.job_exists', { jobId: letter.jobId, queue: letter.queue });
    await target.add(letter.name, letter.data, {
      jobId: letter.jobId,
      attempts: this.retryPolicy.attempts,
      backoff: { type: 'exponential', delay: this.retryPolicy.delayMs },
      removeOnFail: false,
      removeOnComplete: 1000,
    });
    await parked.remove();
  }
}
