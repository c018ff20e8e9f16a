// `npm run start:cluster`: API_INSTANCES API processes + the workers behind nginx on PORT (scripts/cluster.ts).
import { loadConfig } from '../api/src/config';
import { checkPorts } from '../api/src/ports';
import { clusterPrerequisites, startCluster } from './cluster';
import { failedToStart, prepareFirstStart } from './first-start';

async function main() {
  const config = await checkPorts(loadConfig());
  clusterPrerequisites(config);
  await prepareFirstStart(config);
  const cluster = await startCluster({ output: 'inherit' });
  console.log(`vanthu is running at ${cluster.url}/ (${cluster.instances.length} API instances behind nginx)`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(failedToStart);
