import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { clearRedisPrefix, freePort, REDIS_URL, testPrefix } from '../support/harness';
import { ServiceProcess } from '../support/processes';

/**
 * A second vanthu on the same machine (another checkout: its own PORT and DATA_DIR, embedded PGlite): the PGlite
 * sharing port, left at its default, must not collide, and a taken port ends the start with one line naming the
 * variable to set, before the slow steps. Without SEED_DEMO the dev PKI is not made, so each start takes seconds.
 */
const APP_READY = /vanthu is running at (http:\/\/[^\s/]+)\//;
const DEFAULT_SOCKET_PORT = 5499;

let dataDir: string;
const prefixes: string[] = [];
const started: ServiceProcess[] = [];
let blocker: net.Server | undefined;

async function instance(name: string, env: Record<string, string> = {}) {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const svc = new ServiceProcess(
    name,
    'scripts/start.ts',
    {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, name),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    APP_READY,
  );
  started.push(svc);
  return svc;
}

/** The process's whole output once it has exited (it must exit: a port conflict is fatal). */
async function failedStart(svc: ServiceProcess) {
  const t0 = Date.now();
  await expect(svc.start({}, 30_000)).rejects.toThrow(/exited \(1\)/);
  return { output: svc.output.trim(), ms: Date.now() - t0 };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ports-'));
  delete process.env.PGLITE_SOCKET_PORT;
  delete process.env.DATABASE_URL;
  // Hold the default sharing port, as a first vanthu would (if another program already holds it, so much the better).
  blocker = await new Promise<net.Server | undefined>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen(DEFAULT_SOCKET_PORT, '127.0.0.1', () => resolve(s));
  });
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  for (const p of prefixes) await clearRedisPrefix(p);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('starts two instances side by side on embedded PGlite, each sharing its database on a port of its own', async () => {
  const a = await instance('a');
  const b = await instance('b');
  await Promise.all([a.start({}, 90_000), b.start({}, 90_000)]);
  const ports: number[] = [];
  for (const svc of [a, b]) {
    const health = await fetch(`${svc.url}/api/health`);
    expect(health.status).toBe(200);
    // The chosen port is recorded in DATA_DIR, where `npm run workers` looks for it, and serves that instance's database.
    const { port } = JSON.parse(fs.readFileSync(path.join(svc.env.DATA_DIR, 'pglite.socket.json'), 'utf8')) as { port: number };
    expect(port).not.toBe(DEFAULT_SOCKET_PORT);
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_name = 'incoming_documents'",
    );
    await client.end();
    expect(rows[0].n).toBe('1');
    ports.push(port);
  }
  expect(new Set(ports).size).toBe(2);
  expect(a.output).toMatch(/PGlite sharing port 5499 is taken; using \d+/);
}, 180_000);

it('a taken PORT ends the start at once with one line naming PORT', async () => {
  const a = started[0];
  const c = await instance('c', { PORT: new URL(a.url!).port });
  const { output, ms } = await failedStart(c);
  expect(output.split('\n')).toHaveLength(1);
  expect(output).toContain('set PORT to a free port');
  expect(output).not.toMatch(/\n\s+at /);
  expect(ms).toBeLessThan(15_000);
}, 60_000);

it('a PGLITE_SOCKET_PORT set explicitly and taken is not moved: one line naming PGLITE_SOCKET_PORT', async () => {
  const d = await instance('d', { PGLITE_SOCKET_PORT: String(DEFAULT_SOCKET_PORT) });
  const { output } = await failedStart(d);
  expect(output.split('\n')).toHaveLength(1);
  expect(output).toContain('set PGLITE_SOCKET_PORT to a free port');
}, 60_000);
