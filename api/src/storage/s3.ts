import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, SHA256_HEX, type BlobStore, type StoredBlob } from './blob-store';

export interface S3BlobStoreOptions {
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bytes per multipart part (S3's minimum is 5 MiB); a blob no larger than one part is sent in one PutObject. */
  partSize?: number;
  /** Parts uploaded at once by one `put`. */
  queueSize?: number;
}

/** Largest object CopyObject copies in one call (S3's limit); uploads are far below it (UPLOAD_MAX_FILE_MB, EXCHANGE_MAX_PACKAGE_MB). */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const TMP_PREFIX = 'tmp/';

const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

/**
 * Blobs as objects `ab/cd/<sha256>` of one bucket (the local store's layout, so `aws s3 sync` moves a
 * DATA_DIR/blobs there and back). The name is the SHA-256 of the bytes, known only once they have all been
 * read, so `put`:
 * - a blob no larger than one part is read into memory, hashed and written with one PutObject under its name
 *   (its SigV4 payload hash is that same SHA-256, so the server checks the bytes it keeps);
 * - a larger one is streamed while hashed to `tmp/<uuid>` by a multipart upload (parts of `partSize`, a few at
 *   once), then copied server-side to its name and the temp object deleted.
 * Either way an object appears under a content name only complete (PutObject / CopyObject are atomic), and a
 * second put of the same bytes finds it there (HeadObject) and writes nothing more: idempotent, as on disk.
 * A failed upload aborts its multipart upload and deletes its temp object; a crash in between leaves a
 * `tmp/` object, for the bucket's lifecycle rule (README) to expire.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024);
    this.queueSize = options.queueSize ?? 4;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      // No CRC32 trailers (aws-chunked) unless an operation demands them: MinIO, Ceph RGW and s3rver releases
      // before 2025 reject them; the content's integrity is our own SHA-256 anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      // An unreachable or stalled store fails the request (and is retried by the SDK) instead of holding it forever:
      // 5 s to connect, 60 s without a byte on an open connection (idle, not total: a long download is not cut).
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  static keyOf(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(content: Readable): Promise<StoredBlob> {
    const hash = crypto.createHash('sha256');
    let size = 0;
    const iterator = (content as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes <= this.partSize) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      hash.update(chunk);
      size += chunk.length;
      head.push(chunk);
      headBytes += chunk.length;
    }
    if (ended) {
      const sha256 = hash.digest('hex');
      if (!(await this.has(sha256)))
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: S3BlobStore.keyOf(sha256), Body: Buffer.concat(head), ContentLength: size }),
        );
      return { sha256, size };
    }
    const tmpKey = `${TMP_PREFIX}${crypto.randomUUID()}`;
    const rest = async function* () {
      yield* head;
      head.length = 0;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    };
    let sourceError: unknown;
    const body = Readable.from(
      (async function* () {
        try {
          yield* rest();
        } catch (e) {
          sourceError = e;
          throw e;
        }
      })(),
    );
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: tmpKey, Body: body },
        partSize: this.partSize,
        queueSize: this.queueSize,
        leavePartsOnError: false, // a failed upload is aborted: no parts stay billed in the bucket
      })
        .done()
        // The source's own failure (a client gone away) is the cause, not what the aborted upload reports after it.
        .catch((e: unknown) => {
          throw sourceError ?? e;
        });
      const sha256 = hash.digest('hex');
      if (!(await this.has(sha256))) {
        if (size > MAX_SINGLE_COPY) throw new Error(`Blob of ${size} bytes exceeds the 5 GiB of one S3 CopyObject`);
        await this.client.send(
          new CopyObjectCommand({ Bucket: this.bucket, Key: S3BlobStore.keyOf(sha256), CopySource: `${this.bucket}/${tmpKey}` }),
        );
      }
      return { sha256, size };
    } finally {
      content.destroy();
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
    }
  }

  async get(sha256: string): Promise<Readable> {
    if (!SHA256_HEX.test(sha256)) throw new BlobNotFoundError(sha256);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: S3BlobStore.keyOf(sha256) }));
      return out.Body as Readable;
    } catch (e) {
      if (isMissing(e)) throw new BlobNotFoundError(sha256);
      throw e;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: S3BlobStore.keyOf(sha256) }));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) return;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: S3BlobStore.keyOf(sha256) }));
  }
}
