import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mediaTypes } from '../files/media-type';
import type { PendingJob, RecoverySource } from '../queues/recovery';
import { validationJobs } from '../signing/incoming-signatures';
import { extractionJobs } from './extraction';
import { ocrJob } from './ocr';
import { incomingFiles } from './schema';

const LIMIT = 500;

/**
 * Received files: extraction PENDING owes the extraction job and, for a main PDF, its signature validation
 * (both are queued together, see enqueueTextExtraction); OCR PENDING or RUNNING (a crash mid-OCR) owes the
 * OCR job. Each job is safe to run twice: a file already done is skipped.
 */
export const incomingRecovery: RecoverySource = {
  name: 'incoming-files',
  async pending(db: Db): Promise<PendingJob[]> {
    const extraction = await db
      .select({ id: incomingFiles.id, role: incomingFiles.role, mediaType: incomingFiles.mediaType })
      .from(incomingFiles)
      .where(eq(incomingFiles.extractionState, 'PENDING'))
      .orderBy(asc(incomingFiles.createdAt))
      .limit(LIMIT);
    const ocr = await db
      .select({ id: incomingFiles.id })
      .from(incomingFiles)
      .where(inArray(incomingFiles.ocrState, ['PENDING', 'RUNNING']))
      .orderBy(asc(incomingFiles.createdAt))
      .limit(LIMIT);
    const mainPdfs = extraction.filter((f) => f.role === 'MAIN' && f.mediaType === mediaTypes.PDF).map((f) => f.id);
    return [...extractionJobs(extraction.map((f) => f.id)), ...validationJobs(mainPdfs), ...ocr.map((f) => ocrJob(f.id))].map((j) => ({
      queue: 'incomingFiles' as const,
      ...j,
    }));
  },
};
