// Several API instances behind nginx on one PostgreSQL, Redis and blob store: `npm run start:cluster` and the
// load benches start it through `startCluster`.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../api/src/config';
import { openDatabase } from '../api/src/db/client';
import { createLogger } from '../api/src/logger';
import { anyFreePort } from '../api/src/ports';
import { ensureRedis } from '../api/src/redis/connection';
import { prepareDatabase } from '../api/src/server';

const root = path.resolve(__dirname, '..');
const memberScript = path.join(__dirname, 'cluster-member.ts');
export const nginxTemplate = path.join(root, 'deploy', 'nginx.conf');

/** The nginx binary (Debian installs it in /usr/sbin, often not on a user's PATH), or undefined. */
export function findNginx(): string | undefined {
  const which = spawnSync('/bin/sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  return which || ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => fs.existsSync(p));
}

/** deploy/nginx.conf with its fields filled in. */
export function renderNginxConf(opts: { runDir: string; listen: string; upstreams: number[]; config: Config }): string {
  const maxBodyMb = Math.ceil(opts.config.UPLOAD_MAX_FILE_MB * opts.config.UPLOAD_MAX_FILES) + 1;
  const servers = opts.upstreams.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join('\n    ');
  return fs
    .readFileSync(nginxTemplate, 'utf8')
    .replaceAll('{{RUN_DIR}}', opts.runDir)
    .replaceAll('{{LISTEN}}', opts.listen)
    .replaceAll('{{SERVERS}}', servers)
    .replaceAll('{{MAX_BODY_MB}}', String(maxBodyMb));
}

export interface ClusterOptions {
  /** API processes behind nginx; default API_INSTANCES (2). */
  instances?: number;
  /** Settings of every process, over process.env (DATABASE_URL, REDIS_URL, QUEUE_PREFIX, DATA_DIR, LOG_LEVEL…). */
  env?: Record<string, string>;
  /** Port nginx listens on; default PORT, 0 = any free port. */
  port?: number;
  /** Also start the workers process (default true). */
  workers?: boolean;
  /** `inherit` shows every process's log (the command line); `pipe` keeps its tail for error messages (tests, benches). */
  output?: 'inherit' | 'pipe';
}

export interface ClusterMember {
  url: string;
  pid: number;
  /** False once it has exited (killed, or crashed). */
  alive: boolean;
}

export interface Cluster {
  /** nginx: what users reach. */
  url: string;
  /** The API instances, each reachable directly at its own URL (loopback). */
  instances: ClusterMember[];
  /** Ends instance `i` at once (SIGKILL by default), as a crash would; nginx sends its traffic to the others. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed instance `i` again on its port; nginx sends it traffic again within 5 s (fail_timeout). */
  restart(i: number): Promise<void>;
  /** Stops everything in order: nginx stops accepting, instances finish their requests, then the workers. */
  stop(): Promise<void>;
}

class Member {
  readonly child: ChildProcess;
  output = '';
  exitCode: number | null | undefined = undefined;
  readonly exited: Promise<void>;
  url = '';

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    outputMode: 'inherit' | 'pipe',
  ) {
    // Own process group: a Ctrl-C in the terminal reaches the parent only, which stops everything in order.
    this.child = fork(memberScript, args, {
      cwd: root,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: outputMode === 'inherit' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    this.child.on('error', () => {}); // a message to a member that has just died: its exit tells the rest
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((r) =>
      this.child.once('exit', (code) => {
        this.exitCode = code;
        r();
      }),
    );
  }

  ready(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start in ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      this.child.once('message', (m: { ready?: string | null }) => {
        clearTimeout(timer);
        this.url = m.ready ?? '';
        resolve(this.url);
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${this.exitCode}) before it was ready:\n${this.output}`));
      });
    });
  }

  get alive() {
    return this.exitCode === undefined;
  }

  async signal(signal: NodeJS.Signals, graceMs = 15_000) {
    if (!this.alive) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

async function waitForHealth(url: string, nginx: ChildProcess, timeoutMs: number, errors: () => string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors()}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not answer at ${url} in ${timeoutMs} ms: ${errors()}`);
}

/** Checked before anything slow: a database several processes can share, and nginx. Returns nginx's path. */
export function clusterPrerequisites(config: Config): string {
  if (!config.DATABASE_URL) {
    throw new Error(
      'Several API instances need DATABASE_URL (PostgreSQL): the embedded PGlite belongs to one process. Use `npm start` without it.',
    );
  }
  const nginxBin = findNginx();
  if (!nginxBin) throw new Error('nginx is not installed (Debian/Ubuntu: apt-get install nginx); it balances the API instances.');
  return nginxBin;
}

/**
 * Starts API_INSTANCES API processes (each on a loopback port of its own, without workers), one workers process
 * and nginx in front. Needs DATABASE_URL: the embedded PGlite lives inside one process. Blobs: BLOB_STORE=s3
 * is shared by nature; the local store is DATA_DIR/blobs, one directory every member of this single-machine
 * cluster uses (blobs are written to a temporary file and renamed into place, so concurrent writers are safe).
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const env = { ...process.env, ...opts.env };
  const config = loadConfig(env);
  const nginxBin = clusterPrerequisites(config);
  const instances = opts.instances ?? config.API_INSTANCES;
  const log = createLogger(config.LOG_LEVEL, 'cluster');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const redis = await ensureRedis(config.REDIS_URL, config.dataDir, log);
  const members: Member[] = [];
  let nginx: ChildProcess | undefined;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-nginx-'));
  // Started as root, nginx's workers run as `nobody` and buffer large request bodies in temp folders below it.
  fs.chmodSync(runDir, 0o755);
  const killAll = () => {
    for (const m of members) if (m.alive) m.child.kill('SIGKILL');
    nginx?.kill('SIGKILL');
  };
  process.once('exit', killAll); // a parent that dies leaves no orphan behind
  try {
    const memberEnv = {
      ...env,
      DATA_DIR: config.dataDir,
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      PORT: '0',
      WORKERS_IN_PROCESS: 'false',
      SEED_DEMO: 'false',
    };
    const output = opts.output ?? 'pipe';
    for (let i = 0; i < instances; i++) members.push(new Member(`API instance ${i}`, ['server'], memberEnv, output));
    if (opts.workers !== false) members.push(new Member('workers', ['workers'], memberEnv, output));
    // While their modules load: migrations and the demo seed, once (the members then find nothing left to do).
    const database = await openDatabase({ url: config.DATABASE_URL });
    await prepareDatabase(database, config).finally(() => database.close());
    for (const m of members) if (m.alive) m.child.send({ start: true });
    await Promise.all(members.map((m) => m.ready(120_000)));

    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    const listenHost = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST; // nginx writes IPv6 in brackets
    const port = (opts.port ?? config.PORT) || (await anyFreePort(config.HOST));
    const confPath = path.join(runDir, 'nginx.conf');
    const upstreams = members.filter((m) => m.url).map((m) => Number(new URL(m.url).port));
    fs.writeFileSync(confPath, renderNginxConf({ runDir, listen: `${listenHost}:${port}`, upstreams, config }));
    let nginxErrors = '';
    nginx = spawn(nginxBin, ['-p', runDir, '-c', confPath, '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    nginx.stderr!.on('data', (c: Buffer) => (nginxErrors = (nginxErrors + c.toString()).slice(-4000)));
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    await waitForHealth(url, nginx, 20_000, () => nginxErrors);
    log.info({ url, instances: members.filter((m) => m.url).map((m) => m.url) }, 'nginx balances the API instances');

    const api = members.filter((m) => m.url);
    const restart = async (i: number) => {
      if (api[i].alive) throw new Error(`API instance ${i} is running`);
      const again = new Member(`API instance ${i}`, ['server'], { ...memberEnv, PORT: new URL(api[i].url).port }, output);
      members[members.indexOf(api[i])] = again;
      api[i] = again;
      again.child.send({ start: true });
      await again.ready(120_000);
    };
    const nginxProcess = nginx;
    const nginxExited = new Promise<void>((r) => (nginxProcess.exitCode !== null ? r() : nginxProcess.once('exit', () => r())));
    return {
      url,
      get instances() {
        return api.map((m) => ({ url: m.url, pid: m.child.pid!, alive: m.alive }));
      },
      kill: (i, signal = 'SIGKILL') => api[i].signal(signal),
      restart,
      async stop() {
        // nginx first stops accepting and waits for what it has in flight; the instances end their event
        // streams and requests, which lets it finish; the workers last, as they may still take jobs queued.
        nginxProcess.kill('SIGQUIT');
        await Promise.all(api.map((m) => m.signal('SIGTERM')));
        const timer = setTimeout(() => nginxProcess.kill('SIGKILL'), 10_000);
        await nginxExited;
        clearTimeout(timer);
        await Promise.all(members.filter((m) => !m.url).map((m) => m.signal('SIGTERM')));
        process.removeListener('exit', killAll);
        if (redis.child) {
          redis.child.kill('SIGTERM');
          await new Promise((r) => redis.child!.once('exit', r));
        }
        fs.rmSync(runDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    killAll();
    await Promise.all(members.map((m) => m.exited));
    redis.child?.kill('SIGTERM');
    process.removeListener('exit', killAll);
    fs.rmSync(runDir, { recursive: true, force: true });
    throw err;
  }
}
