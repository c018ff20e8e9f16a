// `npm run bench`: throughput and latency of the main API paths against a real server on PostgreSQL + Redis.
// Speed targets live here, not in timed unit tests.
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../api/src/config';
import { startSystem } from '../api/src/server';
import { clearRedisPrefix, createTestDatabase, DEMO_PASSWORD, REDIS_URL, testPrefix } from '../test/support/harness';

interface Row {
  name: string;
  requests: number;
  concurrency: number;
  perSecond: number;
  p50: number;
  p95: number;
}

async function measure(name: string, requests: number, concurrency: number, once: (i: number) => Promise<void>): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        await once(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { name, requests, concurrency, perSecond: requests / seconds, p50: pct(0.5), p95: pct(0.95) };
}

async function main() {
  const db = await createTestDatabase();
  const prefix = testPrefix();
  const system = await startSystem(
    loadConfig({ DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO_PASSWORD, LOGIN_RATE_PER_MINUTE: '100000' }),
  );
  const url = system.url!;
  try {
    const anon = await fetch(`${url}/api/me`);
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(anon.headers.get('set-cookie') ?? '')![1];
    const login = () =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf, cookie: `XSRF-TOKEN=${xsrf}` },
        body: JSON.stringify({ username: 'qn.admin', password: DEMO_PASSWORD }),
      });
    const session = (await login()).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const get = (path: string) => async () => {
      const r = await fetch(`${url}${path}`, { headers: { cookie: session } });
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      await r.arrayBuffer();
    };
    const rows = [
      await measure('POST /api/auth/login (scrypt)', 200, 8, async () => {
        const r = await login();
        if (r.status !== 200) throw new Error(`login: ${r.status}`);
        await r.arrayBuffer();
      }),
      await measure('GET /api/me', 2000, 16, get('/api/me')),
      await measure('GET /api/organisations', 1000, 16, get('/api/organisations')),
      await measure('GET /api/admin/users', 1000, 16, get('/api/admin/users')),
      await measure('GET /api/health', 1000, 16, get('/api/health')),
    ];
    console.log(`\nvanthu bench — ${new Date().toISOString()} — PostgreSQL + Redis on this machine\n`);
    console.log('| path | requests | concurrency | req/s | p50 ms | p95 ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.name} | ${r.requests} | ${r.concurrency} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`);
    }
  } finally {
    await system.close();
    await clearRedisPrefix(prefix);
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
