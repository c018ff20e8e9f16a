import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mediaTypes } from '../files/media-type';
import { incomingFiles } from '../incoming/schema';
import { readAll, type BlobStore } from '../storage/blob-store';
import { incomingSignatureReports } from './schema';
import { validatePdf, type TrustStore, type ValidationReport } from './validate';

/** On the incoming-files queue, beside text extraction: the signature report of every received main PDF. */
export const VALIDATE_SIGNATURES_JOB = 'validate-signatures';
export interface ValidateSignaturesJob {
  fileId: string;
}

export const validationJobs = (fileIds: string[]) =>
  fileIds.map((fileId) => ({
    name: VALIDATE_SIGNATURES_JOB,
    data: { fileId } satisfies ValidateSignaturesJob,
    opts: {
      jobId: `validate-${fileId}`,
      attempts: 5,
      backoff: { type: 'exponential' as const, delay: 2000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  }));

/** Validates a received main PDF and stores the report; attachments, other types and files already done are skipped. */
export async function validateIncomingFile(db: Db, blobs: BlobStore, trust: () => Promise<TrustStore>, fileId: string) {
  const [file] = await db.select().from(incomingFiles).where(eq(incomingFiles.id, fileId));
  if (!file || file.role !== 'MAIN' || file.mediaType !== mediaTypes.PDF) return { skipped: true as const };
  const [done] = await db
    .select({ verdict: incomingSignatureReports.verdict })
    .from(incomingSignatureReports)
    .where(eq(incomingSignatureReports.fileId, fileId));
  if (done) return { verdict: done.verdict, skipped: true as const };
  const report = await validatePdf(await readAll(await blobs.get(file.sha256)), await trust());
  await db
    .insert(incomingSignatureReports)
    .values({ fileId, documentId: file.documentId, verdict: report.verdict, signatureCount: report.signatureCount, report })
    .onConflictDoNothing();
  return { verdict: report.verdict, signatureCount: report.signatureCount };
}

/** The main PDF's report for the document view (`signatures`), or null while the worker has not run. */
export async function incomingSignatures(db: Db, documentId: string): Promise<(ValidationReport & Record<string, unknown>) | null> {
  const [row] = await db
    .select({ report: incomingSignatureReports.report })
    .from(incomingSignatureReports)
    .innerJoin(incomingFiles, eq(incomingFiles.id, incomingSignatureReports.fileId))
    .where(and(eq(incomingSignatureReports.documentId, documentId), eq(incomingFiles.role, 'MAIN')));
  return (row?.report as (ValidationReport & Record<string, unknown>) | undefined) ?? null;
}
