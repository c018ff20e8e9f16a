// `npm run bench:signing`: signatures/s and validations/s for a 1-page and a 100-page PDF, beside the floor —
// a bare RSA-2048 signature + SHA-256 of the same bytes with node:crypto — measured on the same run.
// Also the layout search of issuance (pdfjs text positions in the extraction thread + finding the blanks and the
// signature block), which runs once per document when it is signed and sealed (then cached by file hash).
// Uses a throw-away dev PKI and the dev TSA in-process (no network), one operation at a time.
// References measured in the same run (first table): Apache PDFBox 2 + BouncyCastle signing the same 1-page PDF
// (scripts/bench/PdfboxSign.java, compiled into a temporary folder when `javac` and the Debian jars are there) and
// Poppler's `pdfsig` validating the same 2-signature PDF (a process per file, as a command line tool is used).
import { execFileSync, spawnSync } from 'node:child_process';
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

interface Rate {
  perSecond: number;
  median: number;
  /** CPU time of the process per operation (ms): on a shared machine, steadier than the elapsed time. */
  cpu?: number;
}

/** Runs `once` for at least `seconds` (and 3 times), returning operations per second, the median and the CPU in ms. */
async function rate(once: () => Promise<unknown> | unknown, seconds = 2): Promise<Rate & { n: number }> {
  await once(); // warm-up
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || times.length < 3) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  times.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: times.length / total,
    median: times[Math.floor(times.length / 2)],
    cpu: ((cpu.user + cpu.system) / 1000 + childrenCpuMs() - children0) / times.length,
    n: times.length,
  };
}

/** CPU time of the child processes waited for so far (ms; Linux /proc, 0 elsewhere): pdfsig's own. */
function childrenCpuMs(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in ticks of 1/100 s
  } catch {
    return 0;
  }
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
    const summary: string[][] = [];
    const fmt = (r: Rate) => [r.perSecond.toFixed(1), r.median.toFixed(1)];
    const withCpu = (r: Rate | string) => (typeof r === 'string' ? ['–', r, ''] : [...fmt(r), r.cpu?.toFixed(2) ?? '–']);
    {
      const pdf = await makePdf(1);
      const once = () => signPdf(pdf, { identity, appearance, timestamps });
      const twice = (await signPdf((await once()).pdf, { identity, appearance: { ...appearance, rect: [60, 80, 270, 200] }, timestamps }))
        .pdf;
      const sign = await rate(once);
      const validate = await rate(async () => {
        const r = await validatePdf(twice, trust);
        if (r.verdict !== 'valid' || r.signatureCount !== 2) throw new Error(`bench PDF is ${r.verdict}`);
      });
      const floor = await rate(() => crypto.sign('sha256', pdf, key));
      const pdfbox = pdfboxRate(pdf, path.join(dir, 'users', 'leader.p12'), 'bench-password', dir);
      const poppler = await pdfsigRate(twice, path.join(dir, 'root-ca.pem'), dir);
      summary.push(['ours: sign, PAdES B-T, visible (leader appearance), dev TSA in-process', ...withCpu(sign)]);
      summary.push(['floor: bare RSA-2048 signature + SHA-256 (node:crypto)', ...withCpu(floor)]);
      summary.push(['PDFBox 2 + BouncyCastle: sign, B-B, invisible (one JVM, after JIT warm-up)', ...withCpu(pdfbox)]);
      summary.push(['ours: validate the 2-signature PDF (chains, timestamps, CRL, changes)', ...withCpu(validate)]);
      summary.push(['pdfsig (Poppler): validate the same PDF, process start included', ...withCpu(poppler)]);
    }
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
    console.log(
      `Signing benchmark — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, one operation at a time, dev TSA in-process`,
    );
    table(['1-page PDF, same run (targets: sign ≥ 300/s, validate ≥ 200/s)', 'ops/s', 'median ms', 'CPU ms/op'], summary, 1);
    console.log('');
    table(['PDF', 'operation', 'ops/s', 'median ms'], rows, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function table(head: string[], rows: string[][], firstNumber: number) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i >= firstNumber ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i >= firstNumber ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const JARS = ['pdfbox2.jar', 'fontbox2.jar', 'bcprov.jar', 'bcpkix.jar', 'bcutil.jar', 'commons-logging.jar'].map((j) =>
  path.join('/usr/share/java', j),
);
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** PDFBox's rate on the same PDF, or why it was skipped. */
function pdfboxRate(pdf: Buffer, p12: string, passphrase: string, dir: string): Rate | string {
  if (!onPath('java') || !onPath('javac')) return 'skipped: no java/javac';
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length) return `skipped: no ${missing.map((m) => path.basename(m)).join(', ')} (apt: libpdfbox2-java libbcpkix-java)`;
  const classes = fs.mkdtempSync(path.join(dir, 'java-'));
  const classpath = [classes, ...JARS].join(':');
  execFileSync('javac', ['-nowarn', '-d', classes, '-cp', classpath, path.join(__dirname, 'bench', 'PdfboxSign.java')]);
  const input = path.join(classes, 'in.pdf');
  fs.writeFileSync(input, pdf);
  const out = execFileSync('java', ['-cp', classpath, 'PdfboxSign', input, p12, passphrase, '2'], { encoding: 'utf8' }).trim().split(' ');
  return { perSecond: Number(out[0]), median: Number(out[1]), cpu: Number(out[3]) };
}

/** `pdfsig` on the PDF (trusting the dev root through an NSS database of its own), one process per check. */
function pdfsigRate(pdf: Buffer, rootPem: string, dir: string): Promise<Rate> | string {
  if (!onPath('pdfsig') || !onPath('certutil')) return 'skipped: no pdfsig/certutil (apt: poppler-utils libnss3-tools)';
  const nss = fs.mkdtempSync(path.join(dir, 'nss-'));
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', rootPem]);
  const file = path.join(nss, 'signed.pdf');
  fs.writeFileSync(file, pdf);
  const check = () => {
    const out = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }).stdout;
    if ((out.match(/Signature is Valid/g) ?? []).length !== 2) throw new Error(`pdfsig does not find both signatures valid:\n${out}`);
  };
  return rate(check);
}

main().catch((err: Error) => {
  console.error(`bench:signing failed: ${err.message}`);
  process.exit(1);
});
