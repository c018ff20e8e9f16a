import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Db } from '../db/client';
import { cleanPdf } from '../files/active-content';
import { mediaTypes } from '../files/media-type';
import { enqueueAfterCommit } from '../queues/recovery';
import { readAll, type BlobStore } from '../storage/blob-store';
import { incomingFiles } from './schema';
import { rereadSubject } from './subject-pass';

const run = promisify(execFile);

export const OCR_JOB = 'ocr';
export interface OcrJob {
  fileId: string;
}
/**
 * Vietnamese alone: with `vie+eng` the English model wins on bold capitals and strips their marks ("SO TAI
 * NGUYEN" for "SỞ TÀI NGUYÊN"); the `vie` model reads Latin symbols (UBND-KT, 2026) as well. Measured on the
 * bench:ocr scans, where `vie` kept every header's diacritics that `vie+eng` lost.
 */
export const OCR_LANGUAGES = 'vie';
const OCR_TIMEOUT_MS = 10 * 60_000;
export const OCR_UNAVAILABLE =
  'Máy chủ chưa cài OCRmyPDF: không nhận dạng được chữ trên bản quét (OCR unavailable: ocrmypdf is not installed)';

let available: Promise<boolean> | undefined;
/** Whether `ocrmypdf` runs here (checked once per process). OCR_DISABLED=1 forces "unavailable", for tests. */
export function ocrAvailable(): Promise<boolean> {
  if (process.env.OCR_DISABLED === '1') return Promise.resolve(false);
  available ??= run('ocrmypdf', ['--version'], { timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  return available;
}

export const isImage = (mediaType: string) =>
  mediaType === mediaTypes.PNG || mediaType === mediaTypes.JPEG || mediaType === mediaTypes.TIFF;

/** Scans come at 150–600 dpi; without a resolution in the file, 300 dpi is the usual scanner setting. */
const DPI = 300;

/**
 * Wraps a PNG or JPEG into a one-page PDF whose page has the image's size at 300 dpi, for OCRmyPDF; a TIFF
 * (one page per frame) through Debian's `img2pdf`, as pdf-lib cannot embed TIFF.
 * Throws a plain reason when the image is damaged, and ConverterMissing when `img2pdf` is not installed.
 */
export async function imageToPdf(bytes: Uint8Array, mediaType: string): Promise<Uint8Array> {
  if (mediaType === mediaTypes.TIFF) return tiffToPdf(bytes);
  const doc = await PDFDocument.create();
  let image;
  try {
    image = mediaType === mediaTypes.PNG ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
  } catch (e) {
    throw new UnreadableImage(`Ảnh bị hỏng hoặc không đọc được (damaged or unreadable image: ${(e as Error).message})`);
  }
  // The page has the paper's size: an A4 scanned at 150 dpi is A4, not A6, so the ĐẾN stamp keeps its proportions.
  const dpi = recordedDpi(bytes, mediaType) ?? DPI;
  const w = (image.width * 72) / dpi;
  const h = (image.height * 72) / dpi;
  doc.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
  return doc.save();
}

/**
 * The resolution a PNG (pHYs chunk, pixels per metre) or a JPEG (JFIF density, per inch or cm) records, when it
 * records a plausible one (72–1200 dpi); scanners write it, screenshots often do not.
 */
export function recordedDpi(bytes: Uint8Array, mediaType: string): number | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dpi: number | undefined;
  if (mediaType === mediaTypes.PNG) {
    for (let at = 8; at + 12 <= b.length;) {
      const length = b.readUInt32BE(at);
      const type = b.toString('latin1', at + 4, at + 8);
      if (type === 'pHYs' && length >= 9 && b[at + 16] === 1) dpi = Math.round(b.readUInt32BE(at + 8) * 0.0254); // 5906 px/m is 150 dpi
      if (type === 'pHYs' || type === 'IDAT') break;
      at += 12 + length;
    }
  } else if (mediaType === mediaTypes.JPEG && b.length > 18 && b.toString('latin1', 6, 11) === 'JFIF\0') {
    const units = b[13];
    const density = b.readUInt16BE(14);
    dpi = units === 1 ? density : units === 2 ? density * 2.54 : undefined;
  }
  return dpi && dpi >= 72 && dpi <= 1200 ? dpi : undefined;
}

export class UnreadableImage extends Error {}
/** `img2pdf` is not installed: a TIFF cannot be wrapped here (OCRmyPDF then takes the image itself). */
export class ConverterMissing extends Error {}

async function tiffToPdf(bytes: Uint8Array): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-tiff-'));
  try {
    const input = path.join(dir, 'in.tif');
    const output = path.join(dir, 'out.pdf');
    await fs.writeFile(input, bytes);
    try {
      await run('img2pdf', [input, '-o', output], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 });
    } catch (e) {
      const err = e as { code?: number | string; stderr?: string; message: string };
      if (err.code === 'ENOENT') throw new ConverterMissing('img2pdf is not installed');
      const reason = (err.stderr ?? '').trim().split('\n').filter(Boolean).slice(-1).join(' ') || err.message;
      throw new UnreadableImage(`Ảnh bị hỏng hoặc không đọc được (damaged or unreadable image: ${reason})`);
    }
    return await fs.readFile(output);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The PDF OCRmyPDF should read: the original PDF, an image wrapped into one, or (TIFF without img2pdf) the image itself. */
async function ocrInput(original: Uint8Array, mediaType: string): Promise<{ bytes: Uint8Array; image?: true }> {
  if (!isImage(mediaType)) return { bytes: original };
  try {
    return { bytes: await imageToPdf(original, mediaType) };
  } catch (e) {
    if (e instanceof ConverterMissing) return { bytes: original, image: true };
    throw e;
  }
}

/** The OCR job of a scan; the job id is derived from the file, so queueing twice while pending is a no-op. */
export const ocrJob = (fileId: string) => ({
  name: OCR_JOB,
  data: { fileId } satisfies OcrJob,
  opts: {
    jobId: `ocr-${fileId}`,
    attempts: 2,
    backoff: { type: 'fixed' as const, delay: 5000 },
    removeOnComplete: 1000,
    removeOnFail: 5000,
  },
});

export async function enqueueOcr(queue: Queue, fileId: string): Promise<void> {
  const { name, data, opts } = ocrJob(fileId);
  await queue.add(name, data, opts);
}

/** Marks a scan for OCR (or says plainly that OCR is unavailable) and queues the job. */
export async function requestOcr(db: Db, queue: Queue | undefined, fileId: string): Promise<void> {
  if (!(await ocrAvailable()) || !queue) {
    await db
      .update(incomingFiles)
      .set({ ocrState: 'UNAVAILABLE', ocrError: OCR_UNAVAILABLE, ocrAt: new Date() })
      .where(eq(incomingFiles.id, fileId));
    return;
  }
  await db.update(incomingFiles).set({ ocrState: 'PENDING', ocrError: null }).where(eq(incomingFiles.id, fileId));
  await enqueueAfterCommit(() => enqueueOcr(queue, fileId));
}

/**
 * OCR of one scan: the original (a PDF, or an image wrapped into one) goes through OCRmyPDF with the
 * Vietnamese model, turned upright when a page lies on its side; the searchable PDF becomes a new blob beside the
 * untouched original and its text goes where born-digital text goes (extracted_text), so search finds it.
 * Re-running is harmless: a file already done is left alone.
 */
export async function ocrFile(
  db: Db,
  blobs: BlobStore,
  fileId: string,
): Promise<{ state: string; pageCount?: number; chars?: number; ms?: number; skipped?: true }> {
  const [file] = await db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
  if (!file) return { state: 'GONE', skipped: true };
  if (file.ocrState === 'DONE') return { state: 'DONE', skipped: true };
  if (!(await ocrAvailable())) {
    await db
      .update(incomingFiles)
      .set({ ocrState: 'UNAVAILABLE', ocrError: OCR_UNAVAILABLE, ocrAt: new Date() })
      .where(eq(incomingFiles.id, fileId));
    return { state: 'UNAVAILABLE' };
  }
  await db.update(incomingFiles).set({ ocrState: 'RUNNING', ocrError: null }).where(eq(incomingFiles.id, fileId));
  const started = Date.now();
  const original = await readAll(await blobs.get(file.sha256));
  const input = await ocrInput(original, file.mediaType);
  const ocr = await ocrPdf(input.bytes, input.image ? { imageDpi: DPI } : {});
  const { text } = ocr;
  // A copy the system serves: without the scripts or launch actions a received scan may carry.
  const searchable = file.activeContent?.length ? Buffer.from((await cleanPdf(ocr.searchable)).pdf) : ocr.searchable;
  const blob = await blobs.put(Readable.from(searchable));
  const clean = text.replace(/\f/g, '\n\f').normalize('NFC');
  const pageCount = (await PDFDocument.load(searchable, { updateMetadata: false })).getPageCount();
  await db
    .update(incomingFiles)
    .set({
      ocrState: 'DONE',
      ocrSha256: blob.sha256,
      ocrError: null,
      ocrAt: new Date(),
      extractionState: clean.trim() ? 'DONE' : 'NO_TEXT',
      extractedText: clean.trim() ? clean : null,
      pageCount,
      extractedAt: new Date(),
    })
    .where(eq(incomingFiles.id, fileId));
  return { state: 'DONE', pageCount, chars: clean.length, ms: Date.now() - started };
}

/**
 * Runs OCRmyPDF on a PDF (or, with imageDpi, an image): the searchable PDF and the recognised text (pages
 * separated by form feeds), its trích yếu re-read at a higher resolution (subjectPassMs: what that took).
 */
export async function ocrPdf(
  pdf: Uint8Array,
  opts: { imageDpi?: number } = {},
): Promise<{ searchable: Buffer; text: string; subjectPassMs: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-ocr-'));
  try {
    // OCRmyPDF also takes a single image itself (at the given dpi when the file names none).
    const input = path.join(dir, opts.imageDpi ? 'in.img' : 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    const sidecar = path.join(dir, 'out.txt');
    await fs.writeFile(input, pdf);
    try {
      await run(
        'ocrmypdf',
        // No --deskew: it made the same scan read differently run to run (header with and without diacritics);
        // Tesseract reads the 0.5–2° skew of a desk scan itself, and the searchable copy keeps the page as scanned.
        [
          ...(opts.imageDpi ? ['--image-dpi', String(opts.imageDpi)] : []),
          '--language',
          OCR_LANGUAGES,
          '--rotate-pages',
          '--rotate-pages-threshold',
          '2',
          '--skip-text',
          '--output-type',
          'pdf',
          '--optimize',
          '0',
          '--sidecar',
          sidecar,
          '--jobs',
          '2',
          '--quiet',
          input,
          output,
        ],
        // One thread per Tesseract: its multi-threaded (OpenMP) recognition is not bit-for-bit repeatable, and
        // OCRmyPDF already runs pages in parallel (--jobs).
        { timeout: OCR_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
      );
    } catch (e) {
      const err = e as { code?: number | string; stderr?: string; message: string };
      const reason = (err.stderr ?? '').trim().split('\n').filter(Boolean).slice(-2).join(' ') || err.message;
      throw new Error(`OCRmyPDF thất bại (exit ${err.code}): ${reason}`, { cause: e });
    }
    // The trích yếu once more at a higher resolution (subject-pass.ts): a strip of the first page.
    const started = performance.now();
    const text = await rereadSubject(output, await fs.readFile(sidecar, 'utf8'), dir, OCR_LANGUAGES);
    return { searchable: await fs.readFile(output), text, subjectPassMs: performance.now() - started };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** After the last retry: the reason shows on the file; registration never waits for OCR. */
export async function markOcrFailed(db: Db, fileId: string, error: string): Promise<void> {
  await db
    .update(incomingFiles)
    .set({ ocrState: 'FAILED', ocrError: error.slice(0, 1000), ocrAt: new Date() })
    .where(eq(incomingFiles.id, fileId));
}
