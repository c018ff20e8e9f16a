// What `npm run bench:load` drives: the address the virtual users call and the server processes whose CPU and
// memory it reports: one API instance (api/src/server.ts's startSystem, workers in process), or with
// --instances N the cluster (nginx + N API instances + workers, as `npm run start:cluster`).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startCluster } from '../cluster';

export interface Target {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** What it is, for the report: "1 API instance (workers in process)". */
  description: string;
  /** Process ids of its node processes (API instances, workers), for CPU seconds and memory. */
  pids(): number[];
  close(): Promise<void>;
}

export interface TargetOptions {
  /** Environment of the server processes (DATABASE_URL, REDIS_URL, DATA_DIR, PKI_DIR…). */
  env: Record<string, string>;
  /** API instances wanted; more than one needs the cluster. */
  instances: number;
  /** Where to write a V8 CPU profile of each API instance (at its exit); none if unset. */
  profileDir?: string;
}

/** One API instance in a child process, as `npm start` runs it (without building the web). */
async function startSingle({ env, profileDir }: TargetOptions): Promise<Target> {
  const child: ChildProcess = fork(path.join(__dirname, 'api-instance.ts'), [], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`the API instance stopped before listening (exit ${code})`)));
  });
  return {
    url,
    description: '1 API instance, workers in process (api/src/server.ts startSystem)',
    pids: () => (child.pid ? [child.pid] : []),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startTarget(opts: TargetOptions): Promise<Target> {
  if (opts.instances <= 1) return startSingle(opts);
  // nginx + N API instances + the workers process (scripts/cluster.ts, as `npm run start:cluster`). The workers'
  // process is not among the pids: its CPU is not counted apart.
  const cluster = await startCluster({ instances: opts.instances, env: opts.env, port: 0, output: 'pipe' });
  return {
    url: cluster.url,
    description: `nginx + ${opts.instances} API instances + workers (scripts/cluster.ts)`,
    pids: () => cluster.instances.filter((i) => i.alive).map((i) => i.pid),
    close: () => cluster.stop(),
  };
}
