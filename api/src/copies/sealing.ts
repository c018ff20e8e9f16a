import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/service';
import type { Db } from '../db/client';
import { organisations } from '../organisations/schema';
import { layoutOf } from '../outgoing/layout';
import { signWithKey } from '../signing/key-store';
import type { SigningDeps } from '../signing/deps';
import { vietnamIso } from '../calendar/vietnam-time';
import { cornerCaption } from '../signing/placement';
import { augmentToLt } from '../signing/ltv';
import { validatePdf } from '../signing/validate';
import { readAll, type BlobStore } from '../storage/blob-store';
import { documentCopies } from './schema';
import { COPY_FORMS, copyNumberAndSymbol, type SealCopyJob } from './service';

/**
 * The seal worker's half of a copy: the organisation's signature, no image, top right of page 1 (ô 14), with the
 * form of copy, the copying organisation and the signing time (docs/domain.md §3.3). The copied PDF's own signatures
 * stay valid: the signature is an incremental update after them. Re-runnable: a signed copy is skipped.
 */
export async function sealCopy(db: Db, blobs: BlobStore, deps: SigningDeps, data: SealCopyJob) {
  const [copy] = await db.select().from(documentCopies).where(eq(documentCopies.id, data.copyId));
  if (!copy || copy.state !== 'SIGNING') return { skipped: true as const };
  const [org] = await db.select().from(organisations).where(eq(organisations.id, copy.organisationId));
  const key = await deps.keys.unlockOrganisation(copy.organisationId, deps.sealPassphrase);
  const pdf = await readAll(await blobs.get(copy.contentSha256));
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
  const corner = cornerCaption(await layoutOf(copy.contentSha256, async () => pdf), [
    COPY_FORMS[copy.form].caption,
    org.name,
    vietnamIso(signingTime),
  ]);
  const store = await deps.trustStore();
  // PAdES B-LT, as the outgoing seal: the validation data goes into the DSS right after the signature.
  const signed = await augmentToLt(
    await signWithKey(
      pdf,
      key,
      {
        appearance: { kind: 'caption', page: 0, ...corner },
        signingTime,
        signerName: org.name,
        reason: `${COPY_FORMS[copy.form].caption} số ${copyNumberAndSymbol(copy)}`,
        location: org.placeName,
      },
      deps.timestamps,
    ),
    store,
  );
  const report = await validatePdf(signed, store);
  if (report.verdict === 'invalid') throw new Error(`the signed copy does not validate: ${report.reasons.map((r) => r.en).join('; ')}`);
  const { sha256: signedSha256 } = await blobs.put(Readable.from([signed]));
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(documentCopies)
      .set({ state: 'SIGNED', signedSha256, signedAt: signingTime })
      .where(and(eq(documentCopies.id, copy.id), eq(documentCopies.state, 'SIGNING')))
      .returning();
    if (done)
      await recordAudit(tx, {
        actorId: copy.signedBy,
        actorRole: 'COPY_SIGN',
        action: 'copy.signed',
        entityType: 'document_copy',
        entityId: copy.id,
        data: { number: copyNumberAndSymbol(copy), signedSha256 },
      });
  });
  return { sealed: true as const };
}
