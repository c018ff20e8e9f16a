import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** Package bytes, stored in the hub's own database (no file store to back up separately). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** An agency connected to the hub (đơn vị kết nối trục), known by its organ code; the secret is stored hashed. */
export const hubAgencies = pgTable('hub_agencies', {
  organId: text('organ_id').primaryKey(),
  secretHash: text('secret_hash').notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One package as sent (gói tin): an edXML document ('edoc') or status package ('status'). Unique on the
 * sender's message id, so a re-send after a lost answer is the same message, never a second delivery.
 */
export const hubMessages = pgTable(
  'hub_messages',
  {
    /** The hub's id (24 hex, like the axis' knobstick ids). */
    id: text('id').primaryKey(),
    sender: text('sender')
      .notNull()
      .references(() => hubAgencies.organId),
    messageId: text('message_id').notNull(),
    type: text('type', { enum: ['edoc', 'status'] }).notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    body: bytea('body').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('hub_messages_sender_message_id').on(t.sender, t.messageId), index('hub_messages_sent_at').on(t.sentAt)],
);

/** Delivery of one message to one receiver; `deliveredAt` is set when the receiver acknowledges it. */
export const hubDeliveries = pgTable(
  'hub_deliveries',
  {
    hubMessageId: text('hub_message_id')
      .notNull()
      .references(() => hubMessages.id),
    receiver: text('receiver')
      .notNull()
      .references(() => hubAgencies.organId),
    fetchCount: integer('fetch_count').notNull().default(0),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.hubMessageId, t.receiver] }),
    index('hub_deliveries_pending')
      .on(t.receiver)
      .where(sql`delivered_at is null`),
  ],
);
