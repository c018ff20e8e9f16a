// `npm run bench:signing`: signatures/s and validations/s for a 1-page and a 100-page PDF, beside the floor —
// a bare RSA-2048 signature + SHA-256 of the same bytes with node:crypto — measured on the same run.
// Also the layout search of issuance (pdfjs text positions in the extraction thread + finding the blanks and the
// signature block), which runs once per document when it is signed and sealed (then cached by file hash).
// Uses a throw-away dev PKI and the dev TSA in-process (no network), one operation at a time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPkcs12 } from '../api/src/signing/cms';
import { generateDevPki } from '../api/src/signing/pki';
import { addDocumentTimestamp, localDigestTimestamps } from '../api/src/signing/doc-timestamp';
import { augmentToLt } from '../api/src/signing/ltv';
import { localTimestamps, signPdf } from '../api/src/signing/signer';
import { DevTsa } from '../api/src/signing/tsa';
import { loadTrustStore, validatePdf } from '../api/src/signing/validate';
import { findLayout } from '../api/src/outgoing/layout';
import { paragraphs, pdfLibDraft } from '../test/support/drafts';
import { makePdf } from '../test/support/signing';

/** Runs `once` for at least `seconds` (and 3 times), returning operations per second and the median in ms. */
async function rate(once: () => Promise<unknown> | unknown, seconds = 2): Promise<{ perSecond: number; median: number; n: number }> {
  await once(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || times.length < 3) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  times.sort((a, b) => a - b);
  return { perSecond: times.length / total, median: times[Math.floor(times.length / 2)], n: times.length };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-pki-'));
  try {
    await generateDevPki({
      dir,
      password: 'bench-password',
      leaders: [{ username: 'leader', fullName: 'Trần Minh Khoa', position: 'Chủ tịch', organisation: 'Ủy ban nhân dân tỉnh Quảng Ninh' }],
      organisations: [],
    });
    const identity = openPkcs12(fs.readFileSync(path.join(dir, 'users', 'leader.p12')), 'bench-password');
    const key = crypto.createPrivateKey(identity.keyPem);
    const tsa = DevTsa.fromPkiDir(dir)!;
    const timestamps = localTimestamps(tsa);
    const docTimestamps = localDigestTimestamps(tsa);
    const trust = await loadTrustStore(path.join(dir, 'trust'));
    const appearance = {
      kind: 'leader' as const,
      rect: [330, 80, 540, 200] as [number, number, number, number],
      name: 'Trần Minh Khoa',
      title: 'Chủ tịch',
    };

    const rows: string[][] = [];
    for (const pages of [1, 100]) {
      const pdf = await makePdf(pages);
      const signed = (await signPdf(pdf, { identity, appearance, timestamps })).pdf;
      const sign = await rate(() => signPdf(pdf, { identity, appearance, timestamps }));
      const second = await rate(() => signPdf(signed, { identity, appearance: { ...appearance, rect: [60, 80, 270, 200] }, timestamps }));
      const validate = await rate(async () => {
        const r = await validatePdf(signed, trust);
        if (r.verdict !== 'valid') throw new Error(`bench PDF is ${r.verdict}`);
      });
      const floor = await rate(() => crypto.sign('sha256', signed, key));
      const kb = `${Math.round(pdf.length / 1024)} KB`;
      const fmt = (r: { perSecond: number; median: number }) => [r.perSecond.toFixed(1), r.median.toFixed(1)];
      rows.push([`${pages} page${pages > 1 ? 's' : ''} (${kb})`, 'sign (1st signature, PAdES B-T)', ...fmt(sign)]);
      rows.push(['', 'sign (2nd, incremental)', ...fmt(second)]);
      rows.push(['', 'validate (1 signature)', ...fmt(validate)]);
      // PAdES B-LT at sealing (DSS update) and B-LTA in the archive (DSS update + document timestamp).
      const lt = await augmentToLt(signed, trust);
      const augment = await rate(() => augmentToLt(signed, trust));
      const archive = await rate(async () => addDocumentTimestamp(await augmentToLt(lt, trust), docTimestamps));
      const validateLta = (await addDocumentTimestamp(lt, docTimestamps)).pdf;
      const validateArchived = await rate(async () => {
        const r = await validatePdf(validateLta, trust);
        if (r.signatures[0]?.level !== 'B-LTA') throw new Error(`bench PDF is ${r.signatures[0]?.level}`);
      });
      rows.push(['', 'B-LT augmentation (DSS: chains + CRL, incremental)', ...fmt(augment)]);
      rows.push(['', 'B-LTA timestamping (DSS + document timestamp)', ...fmt(archive)]);
      rows.push(['', 'validate B-LTA (1 signature + 1 doc timestamp)', ...fmt(validateArchived)]);
      rows.push(['', 'floor: RSA-2048 sign + SHA-256 (node:crypto)', ...fmt(floor)]);
      rows.push(['', 'layout search (no block: every page read)', ...fmt(await rate(() => findLayout(pdf)))]);
    }
    for (const n of [8, 250]) {
      const draft = await pdfLibDraft(
        {
          issuer: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH',
          symbol: 'QĐ-UBND',
          place: 'Quảng Ninh',
          title: ['QUYẾT ĐỊNH'],
          body: paragraphs('Khen thưởng', n),
          recipients: ['- Lưu: VT.'],
          block: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'],
          name: 'Trần Minh Khoa',
        },
        'embedded',
      );
      const layout = await findLayout(draft);
      if (!layout.signature || !layout.number || !layout.date) throw new Error('the bench draft’s layout was not found');
      const search = await rate(() => findLayout(draft));
      rows.push([
        `standard draft, ${layout.pageBoxes.length} pages (${Math.round(draft.length / 1024)} KB)`,
        'layout search (Số, date, block: first + last pages)',
        search.perSecond.toFixed(1),
        search.median.toFixed(1),
      ]);
    }
    const head = ['PDF', 'operation', 'ops/s', 'median ms'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
    console.log(
      `Signing benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, one operation at a time, dev TSA in-process`,
    );
    console.log(line(head));
    console.log(`|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
    for (const r of rows) console.log(line(r));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench:signing failed: ${err.message}`);
  process.exit(1);
});
