// Worker thread behind extractPdfText (pdf.ts): pdfjs-dist is ESM-only, and parsing a large PDF is CPU work
// that must not stall the event loop of the process running the queue. Plain .mjs so it needs no loader.
// Loaded once and kept: importing pdfjs costs ~0.3 s, extracting a typical document ~10–40 ms.
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

async function extract(data) {
  const doc = await pdfjs.getDocument({ data, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join(''));
    }
    return { pageCount: doc.numPages, text: pages.join('\n\f').normalize('NFC') };
  } finally {
    await doc.destroy();
  }
}

// Where each run of text sits (PDF user space, baseline origin), with whitespace runs kept: their widths are
// the blanks of a form line ("Số:      /UBND-VX"). Read by the outgoing documents' layout finder. `only` (0-based
// page indexes, negative from the end) limits the pages read; the others come back as null.
async function positions(data, only) {
  const doc = await pdfjs.getDocument({ data, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const wanted = only && new Set(only.map((i) => (i < 0 ? doc.numPages + i : i)));
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (wanted && !wanted.has(n - 1)) {
        pages.push(null);
        continue;
      }
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = [];
      for (const i of content.items) {
        if (!('str' in i) || i.str === '') continue;
        const [a, b, c, d, x, y] = i.transform;
        items.push({ str: i.str.normalize('NFC'), x, y, width: i.width, size: Math.hypot(c, d) || Math.hypot(a, b), upright: Math.abs(b) < 1e-3 && Math.abs(c) < 1e-3 });
      }
      pages.push({ view: page.view, rotate: page.rotate, items });
    }
    return { pageCount: doc.numPages, pages };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, data, kind, only }) => {
  try {
    parentPort.postMessage({ id, result: await (kind === 'positions' ? positions(data, only) : extract(data)) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
