import path from 'node:path';
import { Worker } from 'node:worker_threads';

const TEXT_WORKER = path.join(__dirname, 'pdf-text.worker.mjs');
const TEXT_TIMEOUT_MS = 120_000;

interface Pending {
  resolve(result: unknown): void;
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
  worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
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
  const { pages } = await inExtractionThread<{ pages: ({ view: PageText['view']; rotate: number; items: TextRun[] } | null)[] }>(
    bytes,
    'positions',
    { only },
  );
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

/** Page 1 as displayed (rotation applied): ink map and text boxes in pixels, see pdf-text.worker.mjs. */
export interface PageLayout {
  width: number;
  height: number;
  pxPerMm: number;
  rotate: number;
  /** PDF user space → these pixels. */
  transform: number[];
  /** width × height, row by row: 1 where something is drawn. */
  ink: Uint8Array;
  texts: { str: string; box: [number, number, number, number] }[];
}

export function firstPageLayout(bytes: Uint8Array, pxPerMm = 1): Promise<PageLayout> {
  return inExtractionThread<PageLayout>(bytes, 'layout', { pxPerMm });
}

function inExtractionThread<T>(
  bytes: Uint8Array,
  kind: 'text' | 'positions' | 'render' | 'layout',
  options: { only?: number[]; render?: object; pxPerMm?: number } = {},
): Promise<T> {
  const { worker, pending } = extractionThread();
  const id = nextRequest++;
  const data = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`PDF text extraction took longer than ${TEXT_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, TEXT_TIMEOUT_MS);
    pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer });
    worker.ref(); // busy: the process must wait for the answer
    worker.postMessage({ id, data, kind, ...options }, [data.buffer]);
  });
}
