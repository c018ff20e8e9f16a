import { bigserial, index, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained trail of who did what (nhật ký hệ thống); see audit/service.ts. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    data: jsonb('data'),
    requestId: text('request_id'),
    actorRole: text('actor_role'),
    /** Client address of the request. */
    ip: text('ip'),
    /**
     * Which of the log's chains the entry is in (audit/service.ts): 0 for entries written while the log was one
     * chain, 1..AUDIT_CHAINS since.
     */
    chain: smallint('chain').notNull().default(0),
    /** Hash chain: each entry carries the previous entry's hash in its chain; null only on entries older than the chain. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_entity_idx').on(t.entityType, t.entityId), index('audit_chain_idx').on(t.chain, t.id)],
);
