import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Db } from '../db/client';
import type { ExchangeMessageType, PendingMessage } from '../exchange/transport';
import { hubAgencies, hubDeliveries, hubMessages } from './schema';
import { problem } from '../http/problems';

export interface HubSend {
  type: ExchangeMessageType;
  messageId: string;
  to: string[];
  body: Buffer;
}

export interface TrafficItem {
  id: string;
  messageId: string;
  type: ExchangeMessageType;
  from: string;
  size: number;
  sentAt: string;
  to: { organId: string; deliveredAt: string | null; fetchCount: number }[];
}

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const unknownReceivers = (codes: string[]) => problem('hub.unknown_receiver', { codes: codes.join(', ') });
const messageIdReused = (messageId: string) => problem('hub.message_id_reused', { messageId });
const noMessage = () => problem('hub.message_not_found');

/**
 * The hub's bookkeeping, shaped like the national axis (docs/domain.md §6.5): a package is stored once with one
 * delivery row per receiver; a receiver lists what it has not acknowledged, fetches it and acknowledges it.
 */
export class HubService {
  /** organId → SHA-256 of the secret last verified against the scrypt hash: scrypt once per agency, not per call. */
  private readonly verified = new Map<string, string>();

  constructor(private readonly db: Db) {}

  /** Registers (or re-keys) the agencies from HUB_AGENCIES; a secret that still verifies is left as it is. */
  async registerAgencies(credentials: Map<string, string>): Promise<void> {
    for (const [organId, secret] of credentials) {
      const [row] = await this.db.select().from(hubAgencies).where(eq(hubAgencies.organId, organId));
      if (row && (await verifyPassword(secret, row.secretHash))) continue;
      const secretHash = await hashPassword(secret);
      await this.db
        .insert(hubAgencies)
        .values({ organId, secretHash })
        .onConflictDoUpdate({ target: hubAgencies.organId, set: { secretHash } });
      this.verified.delete(organId);
    }
  }

  async authenticate(organId: string, secret: string): Promise<boolean> {
    const digest = sha256(secret);
    const known = this.verified.get(organId);
    if (known) return crypto.timingSafeEqual(Buffer.from(known), Buffer.from(digest));
    const [row] = await this.db.select({ secretHash: hubAgencies.secretHash }).from(hubAgencies).where(eq(hubAgencies.organId, organId));
    if (!row || !(await verifyPassword(secret, row.secretHash))) return false;
    this.verified.set(organId, digest);
    return true;
  }

  /**
   * Stores the package and its deliveries in one transaction. The same (sender, messageId) with the same bytes is a
   * retry and returns the first id; with other bytes it is refused (409), so no content is silently dropped.
   */
  async send(sender: string, msg: HubSend): Promise<{ id: string; duplicate: boolean }> {
    const to = [...new Set(msg.to)];
    const known = await this.db.select({ organId: hubAgencies.organId }).from(hubAgencies).where(inArray(hubAgencies.organId, to));
    const missing = to.filter((c) => !known.some((k) => k.organId === c));
    if (missing.length) throw unknownReceivers(missing);
    return this.db.transaction(async (tx) => {
      const id = crypto.randomBytes(12).toString('hex');
      const inserted = await tx
        .insert(hubMessages)
        .values({ id, sender, messageId: msg.messageId, type: msg.type, size: msg.body.length, sha256: sha256(msg.body), body: msg.body })
        .onConflictDoNothing({ target: [hubMessages.sender, hubMessages.messageId] })
        .returning({ id: hubMessages.id });
      if (!inserted.length) {
        const [first] = await tx
          .select({ id: hubMessages.id, sha256: hubMessages.sha256, type: hubMessages.type })
          .from(hubMessages)
          .where(and(eq(hubMessages.sender, sender), eq(hubMessages.messageId, msg.messageId)));
        if (first.sha256 !== sha256(msg.body) || first.type !== msg.type) throw messageIdReused(msg.messageId);
        return { id: first.id, duplicate: true };
      }
      await tx.insert(hubDeliveries).values(to.map((receiver) => ({ hubMessageId: id, receiver })));
      return { id, duplicate: false };
    });
  }

  async pending(receiver: string, type: ExchangeMessageType, limit: number): Promise<(PendingMessage & { sha256: string })[]> {
    const rows = await this.db
      .select({
        id: hubMessages.id,
        type: hubMessages.type,
        from: hubMessages.sender,
        messageId: hubMessages.messageId,
        size: hubMessages.size,
        sha256: hubMessages.sha256,
        sentAt: hubMessages.sentAt,
      })
      .from(hubDeliveries)
      .innerJoin(hubMessages, eq(hubMessages.id, hubDeliveries.hubMessageId))
      .where(and(eq(hubDeliveries.receiver, receiver), isNull(hubDeliveries.deliveredAt), eq(hubMessages.type, type)))
      .orderBy(asc(hubMessages.sentAt), asc(hubMessages.id))
      .limit(limit);
    return rows.map((r) => ({ ...r, sentAt: r.sentAt.toISOString() }));
  }

  /** The package bytes, for one of its receivers only (anyone else gets 404, not a hint that it exists). */
  async fetch(receiver: string, id: string) {
    const [row] = await this.db
      .select({
        body: hubMessages.body,
        sha256: hubMessages.sha256,
        messageId: hubMessages.messageId,
        from: hubMessages.sender,
        type: hubMessages.type,
      })
      .from(hubDeliveries)
      .innerJoin(hubMessages, eq(hubMessages.id, hubDeliveries.hubMessageId))
      .where(and(eq(hubDeliveries.receiver, receiver), eq(hubDeliveries.hubMessageId, id)));
    if (!row) throw noMessage();
    await this.db
      .update(hubDeliveries)
      .set({ fetchCount: sql`${hubDeliveries.fetchCount} + 1`, lastFetchedAt: new Date() })
      .where(and(eq(hubDeliveries.receiver, receiver), eq(hubDeliveries.hubMessageId, id)));
    return row;
  }

  /** Marks the receiver's copy delivered; acknowledging again keeps the first time. */
  async ack(receiver: string, id: string): Promise<void> {
    const done = await this.db
      .update(hubDeliveries)
      .set({ deliveredAt: sql`coalesce(${hubDeliveries.deliveredAt}, now())` })
      .where(and(eq(hubDeliveries.receiver, receiver), eq(hubDeliveries.hubMessageId, id)))
      .returning({ id: hubDeliveries.hubMessageId });
    if (!done.length) throw noMessage();
  }

  /** What the agency sent (and to whom, delivered or not) and what it was sent, newest first. */
  async traffic(organId: string, limit: number): Promise<{ sent: TrafficItem[]; received: TrafficItem[] }> {
    const head = {
      id: hubMessages.id,
      messageId: hubMessages.messageId,
      type: hubMessages.type,
      from: hubMessages.sender,
      size: hubMessages.size,
      sentAt: hubMessages.sentAt,
    };
    const sent = await this.db
      .select(head)
      .from(hubMessages)
      .where(eq(hubMessages.sender, organId))
      .orderBy(desc(hubMessages.sentAt))
      .limit(limit);
    const received = await this.db
      .select(head)
      .from(hubDeliveries)
      .innerJoin(hubMessages, eq(hubMessages.id, hubDeliveries.hubMessageId))
      .where(eq(hubDeliveries.receiver, organId))
      .orderBy(desc(hubMessages.sentAt))
      .limit(limit);
    const ids = [...new Set([...sent, ...received].map((m) => m.id))];
    const deliveries = ids.length ? await this.db.select().from(hubDeliveries).where(inArray(hubDeliveries.hubMessageId, ids)) : [];
    const withTo = (m: (typeof sent)[number], only?: string): TrafficItem => ({
      ...m,
      sentAt: m.sentAt.toISOString(),
      to: deliveries
        .filter((d) => d.hubMessageId === m.id && (!only || d.receiver === only))
        .map((d) => ({ organId: d.receiver, deliveredAt: iso(d.deliveredAt), fetchCount: d.fetchCount })),
    });
    return { sent: sent.map((m) => withTo(m)), received: received.map((m) => withTo(m, organId)) };
  }
}
