// One process of `npm run start:cluster` (scripts/cluster.ts): an API instance, or the workers (`workers` argument).
// It tells its parent over IPC once it serves, with its URL.
import { loadConfig } from '../api/src/config';
import { closeOnSignals, startSystem } from '../api/src/server';

const role = process.argv[2] === 'workers' ? 'workers' : 'server';

startSystem(loadConfig(), role).then(
  (system) => {
    closeOnSignals(system);
    // A parent gone without stopping us (killed) must not leave an instance serving on its own.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    process.send?.({ ready: system.url ?? null });
  },
  (err: Error) => {
    console.error(`vanthu ${role} could not start: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
