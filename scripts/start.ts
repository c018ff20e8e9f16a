// `npm start`: builds the web app when missing or stale, then serves API + web (+ workers) on one port.
import { loadConfig } from '../api/src/config';
import { RedisUnavailableError } from '../api/src/redis/connection';
import { closeOnSignals, startSystem } from '../api/src/server';
import { buildWebIfStale } from './web-build';

async function main() {
  const config = loadConfig();
  buildWebIfStale(config.webDist);
  const system = await startSystem(config);
  console.log(`vanthu is running at ${system.url}/`);
  closeOnSignals(system);
}

main().catch((err: Error) => {
  console.error(err instanceof RedisUnavailableError ? err.message : `vanthu could not start: ${err.stack ?? err.message}`);
  process.exit(1);
});
