import type { JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { isRedisUnavailable } from '../redis/connection';
import type { Queues } from './index';

/**
 * Work is owed when a committed row says so (a file "extraction PENDING", a signing request QUEUED, an outbox
 * row QUEUED …); the job in Redis is only the means. A write commits its row first and then enqueues, so a
 * crash or a Redis outage between the two leaves a pending row without a job. The recovery sweep below finds
 * such rows (at start and every RECOVERY_INTERVAL_SECONDS) and queues their jobs again.
 */

/** A job that must be in its queue because a row says its work is pending; its id is derived from the row. */
export interface PendingJob {
  queue: keyof Queues;
  name: string;
  data: object;
  opts: JobsOptions & { jobId: string };
}

/** A capability's "find pending rows → their jobs" (at most a few hundred per sweep; the next sweep takes the rest). */
export interface RecoverySource {
  name: string;
  pending(db: Db): Promise<PendingJob[]>;
}

/**
 * A repeatable job (housekeeping, the exchange polls). Its scheduler lives in Redis only, so a Redis that lost
 * its data (restarted without persistence) loses it too; the sweep puts a missing one back.
 */
export interface Schedule {
  queue: keyof Queues;
  id: string;
  /** The name of the jobs it makes. */
  name: string;
  everyMs: number;
  opts: JobsOptions;
}

/** Creates or updates each schedule (at start: the interval may have changed). */
export async function upsertSchedules(queues: Queues, schedules: Schedule[]): Promise<void> {
  for (const s of schedules) await queues[s.queue].upsertJobScheduler(s.id, { every: s.everyMs }, { name: s.name, opts: s.opts });
}

/**
 * After a write has committed: its rows already say the work is pending, so if Redis is unreachable the write
 * still succeeds and the recovery sweep queues the jobs once Redis is back. Other errors are real and thrown.
 */
export async function enqueueAfterCommit(enqueue: () => Promise<unknown>): Promise<void> {
  try {
    await enqueue();
  } catch (err) {
    if (!isRedisUnavailable(err)) throw err;
  }
}

/**
 * One sweep: a missing schedule is put back, and every source's pending jobs that are not in their queue are
 * added. A job that exists (waiting, active, delayed, or kept after it finished) is left alone, and adding with
 * an existing id is a no-op in BullMQ anyway, so sweeps running in several processes at once queue nothing
 * twice. Returns, per source (and for the schedules), how many were queued again.
 */
export async function recoverPendingWork(
  db: Db,
  queues: Queues,
  sources: RecoverySource[],
  schedules: Schedule[] = [],
): Promise<Record<string, number>> {
  const requeued: Record<string, number> = {};
  // Only missing ones: upserting an existing scheduler would move its next run.
  const lost = [];
  for (const s of schedules) if (!(await queues[s.queue].getJobScheduler(s.id))) lost.push(s);
  await upsertSchedules(queues, lost);
  requeued.schedules = lost.length;
  for (const source of sources) {
    const missing: PendingJob[] = [];
    for (const job of await source.pending(db)) if (!(await queues[job.queue].getJob(job.opts.jobId))) missing.push(job);
    for (const name of new Set(missing.map((j) => j.queue))) {
      await queues[name].addBulk(missing.filter((j) => j.queue === name).map(({ name, data, opts }) => ({ name, data, opts })));
    }
    requeued[source.name] = missing.length;
  }
  return requeued;
}

export interface RunningSweep {
  /** The sweep at start-up, finished (or failed). */
  started: Promise<void>;
  stop(): void;
}

/**
 * Runs the sweep now and then every `intervalMs`, one sweep at a time. While Redis is down a sweep fails and is
 * logged quietly; the first one after Redis is back queues everything that was owed.
 */
export function startRecovery(opts: {
  db: Db;
  queues: Queues;
  sources: RecoverySource[];
  schedules: Schedule[];
  intervalMs: number;
  log: Logger;
}): RunningSweep {
  let running: Promise<void> | undefined;
  const sweep = () =>
    (running ??= recoverPendingWork(opts.db, opts.queues, opts.sources, opts.schedules)
      .then((requeued) => {
        if (Object.values(requeued).some((n) => n > 0)) opts.log.warn({ requeued }, 'recovery: pending work queued again');
      })
      .catch((err) =>
        isRedisUnavailable(err) ? opts.log.debug({ err }, 'recovery: Redis unreachable') : opts.log.error({ err }, 'recovery sweep failed'),
      )
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(sweep, opts.intervalMs);
  timer.unref();
  return {
    started: sweep(),
    stop: () => clearInterval(timer),
  };
}
