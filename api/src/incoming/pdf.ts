import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDFDocument, rgb } from 'pdf-lib';
import { MM, embedStampFont, vietnamDateTime } from '../files/pdf';

export interface StampText {
  organisationName: string;
  arrivalNumber: number;
  receivedAt: Date;
}

/**
 * A copy of the PDF with the "ĐẾN" (received) stamp of ND 30 Điều 22 drawn on page 1: a red 50 × 35 mm
 * box in the top-left margin with Số, Ngày, Giờ and blank Chuyển / Lưu hồ sơ lines for the paper trail.
 * The caller stores it as a new blob; the original bytes stay untouched.
 */
export async function stampReceived(original: Uint8Array, stamp: StampText): Promise<Uint8Array> {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const font = await embedStampFont(doc);
  const page = doc.getPage(0);
  const { width: w, height: h } = { width: 50 * MM, height: 35 * MM };
  const box = page.getCropBox();
  const x = box.x + 10 * MM;
  const y = box.y + box.height - 8 * MM - h;
  const red = rgb(0.8, 0, 0);
  page.drawRectangle({ x, y, width: w, height: h, borderColor: red, borderWidth: 1.2 });
  const { date, time } = vietnamDateTime(stamp.receivedAt);
  // Baselines in mm from the top of the box.
  const line = (text: string, fromTop: number, size: number) =>
    page.drawText(text, { x: x + 2 * MM, y: y + h - fromTop * MM, size, font, color: red, maxWidth: w - 4 * MM });
  let org = stamp.organisationName.toUpperCase();
  while (font.widthOfTextAtSize(org, 6) > w - 4 * MM) org = `${org.slice(0, -2)}…`;
  line(org, 4.5, 6);
  line('ĐẾN', 11, 13);
  line(`Số: ${stamp.arrivalNumber}`, 17, 9);
  line(`Ngày: ${date}  Giờ: ${time}`, 22.5, 8);
  line('Chuyển:', 27.5, 8);
  line('Lưu hồ sơ số:', 32.5, 8);
  return doc.save();
}

const TEXT_WORKER = path.join(__dirname, 'pdf-text.worker.mjs');
const TEXT_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(result: never): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}
let textWorker: { worker: Worker; pending: Map<number, Pending> } | undefined;
let nextRequest = 0;

/** The shared extraction thread, started on first use; a crashed or stopped one is replaced on the next call. */
function extractionThread() {
  if (textWorker) return textWorker;
  const worker = new Worker(TEXT_WORKER, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
  const state = { worker, pending: new Map<number, Pending>() };
  const failAll = (err: Error) => {
    if (textWorker === state) textWorker = undefined;
    for (const p of state.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    state.pending.clear();
  };
  worker.on('message', ({ id, result, error }: { id: number; result?: never; error?: string }) => {
    const p = state.pending.get(id);
    if (!p) return;
    state.pending.delete(id);
    if (state.pending.size === 0) worker.unref();
    clearTimeout(p.timer);
    if (error !== undefined) p.reject(new Error(error));
    else p.resolve(result!);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`PDF text extraction stopped (exit code ${code})`)));
  // Last, as adding a 'message' listener refs the thread: idle, it must not keep the process alive.
  worker.unref();
  textWorker = state;
  return state;
}

/**
 * The text layer and page count of a PDF; empty text means a scan without OCR. pdfjs-dist (legacy build,
 * stack-notes §5) runs in a worker thread: off the event loop, with its own memory cap, outside any module
 * loader that would rewrite its ESM imports. A file that runs past the time limit stops the thread, failing
 * the other extractions in flight too; the queue retries them.
 */
export function extractPdfText(bytes: Uint8Array): Promise<{ pageCount: number; text: string }> {
  return inExtractionThread(bytes, 'text');
}

/** A run of text on a page: baseline origin (x, y) in PDF user space, advance width, font size. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
  /** Not rotated or skewed. */
  upright: boolean;
}
export interface PageText {
  /** [x1, y1, x2, y2] of the page (crop box). */
  view: [number, number, number, number];
  rotate: number;
  runs: TextRun[];
}

/**
 * The text runs of every page with their positions (whitespace runs kept: they are a form line's blanks);
 * with `only` (0-based page indexes, negative from the end) just those pages, the others null.
 */
export async function extractTextPositions(bytes: Uint8Array, only?: number[]): Promise<(PageText | null)[]> {
  const { pages } = await inExtractionThread<{ pages: ({ view: PageText['view']; rotate: number; items: TextRun[] } | null)[] }>(bytes, 'positions', { only });
  return pages.map((p) => p && { view: p.view, rotate: p.rotate, runs: p.items });
}

/** A mark drawn over a rendered page: a box (or, `round`, the ellipse in it) in PDF user space, with a label. */
export interface PageMark {
  box: [number, number, number, number];
  color: string;
  label?: string;
  round?: boolean;
}

/** Page `page` (0-based) as a PNG at `scale` (1 = 72 dpi) with `marks` drawn over it. */
export async function renderPage(bytes: Uint8Array, page: number, scale: number, marks: PageMark[]): Promise<Buffer> {
  const { png } = await inExtractionThread<{ png: Uint8Array }>(bytes, 'render', { render: { page, scale, marks } });
  return Buffer.from(png);
}

function inExtractionThread<T>(bytes: Uint8Array, kind: 'text' | 'positions' | 'render', options: { only?: number[]; render?: object } = {}): Promise<T> {
  const { worker, pending } = extractionThread();
  const id = nextRequest++;
  const data = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`PDF text extraction took longer than ${TEXT_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, TEXT_TIMEOUT_MS);
    pending.set(id, { resolve: resolve as (r: never) => void, reject, timer });
    worker.ref(); // busy: the process must wait for the answer
    worker.postMessage({ id, data, kind, ...options }, [data.buffer]);
  });
}
