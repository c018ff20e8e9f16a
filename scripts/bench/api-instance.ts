// One API instance (with its workers) for `npm run bench:load`, in a process of its own so the load generator
// does not share its event loop: configured by the environment like `npm start`, it tells its parent its address.
import { loadConfig } from '../../api/src/config';
import { closeOnSignals, startSystem } from '../../api/src/server';

startSystem(loadConfig())
  .then((system) => {
    process.send?.({ url: system.url });
    closeOnSignals(system);
  })
  .catch((err: Error) => {
    console.error(`api instance could not start: ${err.stack ?? err.message}`);
    process.exit(1);
  });
