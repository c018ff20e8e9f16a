// `npm start`: builds the web app when missing or stale, then serves API + web (+ workers) on one port.
import { loadConfig } from '../api/src/config';
import { checkPorts } from '../api/src/ports';
import { closeOnSignals, startSystem } from '../api/src/server';
import { failedToStart, prepareFirstStart } from './first-start';

async function main() {
  const config = await checkPorts(loadConfig());
  await prepareFirstStart(config);
  const system = await startSystem(config);
  console.log(`vanthu is running at ${system.url}/`);
  closeOnSignals(system);
}

main().catch(failedToStart);
