import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Content-addressed storage of file bytes: a blob is named by the SHA-256 of its content, so the same
 * bytes are stored once and a stored blob never changes. The database keeps only the hash.
 * Implementations: local disk (local-disk.ts, the default) and an S3-compatible bucket (s3.ts, BLOB_STORE=s3).
 */
export interface BlobStore {
  /** Stores the stream's bytes; resolves once they are durable under their hash. */
  put(content: Readable): Promise<StoredBlob>;
  /** Streams a stored blob; fails with a `blob.not_found` error when absent. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Removes a blob; absent blobs are ignored. */
  delete(sha256: string): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class BlobNotFoundError extends Error {
  readonly code = 'blob.not_found';
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} not found`);
  }
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
