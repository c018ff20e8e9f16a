import fs from 'node:fs';
import { Readable } from 'node:stream';
import { eq, getTableName, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { archivedSignedFileRevisions, archivedSignedFiles, caseFileImportedFiles } from '../case-files/schema';
import { documentCopies } from '../copies/schema';
import { queryRows, type Db } from '../db/client';
import { exchangeInbox } from '../exchange/inbox-schema';
import { incomingAssignmentFiles } from '../incoming/processing-schema';
import { incomingFiles } from '../incoming/schema';
import { outgoingDocuments, outgoingFiles } from '../outgoing/schema';
import { outgoingExternalSignings, outgoingSealedFiles, outgoingSigningRequests, userSignatureImages } from '../signing/schema';
import type { BlobStore, StoredBlob } from '../storage/blob-store';
import type { CheckedFile } from './check';
import type { UploadRole } from './upload';

/**
 * Every column that names a blob, by table. Blobs are shared by content (an issued PDF is also the main file of
 * the recipients' incoming copies), so a blob is in use while any of these points at it.
 */
const BLOB_COLUMNS: { table: PgTable; columns: PgColumn[] }[] = [
  { table: incomingFiles, columns: [incomingFiles.sha256, incomingFiles.stampedSha256, incomingFiles.ocrSha256] },
  { table: outgoingFiles, columns: [outgoingFiles.sha256, outgoingFiles.originalSha256] },
  { table: outgoingDocuments, columns: [outgoingDocuments.signedSha256, outgoingDocuments.issuedSha256] },
  { table: outgoingSigningRequests, columns: [outgoingSigningRequests.preparedSha256, outgoingSigningRequests.signedSha256] },
  { table: outgoingSealedFiles, columns: [outgoingSealedFiles.sealedSha256] },
  { table: userSignatureImages, columns: [userSignatureImages.sha256] },
  { table: outgoingExternalSignings, columns: [outgoingExternalSignings.preparedSha256] },
  { table: caseFileImportedFiles, columns: [caseFileImportedFiles.sha256] },
  { table: archivedSignedFiles, columns: [archivedSignedFiles.sha256, archivedSignedFiles.sourceSha256] },
  {
    table: archivedSignedFileRevisions,
    columns: [archivedSignedFileRevisions.sha256, archivedSignedFileRevisions.previousSha256],
  },
  { table: exchangeInbox, columns: [exchangeInbox.rawSha256] },
  { table: incomingAssignmentFiles, columns: [incomingAssignmentFiles.sha256, incomingAssignmentFiles.originalSha256] },
  { table: documentCopies, columns: [documentCopies.contentSha256, documentCopies.signedSha256] },
];

/** How many rows, across every capability, point at a blob: nobody may delete one that another uses. */
export async function blobReferences(db: Db, sha: string): Promise<number> {
  const counts = await Promise.all(BLOB_COLUMNS.map(({ table, columns }) => db.$count(table, or(...columns.map((c) => eq(c, sha))))));
  return counts.reduce((a, b) => a + b, 0);
}

/** Every blob some row names, with the tables naming it (SQL names), in hash order. */
export async function referencedBlobs(db: Db): Promise<{ sha256: string; tables: string[] }[]> {
  const naming = BLOB_COLUMNS.flatMap(({ table, columns }) =>
    columns.map(
      (c) =>
        sql`select ${sql.identifier(c.name)} as sha256, ${getTableName(table)}::text as tbl from ${table} where ${sql.identifier(c.name)} is not null`,
    ),
  );
  return queryRows<{ sha256: string; tables: string[] }>(
    db,
    sql`select sha256, array_agg(distinct tbl order by tbl) as tables from (${sql.join(naming, sql` union all `)}) refs group by sha256 order by sha256`,
  );
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
