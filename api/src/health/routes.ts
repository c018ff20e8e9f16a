import { z } from 'zod';
import type { Redis } from 'ioredis';
import type { Database } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { awaitingConsumer, type Queues } from '../queues';

const check = z.object({ ok: z.boolean(), error: z.string().optional() });
const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  database: check.extend({ driver: z.enum(['postgres', 'pglite']) }),
  redis: check,
  workers: z.object({
    ok: z.boolean(),
    queues: z.record(z.string(), z.object({ workers: z.number(), waiting: z.number(), failed: z.number() })),
  }),
});

/** Health answers within this time whatever a store does (a load balancer's probe must not hang with it). */
const PROBE_MS = 750;

async function probe<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // After the timers, one pass of I/O: an answer that arrived while the event loop was busy still counts.
    timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${PROBE_MS} ms`))), PROBE_MS);
  });
  try {
    return { ok: true, value: await Promise.race([fn(), deadline]) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const queueStats = (queues: Queues) =>
  Promise.all(
    Object.entries(queues).map(async ([name, q]) => {
      const [workers, counts] = await Promise.all([q.getWorkersCount(), q.getJobCounts('waiting', 'failed')]);
      return [name, { workers, waiting: counts.waiting ?? 0, failed: counts.failed ?? 0 }] as const;
    }),
  );

/** Liveness of the database, Redis and the workers; 503 when a store is down, "degraded" when no worker listens. */
export function healthRoutes(database: Database, redis: Redis, queues: Queues) {
  return new ApiRouter('/api', 'System').route(
    {
      method: 'get',
      path: '/health',
      summary: 'Database, Redis and worker status',
      access: 'public',
      response: healthSchema,
      problems: [],
    },
    async ({ res }) => {
      // Redis is asked once, ping and queue counts together, so a silent Redis costs one deadline, not two.
      const [db, rd] = await Promise.all([probe(() => database.ping()), probe(async () => (await redis.ping(), queueStats(queues)))]);
      const stats = Object.fromEntries(rd.ok ? rd.value : []);
      const workersOk = rd.ok && Object.entries(stats).every(([name, s]) => s.workers > 0 || awaitingConsumer.has(name));
      const status = !db.ok || !rd.ok ? ('down' as const) : workersOk ? ('ok' as const) : ('degraded' as const);
      const outcome = (p: { ok: boolean; error?: string }) => (p.ok ? { ok: true } : { ok: false, error: p.error });
      const body = {
        status,
        database: { ...outcome(db), driver: database.driver },
        redis: outcome(rd),
        workers: { ok: workersOk, queues: stats },
      };
      // Sent here: the router would answer 200 (a load balancer must see the 503).
      if (status === 'down') return void res.status(503).json(body);
      return body;
    },
  );
}
