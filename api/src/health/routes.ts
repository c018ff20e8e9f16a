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
  workers: z.object({ ok: z.boolean(), queues: z.record(z.string(), z.object({ workers: z.number(), waiting: z.number(), failed: z.number() })) }),
});

async function probe(fn: () => Promise<unknown>) {
  try {
    await fn();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Liveness of the database, Redis and the workers; 503 when a store is down, "degraded" when no worker listens. */
export function healthRoutes(database: Database, redis: Redis, queues: Queues) {
  return new ApiRouter('/api', 'System').route(
    { method: 'get', path: '/health', summary: 'Database, Redis and worker status', access: 'public', response: healthSchema, problems: [] },
    async ({ res }) => {
      const [db, rd] = await Promise.all([probe(() => database.ping()), probe(() => redis.ping())]);
      const stats: Record<string, { workers: number; waiting: number; failed: number }> = {};
      if (rd.ok) {
        for (const [name, q] of Object.entries(queues)) {
          const [workers, counts] = await Promise.all([q.getWorkersCount(), q.getJobCounts('waiting', 'failed')]);
          stats[name] = { workers, waiting: counts.waiting ?? 0, failed: counts.failed ?? 0 };
        }
      }
      const workersOk = rd.ok && Object.entries(stats).every(([name, s]) => s.workers > 0 || awaitingConsumer.has(name));
      const status = !db.ok || !rd.ok ? ('down' as const) : workersOk ? ('ok' as const) : ('degraded' as const);
      res.status(status === 'down' ? 503 : 200);
      return { status, database: { ...db, driver: database.driver }, redis: rd, workers: { ok: workersOk, queues: stats } };
    },
  );
}
