import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, readAll } from '../../api/src/storage/blob-store';
import { LocalDiskBlobStore } from '../../api/src/storage/local-disk';

let root: string;
let store: LocalDiskBlobStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-blobs-'));
  store = new LocalDiskBlobStore(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const chunks = function* (bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
};

describe('local-disk blob store', () => {
  it('stores a stream under its SHA-256 in two fan-out levels and reads it back', async () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const blob = await store.put(Readable.from(chunks(bytes, 64 * 1024)));
    expect(blob).toEqual({ sha256: sha, size: bytes.length });
    expect(fs.existsSync(path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(true);
    expect(await store.has(sha)).toBe(true);
    expect((await readAll(await store.get(sha))).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores the same content once', async () => {
    const a = await store.put(Readable.from([Buffer.from('văn bản')]));
    const b = await store.put(Readable.from([Buffer.from('văn '), Buffer.from('bản')]));
    expect(b.sha256).toBe(a.sha256);
    expect(fs.readdirSync(path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
  });

  it('deletes, ignores absent blobs, and reports a missing one as not found', async () => {
    const { sha256 } = await store.put(Readable.from([Buffer.from('x')]));
    await store.delete(sha256);
    await store.delete(sha256);
    expect(await store.has(sha256)).toBe(false);
    await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('leaves nothing behind when the source stream fails half-way', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('client went away');
    expect(fs.readdirSync(root)).toEqual(['tmp']);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });
});
