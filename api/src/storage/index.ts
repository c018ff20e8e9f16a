import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk';

/** The configured blob store (local disk under the data directory; the place to choose S3 later). */
export function openBlobStore(config: Pick<Config, 'dataDir'>): BlobStore {
  return new LocalDiskBlobStore(path.join(config.dataDir, 'blobs'));
}
