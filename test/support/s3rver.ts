// A real S3-protocol server for the tests: s3rver on a random loopback port, files in a temp folder.
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3BlobStore, type S3BlobStoreOptions } from '../../api/src/storage/s3';

/** s3rver's built-in key pair (it checks SigV4 signatures against it). */
const KEY = 'S3RVER';

export interface S3rverHandle {
  endpoint: string;
  /** A client of its own, for a test to alter the bucket behind the store's back. */
  admin: S3Client;
  createBucket(name: string): Promise<string>;
  /** A new S3BlobStore (its own client, as another API process would have) on `bucket`. */
  store(bucket: string, extra?: Partial<S3BlobStoreOptions>): S3BlobStore;
  /** The BLOB_STORE=s3 settings of `bucket`, as the environment gives them. */
  env(bucket: string): {
    BLOB_STORE: 's3';
    S3_ENDPOINT: string;
    S3_BUCKET: string;
    S3_REGION: string;
    S3_FORCE_PATH_STYLE: boolean;
    S3_ACCESS_KEY_ID: string;
    S3_SECRET_ACCESS_KEY: string;
  };
  /** Every key of `bucket`, sorted (temp objects included). */
  keys(bucket: string): Promise<string[]>;
  /** Records the requests the server receives until `stop()`. */
  record(): { stop(): { method: string; url: string; copySource?: string }[] };
  stop(): Promise<void>;
}

export async function startS3rver(): Promise<S3rverHandle> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const options = (bucket: string) => ({
    endpoint,
    bucket,
    region: 'us-east-1',
    forcePathStyle: true,
    accessKeyId: KEY,
    secretAccessKey: KEY,
  });
  const admin = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    admin,
    async createBucket(name) {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    store: (bucket, extra = {}) => new S3BlobStore({ ...options(bucket), ...extra }),
    env: (bucket) => ({
      BLOB_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: KEY,
      S3_SECRET_ACCESS_KEY: KEY,
    }),
    async keys(bucket) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await admin.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    record() {
      const seen: { method: string; url: string; copySource?: string }[] = [];
      const listener = (req: IncomingMessage) => {
        const copySource = req.headers['x-amz-copy-source'];
        seen.push({ method: req.method ?? '', url: req.url ?? '', ...(copySource ? { copySource: String(copySource) } : {}) });
      };
      server.httpServer.on('request', listener);
      return {
        stop: () => {
          server.httpServer.off('request', listener);
          return seen;
        },
      };
    },
    async stop() {
      admin.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
