import { loadConfig } from '../../api/src/config';
import { buildWebIfStale } from '../../scripts/web-build';

/** The browser tests run against the production build the server serves. */
export default async function globalSetup() {
  buildWebIfStale(loadConfig().webDist);
}
