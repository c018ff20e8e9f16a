// `npm run bench`: throughput and latency of the main API paths against a real server on PostgreSQL + Redis.
// Speed targets live here, not in timed unit tests.
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../api/src/config';
import { startSystem } from '../api/src/server';
import { textPdf } from '../test/support/documents';
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
    loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD,
      LOGIN_RATE_PER_MINUTE: '100000',
    }),
  );
  const url = system.url!;
  try {
    /** A signed-in session as a browser holds it: cookies plus the XSRF header value. */
    const session = async (username: string) => {
      const anon = await fetch(`${url}/api/me`);
      const xsrf = /XSRF-TOKEN=([^;]+)/.exec(anon.headers.get('set-cookie') ?? '')![1];
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf, cookie: `XSRF-TOKEN=${xsrf}` },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
      const token = /XSRF-TOKEN=(.*)/.exec(cookies.find((c) => c.startsWith('XSRF-TOKEN='))!)![1];
      return { headers: { cookie: cookies.join('; '), 'x-xsrf-token': token } };
    };
    const admin = await session('qn.admin');
    const clerk = await session('stc.vanthu');
    const ok = async (res: Response, what: string, status = 200) => {
      if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const get = (s: { headers: Record<string, string> }, path: string) => async () =>
      void (await ok(await fetch(`${url}${path}`, s), path));
    const pdf = new Blob([new Uint8Array(await textPdf(['Công văn đề nghị báo cáo số liệu ngân sách']))], { type: 'application/pdf' });
    const drafts: string[] = [];
    const rows = [
      await measure('POST /api/auth/login (scrypt)', 200, 8, async () => void (await session('qn.admin'))),
      await measure('GET /api/me', 2000, 16, get(admin, '/api/me')),
      await measure('GET /api/organisations', 1000, 16, get(admin, '/api/organisations')),
      await measure('GET /api/admin/users', 1000, 16, get(admin, '/api/admin/users')),
      await measure('GET /api/health', 1000, 16, get(admin, '/api/health')),
      await measure('POST /api/incoming (1-page PDF upload)', 300, 8, async () => {
        const form = new FormData();
        form.append('main', pdf, 'cong-van.pdf');
        drafts.push((await ok(await fetch(`${url}/api/incoming`, { method: 'POST', body: form, ...clerk }), 'upload', 201)).id);
      }),
      await measure('POST /api/incoming/:id/register (số đến + stamp)', 300, 8, async (i) => {
        const body = {
          registerId: 'qn-stc-den',
          issuerName: 'UBND tỉnh Quảng Ninh',
          number: String(i + 1),
          symbol: 'UBND-KT',
          issueDate: '2026-11-20',
          documentType: 'Công văn',
          subject: `Báo cáo số liệu ${i}`,
        };
        await ok(
          await fetch(`${url}/api/incoming/${drafts[i]}/register`, {
            method: 'POST',
            body: JSON.stringify(body),
            headers: { ...clerk.headers, 'content-type': 'application/json' },
          }),
          'register',
        );
      }),
      await measure('GET /api/incoming (list, 50 of 300)', 500, 16, get(clerk, '/api/incoming')),
      await measure('GET /api/incoming?q=… (text search)', 300, 8, get(clerk, `/api/incoming?q=${encodeURIComponent('ngân sách')}`)),
      await measure('GET /api/incoming/queue', 500, 16, get(clerk, '/api/incoming/queue')),
    ];
    console.log(`\nvanthu bench — ${new Date().toISOString()} — PostgreSQL + Redis on this machine\n`);
    console.log('| path | requests | concurrency | req/s | p50 ms | p95 ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.requests} | ${r.concurrency} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`,
      );
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
