import fs from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { startWorkers, type RunningWorkers } from '../../workers/src';
import { createApp } from './app';
import { createLogger } from './logger';
import type { Config } from './config';
import { migrateDatabase, openDatabase, pgliteDataDir, pgliteSocketFile, type Database } from './db/client';
import { portInUse } from './ports';
import { closeQueues, openQueues } from './queues';
import { createFailFastRedis, ensureRedis } from './redis/connection';
import { openBlobStore } from './storage';
import { startTempSweep, tempDirs } from './storage/temp-files';
import { formatLogins, seedDemo } from './seed/seed';
import { warnIfDevRootTrusted } from './signing/trust-check';
import { setAuditChains } from './audit/service';

export interface System {
  url?: string;
  database: Database;
  log: Logger;
  close(): Promise<void>;
}

/**
 * The embedded PGlite lives inside the `npm start` process; a separate `npm run workers` process reaches it
 * through the local socket that process publishes. With DATABASE_URL every process connects on its own.
 */
async function openForRole(
  config: Config,
  role: 'server' | 'workers',
  log: Logger,
): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (config.DATABASE_URL) return { database: await openDatabase({ url: config.DATABASE_URL }), cleanup: async () => {} };
  if (role === 'workers') {
    if (!fs.existsSync(pgliteSocketFile(config.dataDir))) {
      throw new Error(
        'No DATABASE_URL and no running `npm start` to share its embedded database: start `npm start` first, or set DATABASE_URL.',
      );
    }
    const { port } = JSON.parse(fs.readFileSync(pgliteSocketFile(config.dataDir), 'utf8')) as { port: number };
    return { database: await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/postgres` }), cleanup: async () => {} };
  }
  const database = await openDatabase({ pgliteDir: pgliteDataDir(config.dataDir) });
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const socket = new PGLiteSocketServer({ db: database.pglite!, host: '127.0.0.1', port: config.PGLITE_SOCKET_PORT, maxConnections: 20 });
  await socket.start().catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? portInUse('PGLITE_SOCKET_PORT', '127.0.0.1', config.PGLITE_SOCKET_PORT) : err;
  });
  fs.writeFileSync(pgliteSocketFile(config.dataDir), JSON.stringify({ port: config.PGLITE_SOCKET_PORT, pid: process.pid }));
  log.info(
    { dir: pgliteDataDir(config.dataDir), socketPort: config.PGLITE_SOCKET_PORT },
    'embedded PGlite database (set DATABASE_URL for PostgreSQL)',
  );
  return {
    database,
    cleanup: async () => {
      await socket.stop();
      fs.rmSync(pgliteSocketFile(config.dataDir), { force: true });
    },
  };
}

/** Brings the schema up to date and, on a first start with SEED_DEMO, seeds the demo (printing its logins). */
export async function prepareDatabase(database: Database, config: Config) {
  await migrateDatabase(database);
  if (config.SEED_DEMO) {
    const seeded = await seedDemo(database.db, config.DEMO_PASSWORD);
    if (seeded.seeded && config.LOG_LEVEL !== 'silent') console.log(formatLogins(seeded, config.DEMO_PASSWORD));
  }
}

/** Starts the HTTP server (API + web) and, unless disabled, the workers in the same process; or the workers alone. */
export async function startSystem(config: Config, role: 'server' | 'workers' = 'server'): Promise<System> {
  const log = createLogger(config.LOG_LEVEL, role);
  setAuditChains(config.AUDIT_CHAINS);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const { url: redisUrl, child: redisChild } = await ensureRedis(config.REDIS_URL, config.dataDir, log);
  const { database, cleanup } = await openForRole(config, role, log);
  if (role === 'server') {
    await warnIfDevRootTrusted(config.trustStoreDir, process.env.NODE_ENV, log);
    await prepareDatabase(database, config);
  }
  // Requests must not wait on Redis: their connection fails fast (workers keep their own, patient one).
  const redis = await createFailFastRedis(redisUrl, config.REDIS_COMMAND_TIMEOUT_MS);
  const queues = openQueues(redis, config.QUEUE_PREFIX);
  const tempSweep = startTempSweep({
    dirs: tempDirs(config),
    maxAgeMs: config.TEMP_MAX_AGE_MINUTES * 60_000,
    intervalMs: config.RECOVERY_INTERVAL_SECONDS * 1000,
    log,
  });
  await tempSweep.started;
  let workers: RunningWorkers | undefined;
  if (role === 'workers' || config.WORKERS_IN_PROCESS) {
    workers = await startWorkers({
      db: database.db,
      redisUrl,
      prefix: config.QUEUE_PREFIX,
      queues,
      blobs: openBlobStore(config),
      log,
      config,
    });
    log.info({ queues: workers.workers.map((w) => w.name) }, 'workers started');
  }
  let server: Server | undefined;
  let closeApp: (() => void) | undefined;
  let url: string | undefined;
  if (role === 'server') {
    const created = createApp({ config, database, redis, queues, log });
    closeApp = created.close;
    const app = created.app;
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s));
      s.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? portInUse('PORT', config.HOST, config.PORT) : err),
      );
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
    log.info({ url }, 'vanthu is listening');
  }
  return {
    url,
    database,
    log,
    async close() {
      tempSweep.stop();
      closeApp?.(); // ends live event streams first, or server.close() would wait for them forever
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      await workers?.close();
      await closeQueues(queues);
      redis.disconnect();
      await cleanup();
      await database.close();
      if (redisChild) {
        redisChild.kill('SIGTERM');
        await new Promise((r) => redisChild.once('exit', r));
      }
    },
  };
}

/** Runs until SIGINT/SIGTERM, then shuts down in order so no job or request is cut half-way. */
export function closeOnSignals(system: System) {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    system.log.info({ signal }, 'shutting down');
    await system.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
