// `npm run workers`: workers alone, for scale-out next to `npm start` (same DATABASE_URL/REDIS_URL).
import { loadConfig } from '../../api/src/config';
import { closeOnSignals, startSystem } from '../../api/src/server';

startSystem(loadConfig(), 'workers').then(closeOnSignals, (err: Error) => {
  console.error(`vanthu workers could not start: ${err.message}`);
  process.exit(1);
});
