// Worker thread behind extractPdfText and firstPageLayout (pdf.ts): pdfjs-dist is ESM-only, and parsing a large PDF is CPU work
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

/**
 * Page 1 as a reader sees it (rotation applied), for placing the ĐẾN stamp: rendered at `pxPerMm` into a map
 * of ink (1 = a pixel darker than paper), and the boxes of its text items in the same pixels, so text drawn
 * invisibly (an OCR layer) or in a font pdf.js cannot draw still counts. `transform` maps PDF user space to
 * these pixels (pdf.js viewport).
 */
async function firstPageLayout(data, pxPerMm) {
  const doc = await pdfjs.getDocument({ data, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    // A poster-sized page is looked at more coarsely: at most 4 million pixels.
    const [w, h] = [page.view[2] - page.view[0], page.view[3] - page.view[1]].map((v) => Math.abs(v) / (72 / 25.4));
    pxPerMm = Math.min(pxPerMm, Math.sqrt(4e6 / (w * h)));
    const viewport = page.getViewport({ scale: (pxPerMm * 25.4) / 72 });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const { canvas, context } = doc.canvasFactory.create(width, height);
    await page.render({ canvasContext: context, canvas, viewport }).promise;
    const rgba = context.getImageData(0, 0, width, height).data;
    const luma = new Uint8Array(width * height);
    const histogram = new Uint32Array(256);
    for (let i = 0; i < luma.length; i++) {
      luma[i] = rgba[4 * i + 3] < 128 ? 255 : Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
      histogram[luma[i]]++;
    }
    // Ink is what is clearly darker than the paper: the paper's shade is the page's 80th percentile (white for a
    // born-digital page, greyer for a scan), and a hairline averaged into one pixel still counts.
    let paper = 255;
    for (let seen = 0; paper > 0 && (seen += histogram[paper]) < luma.length * 0.2; paper--);
    const threshold = Math.min(235, paper - 25);
    const ink = new Uint8Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = luma[i] < threshold ? 1 : 0;
    const texts = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const m = pdfjs.Util.transform(viewport.transform, item.transform);
      const size = Math.hypot(m[2], m[3]);
      const len = Math.hypot(m[0], m[1]) || 1;
      const along = [m[0] / len, m[1] / len];
      const run = item.width * viewport.scale;
      // (c, d) is the text's "up" in device pixels (the viewport flips y); descenders go a quarter below.
      const up = [m[2] / size, m[3] / size];
      const corners = [
        [m[4] - up[0] * size * 0.25, m[5] - up[1] * size * 0.25],
        [m[4] + up[0] * size, m[5] + up[1] * size],
      ].flatMap(([x, y]) => [[x, y], [x + along[0] * run, y + along[1] * run]]);
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      texts.push({ str: item.str, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
    }
    canvas.width = canvas.height = 0;
    return { width, height, pxPerMm, rotate: page.rotate, transform: viewport.transform, ink, texts };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, data, task, pxPerMm }) => {
  try {
    if (task === 'layout') {
      const result = await firstPageLayout(data, pxPerMm);
      parentPort.postMessage({ id, result }, [result.ink.buffer]);
      return;
    }
    parentPort.postMessage({ id, result: await extract(data) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
