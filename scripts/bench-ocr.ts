// npm run bench:ocr — OCR throughput (pages/s) and how often the registration proposal is right, on scans made
// the way an agency receives them: ND 30 documents written by LibreOffice, printed to 200 dpi grey images and
// degraded with ImageMagick (0.5–2° rotation, noise, blur, JPEG 65–75; see scripts/bench/scans.ts), one and two
// pages, issuers from a Sở under the UBND tỉnh, a Bộ, a UBND huyện/thành phố to a Phòng under a UBND. The known
// issuers are the names the registers hold for them. Everything is read twice: the proposals (and the text) of
// the two runs must be identical. BENCH_OCR_COUNT documents (default 20).
import { ocrAvailable, ocrPdf } from '../api/src/incoming/ocr';
import { proposeRegistration } from '../api/src/incoming/proposal';
import { makeScans, SCAN_ISSUERS } from './bench/scans';

async function main() {
  if (!(await ocrAvailable())) {
    console.log('bench:ocr — ocrmypdf is not installed (apt-get install ocrmypdf tesseract-ocr-vie); nothing measured');
    return;
  }
  const count = Number(process.env.BENCH_OCR_COUNT ?? 20);
  const known = SCAN_ISSUERS.map((x) => x[2] as string);
  const fields = ['number', 'symbol', 'issueDate', 'issuerName', 'documentType', 'subject'] as const;
  const t0 = performance.now();
  const scans = await makeScans(Array.from({ length: count }, (_, i) => i));
  console.log(`bench:ocr — ${count} documents, ${scans.reduce((n, s) => n + s.doc.pages, 0)} pages made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const runs: { texts: string[]; proposals: string[] }[] = [];
  for (let r = 0; r < 2; r++) {
    const right: Record<string, number> = Object.fromEntries(fields.map((f) => [f, 0]));
    const texts: string[] = [];
    const proposals: string[] = [];
    let pages = 0;
    let ocrMs = 0;
    for (const { doc, pdf } of scans) {
      const t = performance.now();
      const { text } = await ocrPdf(pdf);
      ocrMs += performance.now() - t;
      pages += doc.pages;
      const p = proposeRegistration(text, known);
      texts.push(text);
      proposals.push(JSON.stringify(p));
      const misses = fields.filter((f) => (p[f] ?? '').normalize('NFC') !== doc.truth[f]);
      for (const f of fields) if (!misses.includes(f)) right[f]++;
      if (misses.length && r === 0) console.log(`  #${doc.index}: ${misses.map((f) => `${f}: got ${JSON.stringify(p[f])}, want ${JSON.stringify(doc.truth[f])}`).join('; ')}`);
    }
    runs.push({ texts, proposals });
    console.log(`run ${r + 1}: OCR ${(pages / (ocrMs / 1000)).toFixed(2)} pages/s (${Math.round(ocrMs / pages)} ms/page, OCRmyPDF --language vie, no --deskew)`);
    for (const f of fields) console.log(`  ${f.padEnd(12)} ${right[f]}/${count} (${Math.round((right[f] * 100) / count)}%)`);
  }
  const sameText = runs[0].texts.filter((t, i) => t === runs[1].texts[i]).length;
  const sameProposal = runs[0].proposals.filter((p, i) => p === runs[1].proposals[i]).length;
  console.log(`two runs: identical text ${sameText}/${count}, identical proposals ${sameProposal}/${count}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
