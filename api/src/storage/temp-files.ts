import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';

/**
 * Where files live only while a request or job uses them: uploads being received (files/upload.ts) and blobs
 * being written before their rename into place (storage/local-disk.ts). A process killed meanwhile leaves them.
 */
export const tempDirs = (config: Pick<Config, 'dataDir'>) => [
  path.join(config.dataDir, 'tmp', 'uploads'),
  path.join(config.dataDir, 'blobs', 'tmp'),
];

/**
 * Deletes the files of `dirs` not modified for `maxAgeMs`. Age is the only test of "in use": a file being
 * written is touched as it grows, and none is kept by a request for anything near the threshold.
 */
export async function sweepTempFiles(dirs: string[], maxAgeMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue; // not created yet
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const stat = await fs.lstat(file);
        if (!stat.isFile() || now - stat.mtimeMs < maxAgeMs) continue;
        await fs.rm(file, { force: true });
        removed++;
      } catch {
        // gone meanwhile (its request finished): nothing to do
      }
    }
  }
  return removed;
}

/** The temp-file sweep at start and then every `intervalMs`. */
export function startTempSweep(opts: { dirs: string[]; maxAgeMs: number; intervalMs: number; log: Logger }): {
  started: Promise<void>;
  stop(): void;
} {
  const sweep = () =>
    sweepTempFiles(opts.dirs, opts.maxAgeMs).then(
      (removed) => {
        if (removed) opts.log.info({ removed, dirs: opts.dirs }, 'temp-file sweep: left-overs of a crash deleted');
      },
      (err) => opts.log.error({ err }, 'temp-file sweep failed'),
    );
  const timer = setInterval(sweep, opts.intervalMs);
  timer.unref();
  return { started: sweep(), stop: () => clearInterval(timer) };
}
