import { z } from 'zod';
import { outboxStatuses } from './outbox-schema';

/** A recipient's progress over the exchange axis (outgoing page and register). */
export const exchangeStatusSchema = z
  .object({
    status: z.enum(outboxStatuses),
    statusCode: z.string().nullable().describe('the receiver’s latest status code (01–06, docs/domain.md §6.4)'),
    reason: z.string().nullable().describe('why the receiver refused it (status 02)'),
    lastError: z.string().nullable().describe('the last send failure, while retrying or once FAILED'),
    sentAt: z.string().nullable(),
    updatedAt: z.string(),
    history: z.array(z.object({ status: z.enum(outboxStatuses), statusCode: z.string().nullable(), description: z.string().nullable(), at: z.string(), applied: z.boolean() })),
  })
  .meta({ id: 'ExchangeDeliveryStatus' });
