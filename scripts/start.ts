// `npm start`: builds the web app when missing or stale, then serves API + web (+ workers) on one port.
import fs from 'node:fs';
import { loadConfig } from '../api/src/config';
import { PortInUseError, checkPorts } from '../api/src/ports';
import { RedisUnavailableError } from '../api/src/redis/connection';
import { closeOnSignals, startSystem } from '../api/src/server';
import { generateDemoPki } from '../api/src/signing/demo';
import { pkiPaths } from '../api/src/signing/pki';
import { buildWebIfStale } from './web-build';

async function main() {
  const config = await checkPorts(loadConfig());
  buildWebIfStale(config.webDist);
  if (config.SEED_DEMO && !fs.existsSync(pkiPaths(config.pkiDir).rootCert)) {
    // A demo install signs out of the box; production points PKI_DIR/TRUST_STORE_DIR at real certificates.
    console.log(`Creating the dev PKI (DEV ONLY) in ${config.pkiDir}…`);
    await generateDemoPki(config);
  }
  const system = await startSystem(config);
  console.log(`vanthu is running at ${system.url}/`);
  closeOnSignals(system);
}

main().catch((err: Error) => {
  console.error(
    err instanceof RedisUnavailableError || err instanceof PortInUseError
      ? err.message
      : `vanthu could not start: ${err.stack ?? err.message}`,
  );
  process.exit(1);
});
