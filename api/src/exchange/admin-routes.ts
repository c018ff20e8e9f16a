import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { outboxStatuses } from './outbox-schema';
import { ExchangeJobs, exchangeTraffic } from './admin';
import type { SendRetry } from './outbox';

const trafficSchema = z
  .object({
    organisations: z.array(
      z.object({
        organisationId: z.string(),
        name: z.string(),
        organCode: z.string().nullable(),
        sent: z.number().int(),
        delivered: z.number().int().describe('the receiver confirmed it arrived (status 01 or later)'),
        refused: z.number().int(),
        failed: z.number().int(),
        pending: z.number().int().describe('queued or sent, no status back yet'),
        received: z.number().int().describe('incoming records that came over the axis'),
        receivedRefused: z.number().int().describe('packages addressed to it that it refused (bad signature, malformed…)'),
      }),
    ),
    latest: z.array(
      z.object({
        direction: z.enum(['OUT', 'IN']),
        organisationId: z.string(),
        counterpart: z.string(),
        label: z.string(),
        subject: z
          .string()
          .nullable()
          .describe("null where the administrator may not open the document (the document pages' visibility rule)"),
        status: z.string().describe(`outgoing: ${outboxStatuses.join(', ')}; incoming: the incoming record's status`),
        reason: z.string().nullable(),
        at: z.string(),
        link: z.string(),
      }),
    ),
  })
  .meta({ id: 'ExchangeTraffic' });

const jobSchema = z
  .object({
    queue: z.string(),
    id: z.string(),
    name: z.string(),
    data: z.unknown(),
    failedReason: z.string().nullable(),
    attemptsMade: z.number().int(),
    attempts: z.number().int(),
    failedAt: z.string().nullable(),
  })
  .meta({ id: 'ExchangeFailedJob' });
const deadLetterSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    jobId: z.string(),
    name: z.string(),
    data: z.unknown(),
    failedReason: z.string().nullable(),
    attemptsMade: z.number().int(),
    failedAt: z.string().nullable(),
    movedAt: z.string(),
  })
  .meta({ id: 'ExchangeDeadLetter' });
const jobParams = z.object({ queue: z.string().max(100), id: z.string().max(300) });

/** Administration of the exchange: traffic per organisation, failed jobs, retry and dead-letter. Admins, each for the organisations they manage. */
export function exchangeAdminRoutes(db: Db, queues: Queue[], deadLetter: Queue, retry: SendRetry) {
  const jobs = new ExchangeJobs(db, queues, deadLetter, retry);
  return new ApiRouter('/api/admin/exchange', 'Administration')
    .route(
      {
        method: 'get',
        path: '/traffic',
        summary: 'Exchange traffic of the organisations the caller administers, and their latest packages',
        access: 'admin',
        response: trafficSchema,
        problems: [401, 403],
      },
      async (ctx) => exchangeTraffic(db, ctx.actor!),
    )
    .route(
      {
        method: 'get',
        path: '/jobs/failed',
        summary: 'Failed exchange jobs (send and receive) of the organisations the caller administers, with their reason',
        access: 'admin',
        response: z.object({ items: z.array(jobSchema) }),
        problems: [401, 403],
      },
      async (ctx) => ({ items: await jobs.failed(ctx.actor!) }),
    )
    .route(
      {
        method: 'post',
        path: '/jobs/:queue/:id/retry',
        summary: 'Run a failed exchange job again with fresh attempts',
        access: 'admin',
        params: jobParams,
        status: 204,
        problems: [401, 403, 404],
      },
      async ({ params, actor }) => jobs.retry(actor!, params.queue, params.id),
    )
    .route(
      {
        method: 'post',
        path: '/jobs/:queue/:id/dead-letter',
        summary: 'Park a failed exchange job in the dead-letter list',
        access: 'admin',
        params: jobParams,
        status: 204,
        problems: [401, 403, 404],
      },
      async ({ params, actor }) => jobs.toDeadLetter(actor!, params.queue, params.id),
    )
    .route(
      {
        method: 'get',
        path: '/dead-letter',
        summary: 'Exchange jobs parked in the dead-letter list',
        access: 'admin',
        response: z.object({ items: z.array(deadLetterSchema) }),
        problems: [401, 403],
      },
      async (ctx) => ({ items: await jobs.deadLetters(ctx.actor!) }),
    )
    .route(
      {
        method: 'post',
        path: '/dead-letter/:id/retry',
        summary: 'Send a parked job back to its queue',
        access: 'admin',
        params: z.object({ id: z.string().max(300) }),
        status: 204,
        problems: [401, 403, 404, 409],
      },
      async ({ params, actor }) => jobs.retryDeadLetter(actor!, params.id),
    );
}
