import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, SHA256_HEX, type BlobStore, type StoredBlob } from './blob-store';

/**
 * Blobs under `<root>/ab/cd/<sha256>`: two levels of fan-out keep directories small. Writes go to
 * `<root>/tmp` first and are renamed into place, so a reader never sees a half-written blob and a crash
 * leaves at most a stray temp file (same file system, so the rename is atomic).
 */
export class LocalDiskBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  private pathOf(sha256: string) {
    if (!SHA256_HEX.test(sha256)) throw new BlobNotFoundError(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Readable): Promise<StoredBlob> {
    const tmp = path.join(this.tmpDir, `${crypto.randomUUID()}.part`);
    const hash = crypto.createHash('sha256');
    let size = 0;
    try {
      content.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      await pipeline(content, fs.createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.rename(tmp, target);
      return { sha256, size };
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(sha256);
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    return fs.promises.access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async delete(sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return;
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
}
