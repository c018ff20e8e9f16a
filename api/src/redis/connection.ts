import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from 'pino';


/** BullMQ workers need `maxRetriesPerRequest: null`; the same options serve queues and plain commands. */
export function createRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
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
