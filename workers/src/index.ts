import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../api/src/config';
import type { Db } from '../../api/src/db/client';
import { signingDeps } from '../../api/src/signing/deps';
import { Notifier } from '../../api/src/notifications/notifier';
import { createRedis } from '../../api/src/redis/connection';
import { queueNames, type Queues } from '../../api/src/queues';
import type { BlobStore } from '../../api/src/storage/blob-store';
import { exchangeTransports } from '../../api/src/exchange/transport';
import { POLL_JOB } from '../../api/src/exchange/receive';
import { exchangeReceiveProcessor, EXCHANGE_POLL_SCHEDULER } from './exchange-receive';
import { POLL_STATUSES_JOB } from '../../api/src/exchange/outbox';
import { exchangeSendProcessor } from './exchange';
import { copiesRecovery } from '../../api/src/copies/recovery';
import { exchangeRecovery } from '../../api/src/exchange/recovery';
import { incomingRecovery } from '../../api/src/incoming/recovery';
import { startRecovery, upsertSchedules, type RecoverySource, type Schedule } from '../../api/src/queues/recovery';
import { signingRecovery } from '../../api/src/signing/recovery';
import { incomingFilesProcessor } from './incoming-files';
import { maintenanceProcessor, maintenanceSchedules } from './maintenance';
import { signingProcessor } from './signing';

/** Each capability's "find pending rows → jobs", one per queue that carries owed work (queues/recovery.ts). */
export const recoverySources = (config: Config): RecoverySource[] => [
  incomingRecovery,
  signingRecovery,
  copiesRecovery,
  exchangeRecovery(config),
];

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts one BullMQ worker per queue. Jobs stay in Redis until a worker completes them, so a crash
 * mid-job leaves the job to be retried (stalled-job recovery); processors are written to be re-runnable.
 */
export async function startWorkers(opts: {
  db: Db;
  redisUrl: string;
  prefix: string;
  queues: Queues;
  blobs: BlobStore;
  log: Logger;
  config?: Config;
}): Promise<RunningWorkers> {
  const connection = createRedis(opts.redisUrl);
  const config = opts.config ?? loadConfig();
  const signing = signingDeps(config);
  const notifier = new Notifier(opts.db, connection, opts.prefix);
  const transports = exchangeTransports(config);
  const exchange = {
    db: opts.db,
    blobs: opts.blobs,
    signing,
    transports,
    notifier,
    maxPackageBytes: config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024,
    log: opts.log,
  };
  const workers = [
    new Worker(queueNames.maintenance, maintenanceProcessor(opts.db, notifier, opts.blobs, config, signing), {
      connection,
      prefix: opts.prefix,
      concurrency: 1,
    }),
    // PDF parsing is CPU-bound on this process's one JS thread: a little overlap for I/O, no more.
    new Worker(queueNames.incomingFiles, incomingFilesProcessor(opts.db, opts.blobs, signing.trustStore, opts.queues.incomingFiles), {
      connection,
      prefix: opts.prefix,
      concurrency: 2,
    }),
    // Keys are unlocked in the request (leaders) or from SEAL_PASSPHRASE (seals); the worker timestamps, embeds, validates.
    new Worker(queueNames.signing, signingProcessor(opts.db, opts.blobs, signing), { connection, prefix: opts.prefix, concurrency: 2 }),
    // The poll receives packages one after the other; status sends (network-bound) overlap it.
    new Worker(
      queueNames.exchangeReceive,
      exchangeReceiveProcessor({
        db: opts.db,
        blobs: opts.blobs,
        notifier,
        extractionQueue: opts.queues.incomingFiles,
        receiveQueue: opts.queues.exchangeReceive,
        transports,
        signing,
        maxBytes: config.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024,
        unsignedEnvelope: config.EXCHANGE_UNSIGNED,
        statusSends: { attempts: config.EXCHANGE_SEND_ATTEMPTS, retryDelayMs: config.EXCHANGE_RETRY_DELAY_MS },
      }),
      { connection, prefix: opts.prefix, concurrency: 4 },
    ),
    // Mostly waiting on the axis; building and signing a package is short.
    new Worker(queueNames.exchangeSend, exchangeSendProcessor(exchange), { connection, prefix: opts.prefix, concurrency: 4 }),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => opts.log.warn({ queue: w.name, job: job?.name, jobId: job?.id, err }, 'job failed'));
    w.on('completed', (job, result) => opts.log.debug({ queue: w.name, job: job.name, jobId: job.id, result }, 'job completed'));
  }
  const schedules: Schedule[] = maintenanceSchedules(config).map((s) => ({
    queue: 'maintenance' as const,
    id: s.id,
    name: s.id,
    everyMs: s.everyMs,
    opts: { removeOnComplete: 100, removeOnFail: 500 },
  }));
  if (transports.size) {
    const every = config.EXCHANGE_POLL_SECONDS * 1000;
    schedules.push({
      queue: 'exchangeReceive',
      id: EXCHANGE_POLL_SCHEDULER,
      name: POLL_JOB,
      everyMs: every,
      opts: { removeOnComplete: 100, removeOnFail: 500 },
    });
    // A failed poll is retried by the next one: keep only the latest few failures for the admin screen.
    schedules.push({
      queue: 'exchangeSend',
      id: POLL_STATUSES_JOB,
      name: POLL_STATUSES_JOB,
      everyMs: every,
      opts: { removeOnComplete: 100, removeOnFail: 20 },
    });
  } else {
    await opts.queues.exchangeReceive.removeJobScheduler(EXCHANGE_POLL_SCHEDULER);
    await opts.queues.exchangeSend.removeJobScheduler(POLL_STATUSES_JOB);
  }
  await upsertSchedules(opts.queues, schedules);
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  // Where workers run, the recovery sweep runs: every job a committed row still owes is queued again (at start, then periodically).
  const recovery = startRecovery({
    db: opts.db,
    queues: opts.queues,
    sources: recoverySources(config),
    schedules,
    intervalMs: config.RECOVERY_INTERVAL_SECONDS * 1000,
    log: opts.log,
  });
  await recovery.started;
  return {
    workers,
    async close() {
      recovery.stop();
      await Promise.all(workers.map((w) => w.close()));
      connection.disconnect();
    },
  };
}
