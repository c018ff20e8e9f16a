// `npx tsx scripts/bench/blob-store.ts [MiB]`: upload and download rate of one blob through the local store and the S3
// store against s3rver on loopback (the test server of test/api/storage.test.ts). Measured once; not a test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../api/src/storage/blob-store';
import { LocalDiskBlobStore } from '../../api/src/storage/local-disk';
import { startS3rver } from '../../test/support/s3rver';

const MIB = 1024 * 1024;

async function measure(name: string, store: BlobStore, bytes: Buffer) {
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
  };
  let t = process.hrtime.bigint();
  const { sha256 } = await store.put(Readable.from(chunks()));
  const up = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  let n = 0;
  for await (const c of await store.get(sha256)) n += (c as Buffer).length;
  const down = Number(process.hrtime.bigint() - t) / 1e9;
  if (n !== bytes.length) throw new Error('short read');
  const mb = bytes.length / MIB;
  console.log(
    `${name.padEnd(28)} ${mb} MiB  upload ${(mb / up).toFixed(1)} MiB/s (${(up * 1000).toFixed(0)} ms)  download ${(mb / down).toFixed(1)} MiB/s (${(down * 1000).toFixed(0)} ms)`,
  );
}

async function main() {
  const size = Number(process.argv[2] ?? 64) * MIB;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-blobs-'));
  const server = await startS3rver();
  try {
    await measure('local disk', new LocalDiskBlobStore(root), crypto.randomBytes(size));
    const bucket = await server.createBucket('bench');
    await measure('S3 (s3rver), multipart', server.store(bucket), crypto.randomBytes(size));
    await measure('S3 (s3rver), one PutObject', server.store(bucket), crypto.randomBytes(4 * MIB));
    await measure('local disk', new LocalDiskBlobStore(root), crypto.randomBytes(4 * MIB));
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0));
