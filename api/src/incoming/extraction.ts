import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Db } from '../db/client';
import { validationJobs } from '../signing/incoming-signatures';
import { readAll, type BlobStore } from '../storage/blob-store';
import { ConverterMissing, imageToPdf, isImage, requestOcr, UnreadableImage } from './ocr';
import { extractPdfText } from './pdf';
import { incomingFiles, type ExtractionState } from './schema';

export const TEXT_EXTRACTION_JOB = 'extract-text';
export interface TextExtractionJob {
  fileId: string;
}

/** One extraction job per file; the job id is derived from the file, so queueing it again while it exists is a no-op. Retried with exponential backoff (2 s, 4 s, 8 s, 16 s). */
export const extractionJobs = (fileIds: string[]) =>
  fileIds.map((fileId) => ({
    name: TEXT_EXTRACTION_JOB,
    data: { fileId } satisfies TextExtractionJob,
    opts: {
      jobId: `extract-${fileId}`,
      attempts: 5,
      backoff: { type: 'exponential' as const, delay: 2000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  }));

/**
 * Extraction of every file, and signature validation of the PDFs (signing/incoming-signatures.ts; it keeps only the main
 * PDF's), in one atomic add: a file whose extraction is still PENDING has both jobs or neither, which is what the
 * recovery sweep (incoming/recovery.ts) relies on.
 */
export async function enqueueTextExtraction(queue: Queue, fileIds: string[], imageFileIds: string[] = []): Promise<void> {
  if (fileIds.length + imageFileIds.length === 0) return;
  await queue.addBulk([...extractionJobs([...fileIds, ...imageFileIds]), ...validationJobs(fileIds)]);
}

/**
 * Extracts the text layer and page count of a stored PDF file and records them. Re-running it is harmless:
 * a file that already has its result is left alone, and a file deleted meanwhile is skipped.
 */
export async function extractFileText(
  db: Db,
  blobs: BlobStore,
  fileId: string,
  ocrQueue?: Queue,
): Promise<{ state: ExtractionState; pageCount?: number; skipped?: true }> {
  const [file] = await db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
  if (!file) return { state: 'NOT_APPLICABLE', skipped: true };
  if (file.extractionState !== 'PENDING' && file.extractionState !== 'FAILED') return { state: file.extractionState, skipped: true };
  const bytes = await readAll(await blobs.get(file.sha256));
  if (isImage(file.mediaType)) {
    // An image has no text layer: check it can be read (a damaged one is refused with the reason), then OCR.
    // A TIFF may hold several pages (one per frame); without img2pdf it is left to OCRmyPDF to read.
    let pageCount = 1;
    try {
      const pdf = await imageToPdf(bytes, file.mediaType);
      pageCount = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
    } catch (e) {
      if (e instanceof UnreadableImage) {
        await markExtractionFailed(db, fileId, e.message);
        return { state: 'FAILED' };
      }
      if (!(e instanceof ConverterMissing)) throw e;
    }
    await db
      .update(incomingFiles)
      .set({ extractionState: 'NO_TEXT', pageCount, extractionError: null, extractedAt: new Date() })
      .where(eq(incomingFiles.id, fileId));
    await requestOcr(db, ocrQueue, fileId);
    return { state: 'NO_TEXT', pageCount };
  }
  const { pageCount, text } = await extractPdfText(bytes);
  const state = text.trim() === '' ? 'NO_TEXT' : 'DONE';
  await db
    .update(incomingFiles)
    .set({
      extractionState: state,
      extractedText: state === 'DONE' ? text : null,
      pageCount,
      extractionError: null,
      extractedAt: new Date(),
    })
    .where(eq(incomingFiles.id, fileId));
  // A scan: OCR runs as its own job (minutes for a long scan), or the file says plainly it is unavailable.
  if (state === 'NO_TEXT') await requestOcr(db, ocrQueue, fileId);
  return { state, pageCount };
}

/** After the last retry: the file shows as failed, with the reason, instead of pending for ever. */
export async function markExtractionFailed(db: Db, fileId: string, error: string): Promise<void> {
  await db
    .update(incomingFiles)
    .set({ extractionState: 'FAILED', extractionError: error.slice(0, 1000), extractedAt: new Date() })
    .where(eq(incomingFiles.id, fileId));
}
