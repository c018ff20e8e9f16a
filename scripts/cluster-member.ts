// One process of `npm run start:cluster` (scripts/cluster.ts): an API instance, or the workers (`workers` argument).
// Its modules load while the parent migrates the database; it starts when told, and answers with its URL once it serves.
import { loadConfig } from '../api/src/config';
import { closeOnSignals, startSystem } from '../api/src/server';

const role = process.argv[2] === 'workers' ? 'workers' : 'server';

process.once('message', () => {
  startSystem(loadConfig(), role).then(
    (system) => {
      closeOnSignals(system);
      process.send?.({ ready: system.url ?? null });
    },
    (err: Error) => {
      console.error(`vanthu ${role} could not start: ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
});
// A parent gone without stopping us (killed) must not leave an instance serving on its own.
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
