import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';

/** BullMQ workers need `maxRetriesPerRequest: null`: a worker waits out a Redis outage and carries on. */
export function createRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
}

/**
 * The connection of request paths (the API's queues, login throttling, live notifications, health): a command
 * while Redis is unreachable fails at once (no offline queue) and one sent into a connection that went silent
 * fails after `commandTimeoutMs`, so a request answers 503 instead of waiting for Redis to come back.
 * Resolves once connected: without an offline queue an early command would fail.
 */
export async function createFailFastRedis(url: string, commandTimeoutMs: number): Promise<Redis> {
  const redis = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 5000,
  });
  // Errors reach the callers of the failed commands; the connection retries on its own.
  redis.on('error', () => {});
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisUnavailableError(`Redis at ${url} did not become ready within 10 s`)), 10_000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    }).catch((e) => {
      redis.disconnect();
      throw e;
    });
  }
  return redis;
}

/** What ioredis throws when Redis cannot be reached (fail-fast connection) or does not answer in time. */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  if (!e?.message) return false;
  return e.name === 'MaxRetriesPerRequestError' || /^(Stream isn't writeable|Command timed out|Connection is closed)/.test(e.message);
}

async function answers(url: string): Promise<boolean> {
  const probe = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export class RedisUnavailableError extends Error {}

/**
 * Returns a Redis URL that answers. With REDIS_URL set it must answer; otherwise 127.0.0.1:6379 is tried and,
 * if silent, a local `redis-server` is started with append-only persistence under the data directory
 * so queued jobs survive restarts.
 */
export async function ensureRedis(
  configuredUrl: string | undefined,
  dataDir: string,
  log: Logger,
  localPort = 6379,
): Promise<{ url: string; child?: ChildProcess }> {
  const localUrl = `redis://127.0.0.1:${localPort}`;
  if (configuredUrl) {
    if (await answers(configuredUrl)) return { url: configuredUrl };
    throw new RedisUnavailableError(`Redis at REDIS_URL=${configuredUrl} does not answer.`);
  }
  if (await answers(localUrl)) return { url: localUrl };
  const which = spawnSync('/bin/sh', ['-c', 'command -v redis-server'], { encoding: 'utf8', env: process.env });
  const bin = which.stdout.trim();
  if (!bin) {
    throw new RedisUnavailableError(
      `No Redis answers on 127.0.0.1:${localPort} and redis-server is not installed: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL.`,
    );
  }
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  log.info({ dir }, 'starting a local redis-server (append-only persistence)');
  const child = spawn(bin, ['--port', String(localPort), '--bind', '127.0.0.1', '--appendonly', 'yes', '--save', '', '--dir', dir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50; i++) {
    if (await answers(localUrl)) return { url: localUrl, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new RedisUnavailableError(`redis-server was started from ${bin} but did not answer within 5 s.`);
}
