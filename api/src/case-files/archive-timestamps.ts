import { Readable } from 'node:stream';
import { and, eq, isNotNull, lt, or, isNull, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import type { Db } from '../db/client';
import { mediaTypes } from '../files/media-type';
import { addDocumentTimestamp } from '../signing/doc-timestamp';
import type { SigningDeps } from '../signing/deps';
import { augmentToLt } from '../signing/ltv';
import { hasSignatures } from '../signing/signer';
import { readAll, type BlobStore } from '../storage/blob-store';
import { filedDocuments } from './documents';
import { archivedSignedFileRevisions, archivedSignedFiles, caseFiles } from './schema';

/**
 * PAdES B-LTA in the archive (docs/architecture.md#signatures-that-outlive-their-certificates). On nộp lưu every
 * signed PDF of the case file gets a DSS update (the validation data of all its signatures and timestamps) and a
 * document timestamp; later, before the last timestamp's TSA certificate expires, another pair. Each step appends
 * to the bytes (earlier revisions untouched), stores the result as a new blob and records the step.
 */

const DAY = 24 * 3600 * 1000;

/** DSS for what is in the file now (the previous TSA's chain included), then a document timestamp over it all. */
async function timestampOnce(pdf: Buffer, deps: SigningDeps) {
  if (!deps.documentTimestamps) throw new Error('no timestamping authority: set TSA_URL or create the dev PKI');
  const withDss = await augmentToLt(pdf, await deps.trustStore());
  return addDocumentTimestamp(withDss, deps.documentTimestamps);
}

/**
 * Archives the signed PDFs of a transferred case file (those not archived yet): run right after the transfer and
 * again by the maintenance job, which catches what a failure left. Unsigned files and other formats stay as filed.
 */
export async function archiveSignedFiles(db: Db, blobs: BlobStore, deps: SigningDeps, caseFileId: string) {
  const [cf] = await db.select().from(caseFiles).where(eq(caseFiles.id, caseFileId));
  if (!cf || cf.status !== 'TRANSFERRED') return { archived: 0 };
  const docs = await filedDocuments(db, caseFileId, blobs);
  const sources = [...new Set(docs.flatMap((d) => d.files.filter((f) => f.mediaType === mediaTypes.PDF).map((f) => f.sha256)))];
  if (!sources.length) return { archived: 0 };
  const done = new Set(
    (
      await db
        .select({ s: archivedSignedFiles.sourceSha256 })
        .from(archivedSignedFiles)
        .where(and(eq(archivedSignedFiles.caseFileId, caseFileId), inArray(archivedSignedFiles.sourceSha256, sources)))
    ).map((r) => r.s),
  );
  let archived = 0;
  for (const source of sources.filter((s) => !done.has(s))) {
    const pdf = await readAll(await blobs.get(source));
    if (!hasSignatures(pdf)) continue;
    const ts = await timestampOnce(pdf, deps);
    const blob = await blobs.put(Readable.from([ts.pdf]));
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(archivedSignedFiles)
        .values({
          caseFileId,
          sourceSha256: source,
          sha256: blob.sha256,
          size: blob.size,
          timestampedAt: ts.time,
          timestampExpiresAt: ts.certificateExpiresAt,
        })
        .onConflictDoNothing()
        .returning({ id: archivedSignedFiles.id });
      if (!row) return; // archived meanwhile by the job
      await recordAudit(tx, {
        actorId: null,
        actorRole: null,
        action: 'case_file.archive_timestamp',
        entityType: 'case_file',
        entityId: caseFileId,
        data: {
          sourceSha256: source,
          sha256: blob.sha256,
          timestampedAt: ts.time.toISOString(),
          timestampExpiresAt: ts.certificateExpiresAt?.toISOString() ?? null,
        },
      });
      await tx.insert(archivedSignedFileRevisions).values({
        archivedFileId: row.id,
        kind: 'TRANSFER',
        previousSha256: source,
        sha256: blob.sha256,
        size: blob.size,
        timestampedAt: ts.time,
        timestampExpiresAt: ts.certificateExpiresAt,
      });
      archived++;
    });
  }
  return { archived };
}

/**
 * The `archive-retimestamp` maintenance job: archives what a transfer left unarchived, then gives every archived
 * file whose last timestamp certificate expires within `beforeDays` a new DSS and document timestamp.
 */
export async function retimestampArchive(db: Db, blobs: BlobStore, deps: SigningDeps, beforeDays: number, now = new Date()) {
  let archived = 0;
  for (const cf of await db.select({ id: caseFiles.id }).from(caseFiles).where(eq(caseFiles.status, 'TRANSFERRED')))
    archived += (await archiveSignedFiles(db, blobs, deps, cf.id)).archived;
  const due = await db
    .select({ f: archivedSignedFiles })
    .from(archivedSignedFiles)
    .innerJoin(caseFiles, eq(caseFiles.id, archivedSignedFiles.caseFileId))
    .where(
      and(
        eq(caseFiles.status, 'TRANSFERRED'),
        or(
          isNull(archivedSignedFiles.timestampExpiresAt),
          lt(archivedSignedFiles.timestampExpiresAt, new Date(now.getTime() + beforeDays * DAY)),
        ),
      ),
    );
  let retimestamped = 0;
  for (const { f } of due) {
    const pdf = await readAll(await blobs.get(f.sha256));
    const ts = await timestampOnce(pdf, deps);
    const blob = await blobs.put(Readable.from([ts.pdf]));
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(archivedSignedFiles)
        .set({
          sha256: blob.sha256,
          size: blob.size,
          timestampedAt: ts.time,
          timestampExpiresAt: ts.certificateExpiresAt,
          updatedAt: new Date(),
        })
        .where(and(eq(archivedSignedFiles.id, f.id), eq(archivedSignedFiles.sha256, f.sha256)))
        .returning({ id: archivedSignedFiles.id });
      if (!row) return; // another run got there first
      await recordAudit(tx, {
        actorId: null,
        actorRole: null,
        action: 'case_file.archive_retimestamp',
        entityType: 'case_file',
        entityId: f.caseFileId,
        data: {
          sourceSha256: f.sourceSha256,
          previousSha256: f.sha256,
          sha256: blob.sha256,
          timestampedAt: ts.time.toISOString(),
          timestampExpiresAt: ts.certificateExpiresAt?.toISOString() ?? null,
        },
      });
      await tx.insert(archivedSignedFileRevisions).values({
        archivedFileId: f.id,
        kind: 'RETIMESTAMP',
        previousSha256: f.sha256,
        sha256: blob.sha256,
        size: blob.size,
        timestampedAt: ts.time,
        timestampExpiresAt: ts.certificateExpiresAt,
      });
      retimestamped++;
    });
  }
  return { archived, retimestamped };
}

/** The archive's current bytes for each source file of a case file (source hash → archived hash). */
export async function archivedVersions(db: Db, caseFileId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ source: archivedSignedFiles.sourceSha256, sha256: archivedSignedFiles.sha256 })
    .from(archivedSignedFiles)
    .where(and(eq(archivedSignedFiles.caseFileId, caseFileId), isNotNull(archivedSignedFiles.sha256)));
  return new Map(rows.map((r) => [r.source, r.sha256]));
}

/** Every version an archived file had, oldest first (each blob is still stored). */
export async function archivedRevisions(db: Db, archivedFileId: string) {
  return db
    .select()
    .from(archivedSignedFileRevisions)
    .where(eq(archivedSignedFileRevisions.archivedFileId, archivedFileId))
    .orderBy(archivedSignedFileRevisions.createdAt);
}
