import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mediaTypes } from '../files/media-type';
import { organisations } from '../organisations/schema';
import { outgoingSealedFiles } from '../signing/schema';
import { readAll, type BlobStore } from '../storage/blob-store';
import type { OutgoingRow } from './access';
import { numberAndSymbol, placeAndDate } from './document-types';
import { issueFills, layoutOf } from './layout';
import { stampIssued } from './pdf';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from './schema';
import type { SealOutgoingJob } from './signing';

// Bản phát hành: what the issued copy is made of and how it is built. Apart from issuance.ts because the
// exchange packs these files too, and issuance queues the exchange's sends: both depend on this file, not
// on each other.

/** The files of the document's current version, in upload order. */
export async function currentFiles(db: Db, doc: OutgoingRow) {
  return db
    .select({ f: outgoingFiles })
    .from(outgoingFiles)
    .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
    .where(and(eq(outgoingFiles.documentId, doc.id), eq(outgoingVersions.number, doc.currentVersion)))
    .orderBy(asc(outgoingFiles.ordinal))
    .then((rows) => rows.map((r) => r.f));
}

/**
 * What dispatch sends: the issued PDF as main file, then the attachments as the organisation signed them
 * (signing/outgoing.ts sealOutgoing) when it did; undefined while the issued copy awaits the seal.
 */
export async function issuedFiles(db: Db, blobs: BlobStore, doc: OutgoingRow) {
  const issuedSha = await ensureIssuedCopy(db, blobs, doc.id);
  if (!issuedSha || doc.issuedNumber === null || !doc.symbol) return undefined;
  const issuedSize = (await readAll(await blobs.get(issuedSha))).length;
  const sealedCopies = new Map(
    (await db.select().from(outgoingSealedFiles).where(eq(outgoingSealedFiles.documentId, doc.id))).map((s) => [s.fileId, s]),
  );
  const files = await currentFiles(db, doc);
  const main = files.find((f) => f.role === 'MAIN')!;
  return {
    files: [
      {
        role: 'MAIN' as const,
        sha256: issuedSha,
        size: issuedSize,
        originalName: `${numberAndSymbol(doc.issuedNumber, doc.symbol).replace('/', '_')}.pdf`,
        mediaType: mediaTypes.PDF,
        pageCount: main.pageCount,
      },
      ...files
        .filter((f) => f.role === 'ATTACHMENT')
        .map((f) => {
          const sealed = sealedCopies.get(f.id);
          return {
            role: 'ATTACHMENT' as const,
            sha256: sealed?.sealedSha256 ?? f.sha256,
            size: sealed?.size ?? f.size,
            originalName: f.originalName,
            mediaType: f.mediaType,
            pageCount: f.pageCount,
          };
        }),
    ],
  };
}

const issueLines = (place: string, doc: OutgoingRow) => ({
  numberLine: `Số: ${numberAndSymbol(doc.issuedNumber!, doc.symbol!)}`,
  dateLine: placeAndDate(place, doc.issueDate!),
});

/** The seal job of an issued, digitally signed document (issuance, and the recovery sweep). */
export const sealingOf = (org: Pick<typeof organisations.$inferSelect, 'placeName'>, doc: OutgoingRow): SealOutgoingJob => ({
  documentId: doc.id,
  organisationId: doc.organisationId,
  fileSha256: doc.signedSha256!,
  ...issueLines(org.placeName, doc),
});

/**
 * The issued copy. On a paper signature: số, ký hiệu and date drawn on the approved PDF (derived data, rebuilt
 * on demand if the stamp failed after the number was committed). On a digital signature the signing
 * capability delivers it (markSealed), since only an incremental update keeps the signature valid.
 */
export async function ensureIssuedCopy(db: Db, blobs: BlobStore, id: string): Promise<string | undefined> {
  const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, id));
  if (!doc || doc.issuedNumber === null || !doc.symbol || !doc.issueDate) return undefined;
  if (doc.issuedSha256 && (await blobs.has(doc.issuedSha256))) return doc.issuedSha256;
  if (doc.signedSha256) return undefined;
  const main = (await currentFiles(db, doc)).find((f) => f.role === 'MAIN')!;
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const original = await readAll(await blobs.get(main.sha256));
  const layout = await layoutOf(main.sha256, async () => original);
  const stamped = await stampIssued(original, {
    ...issueLines(org.placeName, doc),
    ...issueFills(layout, doc.issuedNumber, doc.issueDate),
  });
  const { sha256 } = await blobs.put(Readable.from([Buffer.from(stamped)]));
  await db.update(outgoingDocuments).set({ issuedSha256: sha256 }).where(eq(outgoingDocuments.id, id));
  return sha256;
}
