// npm run bench:ocr — OCR throughput (pages/s) and how often the registration proposal is right, on scans made
// the way an agency receives them: ND 30 documents written by LibreOffice, printed to 200 dpi grey images and
// degraded with ImageMagick (0.5–2° rotation, noise, blur, JPEG 65–75; see scripts/bench/scans.ts), one and two
// pages, issuers from a Sở under the UBND tỉnh, a Bộ, a UBND huyện/thành phố to a Phòng under a UBND. The known
// issuers are the names the registers hold for them. Everything is read twice: the proposals (and the text) of
// the two runs must be identical. BENCH_OCR_COUNT documents (default 20).
// The machine is shared, so speed is compared with a reference read in the same run, document by document
// beside the first run: OCRmyPDF with the arguments used before issue 24 (vie+eng, --deskew, Tesseract's own
// threads), whose ≈ 0.3 pages/s on an idle machine is the target not to fall below.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ocrAvailable, ocrPdf } from '../api/src/incoming/ocr';
import { proposeRegistration } from '../api/src/incoming/proposal';
import { makeScans, SCAN_ISSUERS, type ScanDoc } from './bench/scans';

const run = promisify(execFile);
const FIELDS = ['number', 'symbol', 'issueDate', 'issuerName', 'documentType', 'subject'] as const;
const KNOWN = SCAN_ISSUERS.map((x) => x[2] as string);

/** The reference: OCRmyPDF as the project called it before issue 24. */
async function referenceOcr(pdf: Buffer): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-ref-'));
  try {
    await fs.writeFile(path.join(dir, 'in.pdf'), pdf);
    const args = [
      '--language',
      'vie+eng',
      '--deskew',
      '--rotate-pages',
      '--rotate-pages-threshold',
      '2',
      '--skip-text',
      '--output-type',
      'pdf',
      '--optimize',
      '0',
    ];
    await run(
      'ocrmypdf',
      [...args, '--sidecar', path.join(dir, 'out.txt'), '--jobs', '2', '--quiet', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')],
      { timeout: 600_000 },
    );
    return await fs.readFile(path.join(dir, 'out.txt'), 'utf8');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

interface Run {
  label: string;
  pages: number;
  ms: number;
  right: Record<string, number>;
  texts: string[];
  proposals: string[];
  passMs?: number;
  /** Fields read wrong / right with a confidence below LOW (marked on the form), and read wrong unmarked. */
  marked: { wrong: number; right: number; unmarkedWrong: number };
}
/** The registration form's LOW_CONFIDENCE (web/src/app/incoming/register/incoming-register-page.ts). */
const LOW = 0.8;

function score(r: Run, doc: ScanDoc, text: string, show: boolean) {
  const p = proposeRegistration(text, KNOWN);
  r.texts.push(text);
  r.proposals.push(JSON.stringify(p));
  const misses = FIELDS.filter((f) => (p[f] ?? '').normalize('NFC') !== doc.truth[f]);
  for (const f of FIELDS) if (!misses.includes(f)) r.right[f]++;
  for (const f of FIELDS) {
    const low = (p.confidence[f] ?? 0) < LOW;
    if (low) r.marked[misses.includes(f) ? 'wrong' : 'right']++;
    else if (misses.includes(f)) r.marked.unmarkedWrong++;
  }
  if (misses.length && show)
    console.log(
      `  ${r.label} #${doc.index}: ${misses.map((f) => `${f}: got ${JSON.stringify(p[f])}, want ${JSON.stringify(doc.truth[f])}`).join('; ')}`,
    );
}

async function main() {
  if (!(await ocrAvailable())) {
    console.log('bench:ocr — ocrmypdf is not installed (apt-get install ocrmypdf tesseract-ocr-vie); nothing measured');
    return;
  }
  const count = Number(process.env.BENCH_OCR_COUNT ?? 20);
  const t0 = performance.now();
  const scans = await makeScans(Array.from({ length: count }, (_, i) => i));
  console.log(
    `bench:ocr — ${count} documents, ${scans.reduce((n, s) => n + s.doc.pages, 0)} pages made in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const blank = (label: string): Run => ({
    label,
    pages: 0,
    ms: 0,
    right: Object.fromEntries(FIELDS.map((f) => [f, 0])),
    texts: [],
    proposals: [],
    passMs: 0,
    marked: { wrong: 0, right: 0, unmarkedWrong: 0 },
  });
  const [first, second, reference] = [blank('run 1'), blank('run 2'), blank('reference')];
  const cell = (r: Run, f: string) => `${r.right[f]}/${count}`.padStart(7);
  const rate = (r: Run) => (r.pages / (r.ms / 1000)).toFixed(2).padStart(7);
  const table = (rows: [Run, string][]) => {
    console.log('');
    console.log(`| ${'reading'.padEnd(62)} | pages/s | ms/page | ${FIELDS.map((f) => f.padStart(12)).join(' | ')} |`);
    console.log(`|${'-'.repeat(64)}|---------|---------|${FIELDS.map(() => '-'.repeat(14)).join('|')}|`);
    for (const [r, what] of rows) {
      console.log(
        `| ${what.padEnd(62)} | ${rate(r)} | ${String(Math.round(r.ms / r.pages)).padStart(7)} | ${FIELDS.map((f) => cell(r, f).padStart(12)).join(' | ')} |`,
      );
    }
  };
  const ours = 'vie, no --deskew, 1 thread, + trích yếu pass at 400 dpi';
  const ref = 'reference, same run: vie+eng, --deskew, OpenMP (before #24)';
  for (const r of [first, second]) {
    for (const { doc, pdf } of scans) {
      if (r === first) {
        const t = performance.now();
        const text = await referenceOcr(pdf);
        reference.ms += performance.now() - t;
        reference.pages += doc.pages;
        score(reference, doc, text, false);
      }
      const t = performance.now();
      const { text, subjectPassMs } = await ocrPdf(pdf);
      r.ms += performance.now() - t;
      r.passMs! += subjectPassMs;
      r.pages += doc.pages;
      score(r, doc, text, r === first);
    }
    // Run 1 and the reference as soon as they are done (on a loaded machine the second run takes a while).
    if (r === first) {
      table([
        [first, `${ours}: run 1`],
        [reference, ref],
      ]);
      console.log(
        `trích yếu pass, run 1: ${Math.round(first.passMs! / count)} ms per document, ${((first.passMs! * 100) / first.ms).toFixed(1)} % of the OCR time`,
      );
      const { wrong, right, unmarkedWrong } = first.marked;
      console.log(
        `confidence < ${LOW} ("độ tin cậy thấp" on the form), run 1: ${wrong + right} fields marked (${wrong} wrong, ${right} right); ${unmarkedWrong} wrong fields not marked`,
      );
    }
  }
  table([
    [first, `${ours}: run 1`],
    [second, 'the same: run 2'],
    [reference, ref],
  ]);
  const pass = (first.passMs! + second.passMs!) / 2;
  console.log(
    `trích yếu pass, both runs: ${Math.round(pass / count)} ms per document, ${((pass * 100) / ((first.ms + second.ms) / 2)).toFixed(1)} % of the OCR time`,
  );
  const same = (k: 'texts' | 'proposals') => first[k].filter((t, i) => t === second[k][i]).length;
  console.log(`two runs: identical text ${same('texts')}/${count}, identical proposals ${same('proposals')}/${count}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
