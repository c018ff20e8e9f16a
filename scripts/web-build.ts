import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Runs `ng build` when dist/web is missing or older than the web sources (used by `npm start` and the e2e suite). */
export function buildWebIfStale(webDist: string) {
  const index = path.join(webDist, 'index.html');
  const sources = ['web', 'angular.json', 'package-lock.json'].map((f) => path.join(root, f)).filter(fs.existsSync);
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built > Math.max(...sources.map(newestMtime))) return;
  console.log('Building the web app (ng build)…');
  const ng = path.join(root, 'node_modules', '.bin', 'ng');
  const r = spawnSync(ng, ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  if (r.status !== 0) throw new Error('ng build failed');
}
