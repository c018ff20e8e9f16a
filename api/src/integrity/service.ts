import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import type { Db } from '../db/client';
import { referencedBlobs } from '../files/blob-refs';
import { forbidden } from '../http/problem';
import type { Notifier } from '../notifications/notifier';
import { rootOrganisationIds } from '../organisations/service';
import { BlobNotFoundError, type BlobStore } from '../storage/blob-store';
import { roleGrants, users } from '../users/schema';
import { integrityChecks, integrityFindings } from './schema';

/** Runs kept for the admin screen's history; older ones (and their findings) are deleted. */
export const INTEGRITY_RUNS_KEPT = 30;
/** Findings of a run shown at most (a lost blob store yields one per blob; the counts stay exact). */
const FINDINGS_SHOWN = 500;

type Finding = Pick<typeof integrityFindings.$inferInsert, 'sha256' | 'problem' | 'actualSha256' | 'tables'>;

async function rehash(blobs: BlobStore, sha256: string): Promise<{ actual: string; size: number } | null> {
  let stream;
  try {
    stream = await blobs.get(sha256);
  } catch (e) {
    if (e instanceof BlobNotFoundError) return null;
    throw e;
  }
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { actual: hash.digest('hex'), size };
}

/** Active administrators (QUAN_TRI) of a top-level organisation: the blob store serves the whole installation. */
async function installationAdmins(db: Db): Promise<string[]> {
  const roots = [...(await rootOrganisationIds(db))];
  if (roots.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .where(and(eq(roleGrants.role, 'QUAN_TRI'), inArray(roleGrants.organisationId, roots), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/**
 * The integrity check of the stored originals: every blob a row names is read back and re-hashed (its name is
 * its SHA-256, so no other reference value is needed). A missing blob or one whose bytes changed is recorded
 * and, when there is any, the installation's administrators are notified with a link to the report.
 * Blobs are read one after the other, so the check costs one sequential read of the store and little memory.
 */
export async function checkStoredBlobs(db: Db, blobs: BlobStore, notifier: Notifier) {
  const startedAt = new Date();
  const findings: Finding[] = [];
  let bytes = 0;
  const referenced = await referencedBlobs(db);
  for (const { sha256, tables } of referenced) {
    const read = await rehash(blobs, sha256);
    if (!read) findings.push({ sha256, problem: 'MISSING', actualSha256: null, tables });
    else {
      bytes += read.size;
      if (read.actual !== sha256) findings.push({ sha256, problem: 'MISMATCH', actualSha256: read.actual, tables });
    }
  }
  const check = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(integrityChecks)
      .values({
        startedAt,
        finishedAt: new Date(),
        blobsChecked: referenced.length,
        bytesChecked: bytes,
        missing: findings.filter((f) => f.problem === 'MISSING').length,
        mismatched: findings.filter((f) => f.problem === 'MISMATCH').length,
      })
      .returning();
    if (findings.length) await tx.insert(integrityFindings).values(findings.map((f) => ({ ...f, checkId: row.id })));
    const kept = tx
      .select({ id: integrityChecks.id })
      .from(integrityChecks)
      .orderBy(desc(integrityChecks.finishedAt))
      .limit(INTEGRITY_RUNS_KEPT);
    await tx.delete(integrityChecks).where(notInArray(integrityChecks.id, kept));
    return row;
  });
  if (findings.length) {
    // One notification per run: damage that stays is reported again by the next run, as it should be.
    await notifier.send(
      (await installationAdmins(db)).map((userId) => ({
        userId,
        kind: 'integrity.problem',
        titleVi: `Kiểm tra toàn vẹn: ${check.missing} tệp bị mất, ${check.mismatched} tệp bị thay đổi`,
        titleEn: `Integrity check: ${check.missing} stored files missing, ${check.mismatched} altered`,
        link: '/admin/integrity',
        data: { checkId: check.id, missing: check.missing, mismatched: check.mismatched },
        dedupeKey: `integrity:${check.id}`,
      })),
    );
  }
  return toCheckView(check);
}

const toCheckView = (c: typeof integrityChecks.$inferSelect) => ({
  id: c.id,
  startedAt: c.startedAt.toISOString(),
  finishedAt: c.finishedAt.toISOString(),
  blobsChecked: c.blobsChecked,
  bytesChecked: c.bytesChecked,
  missing: c.missing,
  mismatched: c.mismatched,
});

/** The report for the admin screen: the latest runs, and the findings of the newest. Administrators of a top-level organisation only. */
export async function integrityReport(db: Db, actor: Actor) {
  const roots = await rootOrganisationIds(db);
  if (!actor.roles.some((g) => g.role === 'QUAN_TRI' && roots.has(g.organisationId))) {
    throw forbidden('Only administrators of a top-level organisation read the integrity report of the stored files');
  }
  const runs = await db.select().from(integrityChecks).orderBy(desc(integrityChecks.finishedAt)).limit(INTEGRITY_RUNS_KEPT);
  const latest = runs[0];
  const findings = latest
    ? await db
        .select({
          sha256: integrityFindings.sha256,
          problem: integrityFindings.problem,
          actualSha256: integrityFindings.actualSha256,
          tables: integrityFindings.tables,
        })
        .from(integrityFindings)
        .where(eq(integrityFindings.checkId, latest.id))
        .orderBy(integrityFindings.problem, integrityFindings.sha256)
        .limit(FINDINGS_SHOWN)
    : [];
  return { runs: runs.map(toCheckView), findings };
}
