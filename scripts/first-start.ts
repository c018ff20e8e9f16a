import fs from 'node:fs';
import type { Config } from '../api/src/config';
import { PortInUseError } from '../api/src/ports';
import { RedisUnavailableError } from '../api/src/redis/connection';
import { generateDemoPki } from '../api/src/signing/demo';
import { pkiPaths } from '../api/src/signing/pki';
import { buildWebIfStale } from './web-build';

/** What `npm start` and `npm run start:cluster` do before the server starts: the web build, and the dev PKI of a demo. */
export async function prepareFirstStart(config: Config) {
  buildWebIfStale(config.webDist);
  if (config.SEED_DEMO && !fs.existsSync(pkiPaths(config.pkiDir).rootCert)) {
    // A demo install signs out of the box; production points PKI_DIR/TRUST_STORE_DIR at real certificates.
    console.log(`Creating the dev PKI (DEV ONLY) in ${config.pkiDir}…`);
    await generateDemoPki(config);
  }
}

/** Ends a start that failed with one line for the errors an operator fixes by a setting, a stack for the rest. */
export function failedToStart(err: Error): never {
  const known = err instanceof RedisUnavailableError || err instanceof PortInUseError;
  console.error(known ? err.message : `vanthu could not start: ${err.stack ?? err.message}`);
  process.exit(1);
}
