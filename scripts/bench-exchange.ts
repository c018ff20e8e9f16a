// `npm run bench:exchange`: packages/s end to end and the send → "received" latency (median, p95) on loopback.
// A real hub (HTTP, its own database: HUB_DATABASE_URL, else PGlite in a temporary folder) between two agencies of
// a throw-away dev PKI. Per package: the sender builds and seals an edXML document package (1-page signed PDF),
// sends it; the receiver polls, fetches, verifies and parses it, answers a sealed "01 received" status and
// acknowledges; the sender polls the status back and verifies it. Latency = send start → sender has the "01".
// The vanthu database work around it (outbox, inbox, incoming record) is not included.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../api/src/config';
import { startHub } from '../api/src/exchange-hub/app';
import {
  buildDocumentId,
  buildDocumentPackage,
  buildStatusPackage,
  parsePackage,
  type DocumentPackage,
  type PackageSigner,
} from '../api/src/exchange/edxml';
import { HubHttpTransport, type ExchangeTransport } from '../api/src/exchange/transport';
import { openPkcs12 } from '../api/src/signing/cms';
import { generateDevPki } from '../api/src/signing/pki';
import { loadTrustStore, type TrustStore } from '../api/src/signing/validate';
import { makePdf } from '../test/support/signing';

const SENDER = '000.00.00.H49';
const RECEIVER = '000.00.30.H49';
const PASSWORD = 'bench-password';
const MAX = 60 * 1024 * 1024;
const POLL_MS = 20;

function sealOf(dir: string, org: string): PackageSigner {
  const identity = openPkcs12(fs.readFileSync(path.join(dir, 'orgs', `${org}.p12`)), PASSWORD);
  const key = crypto.createPrivateKey(identity.keyPem);
  return { chain: identity.chain, sign: async (data) => crypto.sign('sha256', data, key) };
}

function documentPackage(n: number, pdf: Buffer): DocumentPackage {
  const promulgationDate = new Date().toISOString().slice(0, 10);
  return {
    from: { organId: SENDER, organName: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
    to: [{ organId: RECEIVER, organName: 'Ủy ban nhân dân thành phố Hạ Long' }],
    codeNumber: String(n),
    codeNotation: 'UBND-VX',
    place: 'Quảng Ninh',
    promulgationDate,
    documentType: { type: 2, typeName: 'Công văn' },
    subject: `V/v đo hiệu năng liên thông văn bản, gói số ${n}`,
    signer: { position: 'Chủ tịch', fullName: 'Trần Minh Khoa' },
    priority: 0,
    steeringType: 0,
    documentId: buildDocumentId(SENDER, promulgationDate, String(n), 'UBND-VX'),
    business: { docType: 0, reason: 'Văn bản điện tử mới', paper: 0 },
    traces: [{ organId: SENDER, timestamp: new Date().toISOString() }],
    attachments: [
      { contentId: `bench-${n}`, name: `${n}-UBND-VX.pdf`, contentType: 'application/pdf', description: 'Văn bản chính', data: pdf },
    ],
  };
}

/** The receiving agency: every polled package verified, answered with a sealed 01, then acknowledged. */
async function receiverLoop(t: ExchangeTransport, trust: TrustStore, seal: PackageSigner, until: () => boolean): Promise<void> {
  while (!until()) {
    const pending = await t.pending('edoc', 100);
    for (const m of pending) {
      const parsed = await parsePackage(await t.fetch(m.id), { maxBytes: MAX, trust });
      if (!parsed.ok || parsed.pkg.kind !== 'document')
        throw new Error(`receiver refused a package: ${parsed.ok ? 'not a document' : parsed.reasonEn}`);
      const d = parsed.pkg.value;
      const status = await buildStatusPackage(
        {
          responseFor: {
            organId: d.from.organId,
            code: `${d.codeNumber}/${d.codeNotation}`,
            promulgationDate: d.promulgationDate,
            documentId: d.documentId,
          },
          from: { organId: RECEIVER, organName: 'Ủy ban nhân dân thành phố Hạ Long' },
          statusCode: '01',
          description: 'Đã đến',
          timestamp: new Date().toISOString(),
        },
        seal,
      );
      await t.send({ type: 'status', messageId: `status:${d.documentId}:01`, to: [d.from.organId], package: status });
      await t.ack(m.id);
    }
    if (!pending.length) await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function main() {
  const count = Number(process.env.BENCH_PACKAGES ?? 60);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-x-'));
  const hub = await startHub(
    loadConfig({
      DATA_DIR: dir,
      HUB_DATABASE_URL: process.env.HUB_DATABASE_URL,
      HUB_PORT: '0',
      HUB_HOST: '127.0.0.1',
      HUB_AGENCIES: `${SENDER}=bench-tinh,${RECEIVER}=bench-huyen`,
      LOG_LEVEL: 'silent',
    } as NodeJS.ProcessEnv),
  );
  try {
    await generateDevPki({
      dir: path.join(dir, 'pki'),
      password: PASSWORD,
      leaders: [],
      organisations: [
        { id: 'tinh', name: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
        { id: 'halong', name: 'Ủy ban nhân dân thành phố Hạ Long' },
      ],
    });
    const trust = await loadTrustStore(path.join(dir, 'pki', 'trust'));
    const senderSeal = sealOf(path.join(dir, 'pki'), 'tinh');
    const receiverSeal = sealOf(path.join(dir, 'pki'), 'halong');
    const sender = new HubHttpTransport(hub.url, SENDER, 'bench-tinh');
    const receiver = new HubHttpTransport(hub.url, RECEIVER, 'bench-huyen');
    const pdf = await makePdf(1);
    // Numbers unique per run, so a persistent HUB_DATABASE_URL never sees a message id twice.
    const base = (Date.now() % 100_000) * 10_000;

    // The sender's status poll runs throughout: each "01" verified and matched to the package it answers.
    const waiting = new Map<string, (ms: number) => void>();
    const started = new Map<string, number>();
    let done = false;
    const statuses = (async () => {
      while (!done) {
        const pending = await sender.pending('status', 100);
        for (const m of pending) {
          const parsed = await parsePackage(await sender.fetch(m.id), { maxBytes: MAX, trust });
          if (!parsed.ok || parsed.pkg.kind !== 'status')
            throw new Error(`sender refused a status: ${parsed.ok ? 'not a status' : parsed.reasonEn}`);
          const id = parsed.pkg.value.responseFor.documentId;
          waiting.get(id)?.(performance.now() - started.get(id)!);
          await sender.ack(m.id);
        }
        if (!pending.length) await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();
    const receiving = receiverLoop(receiver, trust, receiverSeal, () => done);

    let bytes = 0;
    let sentCount = 0;
    /** Sends package `n`; resolves once it has been posted, with the promise of its "01" latency. */
    const send = async (n: number) => {
      const pkg = documentPackage(base + n, pdf);
      const received = new Promise<number>((resolve) => waiting.set(pkg.documentId, resolve));
      started.set(pkg.documentId, performance.now());
      const built = await buildDocumentPackage(pkg, senderSeal);
      bytes += built.length;
      sentCount++;
      await sender.send({ type: 'edoc', messageId: `edoc:${pkg.documentId}:${RECEIVER}`, to: [RECEIVER], package: built });
      return { received };
    };

    // 1. Latency alone: one package at a time, the next once its "01" is back.
    const quiet: number[] = [];
    for (let i = 1; i <= 15; i++) quiet.push(await (await send(i)).received);
    // 2. Throughput: `count` packages from `concurrency` senders at once; latency includes the queueing.
    const t0 = performance.now();
    let next = 0;
    const loaded: Promise<number>[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) loaded.push((await send(1000 + ++next)).received);
      }),
    );
    const sentMs = performance.now() - t0;
    const latencies = await Promise.all(loaded);
    const totalMs = performance.now() - t0;
    done = true;
    await Promise.all([statuses, receiving]);

    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const rows = [
      ['package size (1-page PDF, sealed edXML)', `${Math.round(bytes / sentCount / 1024)} KB`],
      ['one at a time: send → "received", median', ms(pct(quiet, 50))],
      ['one at a time: send → "received", p95', ms(pct(quiet, 95))],
      [`${count} packages, ${concurrency} senders: send rate (build + seal + POST)`, `${((count * 1000) / sentMs).toFixed(1)} packages/s`],
      [`${count} packages, ${concurrency} senders: end to end (every "01" back)`, `${((count * 1000) / totalMs).toFixed(1)} packages/s`],
      [`${count} packages, ${concurrency} senders: send → "received", median`, ms(pct(latencies, 50))],
      [`${count} packages, ${concurrency} senders: send → "received", p95`, ms(pct(latencies, 95))],
    ];
    const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
    console.log(
      `Exchange benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, hub on ${hub.database.driver} over loopback HTTP, polls every ${POLL_MS} ms`,
    );
    console.log(`| ${'measure'.padEnd(w[0])} | ${'value'.padStart(w[1])} |`);
    console.log(`|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 1)}:|`);
    for (const r of rows) console.log(`| ${r[0].padEnd(w[0])} | ${r[1].padStart(w[1])} |`);
  } finally {
    await hub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench:exchange failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
