import type { Job, Queue } from 'bullmq';
import type { Db } from '../../api/src/db/client';
import { extractFileText, markExtractionFailed, TEXT_EXTRACTION_JOB, type TextExtractionJob } from '../../api/src/incoming/extraction';
import { markOcrFailed, OCR_JOB, ocrFile } from '../../api/src/incoming/ocr';
import { ensureStampedCopy, STAMP_JOB, type StampJob } from '../../api/src/incoming/service';
import { VALIDATE_SIGNATURES_JOB, validateIncomingFile } from '../../api/src/signing/incoming-signatures';
import type { TrustStore } from '../../api/src/signing/validate';
import type { BlobStore } from '../../api/src/storage/blob-store';

/** Thin adapter: extraction jobs call the incoming-documents service; the last failed attempt is recorded. */
export function incomingFilesProcessor(db: Db, blobs: BlobStore, trust: () => Promise<TrustStore>, queue?: Queue) {
  return async (job: Job<TextExtractionJob> | Job<StampJob>) => {
    if (job.name === STAMP_JOB) return { stampedSha256: await ensureStampedCopy(db, blobs, (job as Job<StampJob>).data.documentId) };
    if (!('fileId' in job.data)) throw new Error(`Unknown incoming-files job "${job.name}"`);
    if (job.name === VALIDATE_SIGNATURES_JOB) return validateIncomingFile(db, blobs, trust, job.data.fileId);
    if (job.name === OCR_JOB) {
      try {
        return await ocrFile(db, blobs, job.data.fileId);
      } catch (err) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markOcrFailed(db, job.data.fileId, (err as Error).message);
        throw err;
      }
    }
    if (job.name !== TEXT_EXTRACTION_JOB) throw new Error(`Unknown incoming-files job "${job.name}"`);
    try {
      return await extractFileText(db, blobs, job.data.fileId, queue);
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markExtractionFailed(db, job.data.fileId, (err as Error).message);
      throw err;
    }
  };
}
