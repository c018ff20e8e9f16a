// The blob stores behind one interface (api/src/storage/blob-store.ts): the same behaviour suite runs against the
// local disk and against the S3 store on a real S3-protocol server (s3rver on a random loopback port).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BackupError, createBackup, restoreBackup } from '../../api/src/backup/service';
import { openBlobStore } from '../../api/src/storage';
import { BlobNotFoundError, readAll, type BlobStore } from '../../api/src/storage/blob-store';
import { LocalDiskBlobStore } from '../../api/src/storage/local-disk';
import { S3BlobStore } from '../../api/src/storage/s3';
import { startS3rver, type S3rverHandle } from '../support/s3rver';

const chunks = function* (bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
};
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const failingStream = () =>
  new Readable({
    read() {
      this.push(Buffer.alloc(1024, 1));
      this.destroy(new Error('client went away'));
    },
  });

/** One store under test: a fresh, empty one per test, and every object/file it holds (temp ones included). */
interface StoreHarness {
  store: BlobStore;
  stored(): Promise<string[]>;
  cleanup(): Promise<void>;
}

let server: S3rverHandle;
beforeAll(async () => {
  server = await startS3rver();
});
afterAll(() => server.stop());

let bucketSeq = 0;
const makers: [string, () => Promise<StoreHarness>][] = [
  [
    'local disk',
    async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-blobs-'));
      return {
        store: new LocalDiskBlobStore(root),
        stored: async () =>
          (fs.readdirSync(root, { recursive: true }) as string[]).filter((rel) => fs.statSync(path.join(root, rel)).isFile()).sort(),
        cleanup: async () => fs.rmSync(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3 (s3rver)',
    async () => {
      const bucket = await server.createBucket(`blobs-${++bucketSeq}`);
      const store = server.store(bucket);
      return { store, stored: () => server.keys(bucket), cleanup: async () => store.client.destroy() };
    },
  ],
];

describe.each(makers)('blob store: %s', (_name, make) => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await make();
  });
  afterEach(() => h.cleanup());

  it('stores a stream under its SHA-256 in two fan-out levels and reads it back', async () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const sha = sha256(bytes);
    const blob = await h.store.put(Readable.from(chunks(bytes, 64 * 1024)));
    expect(blob).toEqual({ sha256: sha, size: bytes.length });
    expect(await h.stored()).toEqual([`${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`]);
    expect(await h.store.has(sha)).toBe(true);
    expect((await readAll(await h.store.get(sha))).equals(bytes)).toBe(true);
  });

  it('stores the same content once', async () => {
    const a = await h.store.put(Readable.from([Buffer.from('văn bản')]));
    const b = await h.store.put(Readable.from([Buffer.from('văn '), Buffer.from('bản')]));
    expect(b).toEqual(a);
    expect(await h.stored()).toEqual([`${a.sha256.slice(0, 2)}/${a.sha256.slice(2, 4)}/${a.sha256}`]);
  });

  it('stores an empty blob', async () => {
    const blob = await h.store.put(Readable.from([]));
    expect(blob).toEqual({ sha256: sha256(Buffer.alloc(0)), size: 0 });
    expect((await readAll(await h.store.get(blob.sha256))).length).toBe(0);
  });

  it('deletes, ignores absent blobs, and reports a missing one as not found', async () => {
    const { sha256: sha } = await h.store.put(Readable.from([Buffer.from('x')]));
    await h.store.delete(sha);
    await h.store.delete(sha);
    expect(await h.store.has(sha)).toBe(false);
    await expect(h.store.get(sha)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(h.store.get(sha256(Buffer.from('never stored')))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(h.store.get('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await h.store.has('../../etc/passwd')).toBe(false);
    expect(await h.stored()).toEqual([]);
  });

  it('leaves nothing behind when the source stream fails half-way', async () => {
    await expect(h.store.put(failingStream())).rejects.toThrow('client went away');
    expect(await h.stored()).toEqual([]);
  });
});

describe('local-disk blob store layout', () => {
  it('writes through DATA_DIR/blobs/tmp and leaves it empty', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-blobs-'));
    try {
      const store = new LocalDiskBlobStore(root);
      await store.put(Readable.from([crypto.randomBytes(1000)]));
      await expect(store.put(failingStream())).rejects.toThrow('client went away');
      expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('S3 blob store', () => {
  it('sends a blob larger than one part as a multipart upload, streamed, and reads it back as a stream', async () => {
    const bucket = await server.createBucket('multipart');
    const store = server.store(bucket, { partSize: 5 * 1024 * 1024, queueSize: 2 });
    const requests = server.record();
    const bytes = crypto.randomBytes(12 * 1024 * 1024 + 5);
    const sha = sha256(bytes);
    expect(await store.put(Readable.from(chunks(bytes, 256 * 1024)))).toEqual({ sha256: sha, size: bytes.length });
    const seen = requests.stop();
    expect(seen.filter((r) => r.method === 'POST' && r.url.includes('?uploads')).length).toBe(1); // CreateMultipartUpload
    expect(seen.filter((r) => r.method === 'PUT' && /[?&]partNumber=\d+/.test(r.url)).length).toBe(3); // 5 + 5 + 2 MiB
    expect(seen.filter((r) => r.method === 'POST' && r.url.includes('uploadId=')).length).toBe(1); // CompleteMultipartUpload
    expect(seen.filter((r) => r.method === 'PUT' && r.copySource).length).toBe(1); // CopyObject to the content key
    // the temp object is gone; only the content key stays
    expect(await server.keys(bucket)).toEqual([S3BlobStore.keyOf(sha)]);
    const body = await store.get(sha);
    expect(body).toBeInstanceOf(Readable);
    let pieces = 0;
    const hash = crypto.createHash('sha256');
    for await (const piece of body) {
      pieces++;
      hash.update(piece as Buffer);
    }
    expect(hash.digest('hex')).toBe(sha);
    expect(pieces).toBeGreaterThan(1);

    // the same large content again: uploaded to a temp key, found already stored, not copied again
    const again = server.record();
    expect(await store.put(Readable.from(chunks(bytes, 1024 * 1024)))).toEqual({ sha256: sha, size: bytes.length });
    expect(again.stop().filter((r) => r.method === 'PUT' && r.copySource)).toEqual([]);
    expect(await server.keys(bucket)).toEqual([S3BlobStore.keyOf(sha)]);
    store.client.destroy();
  });

  it('aborts the multipart upload and leaves nothing when the source fails after the first part', async () => {
    const bucket = await server.createBucket('multipart-fail');
    const store = server.store(bucket, { partSize: 5 * 1024 * 1024 });
    const requests = server.record();
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 11 * 1024 * 1024) return this.destroy(new Error('client went away'));
        sent += 1024 * 1024;
        this.push(crypto.randomBytes(1024 * 1024));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('client went away');
    const seen = requests.stop();
    expect(seen.filter((r) => r.method === 'POST' && r.url.includes('?uploads')).length).toBe(1);
    // AbortMultipartUpload is sent (s3rver answers it 405, S3/MinIO/Ceph drop the parts); the error stays the source's
    expect(seen.filter((r) => r.method === 'DELETE' && r.url.includes('uploadId=')).length).toBe(1);
    expect(await server.keys(bucket)).toEqual([]);
    store.client.destroy();
  });

  it('a second instance (another store object on the same bucket, as another API process) reads what the first wrote', async () => {
    const bucket = await server.createBucket('shared');
    const first = openBlobStore({ dataDir: '/nonexistent', ...server.env(bucket) });
    const second = openBlobStore({ dataDir: '/nonexistent', ...server.env(bucket) });
    expect(first).toBeInstanceOf(S3BlobStore);
    expect(second).not.toBe(first);
    const bytes = crypto.randomBytes(100_000);
    const { sha256: sha } = await first.put(Readable.from([bytes]));
    expect(await second.has(sha)).toBe(true);
    expect((await readAll(await second.get(sha))).equals(bytes)).toBe(true);
    await second.delete(sha);
    await expect(first.get(sha)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('is configured from the environment: S3_BUCKET required, keys in pairs; the default stays the local disk', () => {
    expect(openBlobStore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-blobs-')) })).toBeInstanceOf(LocalDiskBlobStore);
    expect(() => openBlobStore({ dataDir: '/x', BLOB_STORE: 's3' })).toThrow('BLOB_STORE=s3 needs S3_BUCKET');
    expect(() => openBlobStore({ dataDir: '/x', BLOB_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
    );
  });

  it('npm run backup / restore refuse BLOB_STORE=s3 with the reason (they copy DATA_DIR/blobs)', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-s3-backup-'));
    const paths = { dataDir: work, pkiDir: work, trustStoreDir: work, BLOB_STORE: 's3' as const };
    try {
      await expect(createBackup(paths, path.join(work, 'out'))).rejects.toThrow(BackupError);
      await expect(createBackup(paths, path.join(work, 'out'))).rejects.toThrow(/BLOB_STORE=s3 keeps the blobs in a bucket/);
      await expect(restoreBackup(paths, path.join(work, 'out'))).rejects.toThrow(/npm run restore copies the local blob store/);
      expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
