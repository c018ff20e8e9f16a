// Worker thread for extractPdfText (pdf.ts): pdfjs-dist is ESM-only, and parsing a large PDF is CPU work
// that must not stall the event loop of the process running the queue. Plain .mjs so it needs no loader.
import { parentPort, workerData } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await pdfjs.getDocument({ data: workerData, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
try {
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join(''));
  }
  parentPort.postMessage({ pageCount: doc.numPages, text: pages.join('\n\f').normalize('NFC') });
} finally {
  await doc.destroy();
}
