import fs from 'node:fs';
import { Readable } from 'node:stream';
import { eq, or } from 'drizzle-orm';
import { caseFileImportedFiles } from '../case-files/schema';
import { documentCopies } from '../copies/schema';
import type { Db } from '../db/client';
import { exchangeInbox } from '../exchange/inbox-schema';
import { incomingAssignmentFiles } from '../incoming/processing-schema';
import { incomingFiles } from '../incoming/schema';
import { outgoingDocuments, outgoingFiles } from '../outgoing/schema';
import { outgoingExternalSignings, outgoingSealedFiles, outgoingSigningRequests, userSignatureImages } from '../signing/schema';
import type { BlobStore, StoredBlob } from '../storage/blob-store';
import type { CheckedFile } from './check';
import type { UploadRole } from './upload';

/**
 * How many rows, across every capability, point at a blob. Blobs are shared by content (an issued PDF
 * is also the main file of the recipients' incoming copies), so nobody may delete one that another uses.
 */
export async function blobReferences(db: Db, sha: string): Promise<number> {
  const counts = await Promise.all([
    db.$count(incomingFiles, or(eq(incomingFiles.sha256, sha), eq(incomingFiles.stampedSha256, sha), eq(incomingFiles.ocrSha256, sha))),
    db.$count(outgoingFiles, or(eq(outgoingFiles.sha256, sha), eq(outgoingFiles.originalSha256, sha))),
    db.$count(outgoingDocuments, or(eq(outgoingDocuments.signedSha256, sha), eq(outgoingDocuments.issuedSha256, sha))),
    db.$count(outgoingSigningRequests, or(eq(outgoingSigningRequests.preparedSha256, sha), eq(outgoingSigningRequests.signedSha256, sha))),
    db.$count(outgoingSealedFiles, eq(outgoingSealedFiles.sealedSha256, sha)),
    db.$count(userSignatureImages, eq(userSignatureImages.sha256, sha)),
    db.$count(outgoingExternalSignings, eq(outgoingExternalSignings.preparedSha256, sha)),
    db.$count(caseFileImportedFiles, eq(caseFileImportedFiles.sha256, sha)),
    db.$count(exchangeInbox, eq(exchangeInbox.rawSha256, sha)),
    db.$count(documentCopies, or(eq(documentCopies.contentSha256, sha), eq(documentCopies.signedSha256, sha))),
    db.$count(incomingAssignmentFiles, or(eq(incomingAssignmentFiles.sha256, sha), eq(incomingAssignmentFiles.originalSha256, sha))),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * After a failed upload: deletes the blobs it stored that no row uses. (A concurrent upload of the same
 * bytes could still lose its blob between this check and its own commit; an orphan sweep that also
 * checks age is the complete answer.)
 */
export async function discardUnreferenced(db: Db, blobs: BlobStore, hashes: string[]) {
  for (const sha of new Set(hashes)) if ((await blobReferences(db, sha)) === 0) await blobs.delete(sha);
}

/**
 * Stores checked uploads in the blob store and runs `record` (which writes the rows naming them); if
 * that fails, the blobs it alone would have used are removed again. A file with a cleaned copy is stored
 * as that copy, the upload beside it as `originalSha256`.
 */
export async function storeUploads<R extends UploadRole, T>(
  db: Db,
  blobs: BlobStore,
  files: CheckedFile<R>[],
  record: (stored: (CheckedFile<R> & StoredBlob & { originalSha256: string | null })[]) => Promise<T>,
): Promise<T> {
  const hashes: string[] = [];
  try {
    const stored: (CheckedFile<R> & StoredBlob & { originalSha256: string | null })[] = [];
    for (const f of files) {
      const blob = await blobs.put(fs.createReadStream(f.path));
      hashes.push(blob.sha256);
      const clean = f.cleaned ? await blobs.put(Readable.from([Buffer.from(f.cleaned)])) : undefined;
      if (clean) hashes.push(clean.sha256);
      stored.push({ ...f, ...(clean ?? blob), originalSha256: clean ? blob.sha256 : null });
    }
    return await record(stored);
  } catch (e) {
    await discardUnreferenced(db, blobs, hashes);
    throw e;
  }
}
