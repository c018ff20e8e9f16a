// Prints, for page 1 of the PDF at argv[2], the boxes of its text items and its annotations as a reader sees
// the page (pdf.js viewport at 1 pt per unit, /Rotate applied, origin top-left), as JSON. A separate process,
// so tests judge a produced PDF with pdf.js directly and not through the code under test.
import fs from 'node:fs';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await pdfjs.getDocument({
  data: new Uint8Array(fs.readFileSync(process.argv[2])),
  disableFontFace: true,
  isEvalSupported: false,
  verbosity: 0,
}).promise;
const page = await doc.getPage(1);
const viewport = page.getViewport({ scale: 1 });
const texts = [];
for (const item of (await page.getTextContent()).items) {
  if (!('str' in item) || !item.str.trim()) continue;
  const m = pdfjs.Util.transform(viewport.transform, item.transform);
  const size = Math.hypot(m[2], m[3]);
  const along = [m[0] / Math.hypot(m[0], m[1]), m[1] / Math.hypot(m[0], m[1])];
  const up = [m[2] / size, m[3] / size];
  const pts = [
    [m[4], m[5]],
    [m[4] + along[0] * item.width, m[5] + along[1] * item.width],
    [m[4] + up[0] * size * 0.8, m[5] + up[1] * size * 0.8],
    [m[4] + along[0] * item.width + up[0] * size * 0.8, m[5] + along[1] * item.width + up[1] * size * 0.8],
  ];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  texts.push({ str: item.str, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
}
const annotations = (await page.getAnnotations())
  .map((a) => ({ subtype: a.subtype, contents: a.contentsObj?.str ?? null, box: viewport.convertToViewportRectangle(a.rect) }))
  .map((a) => ({
    ...a,
    box: [Math.min(a.box[0], a.box[2]), Math.min(a.box[1], a.box[3]), Math.max(a.box[0], a.box[2]), Math.max(a.box[1], a.box[3])],
  }));
process.stdout.write(JSON.stringify({ width: viewport.width, height: viewport.height, rotate: page.rotate, texts, annotations }));
await doc.destroy();
