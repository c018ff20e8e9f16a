// Worker thread behind extractPdfText and firstPageLayout (pdf.ts): pdfjs-dist is ESM-only, and parsing a large PDF is CPU work
// that must not stall the event loop of the process running the queue. Plain .mjs so it needs no loader.
// Loaded once and kept: importing pdfjs costs ~0.3 s, extracting a typical document ~10–40 ms.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const require = createRequire(import.meta.url);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));

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
        items.push({
          str: i.str.normalize('NFC'),
          x,
          y,
          width: i.width,
          size: Math.hypot(c, d) || Math.hypot(a, b),
          upright: Math.abs(b) < 1e-3 && Math.abs(c) < 1e-3,
        });
      }
      pages.push({ view: page.view, rotate: page.rotate, items });
    }
    return { pageCount: doc.numPages, pages };
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
      ].flatMap(([x, y]) => [
        [x, y],
        [x + along[0] * run, y + along[1] * run],
      ]);
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

// A page as PNG with marks drawn over it (boxes in PDF user space): the issuance preview of where the number,
// date, signature and seal will go. pdf.js's own canvas factory (stack-notes §5).
let labelFont;
const PREVIEW_MAX_PIXELS = 2e6;
async function render(data, { page: index, scale, marks }) {
  // Fonts a PDF does not embed (Times-Roman…) from pdf.js's own files; labels in DejaVu Sans (Vietnamese), registered
  // with the canvas pdf.js draws on (its own nested @napi-rs/canvas).
  const doc = await pdfjs.getDocument({ data, isEvalSupported: false, verbosity: 0, standardFontDataUrl: `${pdfjsDir}/standard_fonts/` })
    .promise;
  if (!labelFont) {
    const { GlobalFonts } = createRequire(require.resolve('pdfjs-dist/package.json'))('@napi-rs/canvas');
    GlobalFonts.registerFromPath(
      path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
      'DejaVu Sans',
    );
    labelFont = 'DejaVu Sans';
  }
  try {
    const page = await doc.getPage(index + 1);
    // A poster-sized page (a PDF can declare 200 × 200 inches) is drawn smaller: at most 2 million pixels, so one
    // preview cannot take the server's memory.
    const [w, h] = [page.view[2] - page.view[0], page.view[3] - page.view[1]].map(Math.abs);
    const viewport = page.getViewport({ scale: Math.min(scale, Math.sqrt(PREVIEW_MAX_PIXELS / (w * h))) });
    const { canvas, context } = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport, canvas }).promise;
    context.lineWidth = 1.5;
    context.setLineDash([4, 3]);
    for (const mark of marks) {
      const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(mark.box);
      const [left, top, width, height] = [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)];
      context.strokeStyle = mark.color;
      context.fillStyle = mark.color;
      context.beginPath();
      if (mark.round) context.ellipse(left + width / 2, top + height / 2, width / 2, height / 2, 0, 0, Math.PI * 2);
      else context.rect(left, top, width, height);
      context.stroke();
      if (mark.label) {
        context.font = `${Math.max(9, Math.min(14, height * 0.7))}px "${labelFont}"`;
        context.fillText(mark.label, left + 2, mark.round ? top + height / 2 : top + height - Math.max(2, height * 0.2));
      }
    }
    const png = canvas.toBuffer('image/png');
    return { pageCount: doc.numPages, png: new Uint8Array(png.buffer, png.byteOffset, png.length) };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async ({ id, data, kind, only, render: options, pxPerMm }) => {
  try {
    if (kind === 'layout') {
      const result = await firstPageLayout(data, pxPerMm);
      parentPort.postMessage({ id, result }, [result.ink.buffer]);
      return;
    }
    parentPort.postMessage({
      id,
      result: await (kind === 'positions' ? positions(data, only) : kind === 'render' ? render(data, options) : extract(data)),
    });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
