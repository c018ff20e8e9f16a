// `npm run hub`: the exchange hub (emulated national axis), a separate service with its own database.
import { loadConfig } from '../api/src/config';
import { startHub } from '../api/src/exchange-hub/app';

startHub(loadConfig()).then(
  (hub) => {
    console.log(`vanthu exchange hub is running at ${hub.url}/api/v1`);
    let closing = false;
    const stop = async (signal: string) => {
      if (closing) return;
      closing = true;
      hub.log.info({ signal }, 'shutting down');
      await hub.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (err: Error) => {
    console.error(`vanthu exchange hub could not start: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
