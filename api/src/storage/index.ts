import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk';

type StoreConfig = Pick<
  Config,
  'dataDir' | 'BLOB_STORE' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_FORCE_PATH_STYLE' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
>;

/** The configured blob store: local disk under the data directory (default), or an S3-compatible bucket (BLOB_STORE=s3). */
export function openBlobStore(config: Pick<Config, 'dataDir'> & Partial<StoreConfig>): BlobStore {
  if (config.BLOB_STORE === 's3') {
    // Loaded only when chosen: the AWS SDK takes ≈ 0.45 s to load, which the default local start does not pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { S3BlobStore } = require('./s3') as typeof import('./s3');
    return new S3BlobStore(s3Options(config));
  }
  return new LocalDiskBlobStore(path.join(config.dataDir, 'blobs'));
}

function s3Options(config: Partial<StoreConfig>) {
  if (!config.S3_BUCKET) throw new Error('Invalid configuration: BLOB_STORE=s3 needs S3_BUCKET');
  if (!!config.S3_ACCESS_KEY_ID !== !!config.S3_SECRET_ACCESS_KEY)
    throw new Error(
      'Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS default credential chain)',
    );
  return {
    endpoint: config.S3_ENDPOINT,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION ?? 'us-east-1',
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? false,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  };
}
