import { Readable } from 'node:stream';
import type { Queue } from 'bullmq';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import { vietnamIso } from '../calendar/vietnam-time';
import type { Db } from '../db/client';
import { MM } from '../files/pdf';
import { mediaTypes } from '../files/media-type';
import { Problem, forbidden } from '../http/problem';
import { organisations } from '../organisations/schema';
import { maySign, requireVisible, viewerOf, type OutgoingRow } from '../outgoing/access';
import { dutiesOf, dutyConflict, dutyProblem } from '../outgoing/duties';
import { markSealed } from '../outgoing/issuance';
import { numberAndSymbol } from '../outgoing/document-types';
import { issueFills, layoutOf, overlaps } from '../outgoing/layout';
import { outgoingDocuments, outgoingFiles, outgoingVersions } from '../outgoing/schema';
import { invalidState, latestSigningRequest } from '../outgoing/service';
import { enqueueSignatureCompletion, type SealOutgoingJob, type SignOutgoingJob } from '../outgoing/signing';
import { enqueueAfterCommit } from '../queues/recovery';
import { markSigned } from '../outgoing/workflow';
import { readAll, type BlobStore } from '../storage/blob-store';
import { users } from '../users/schema';
import { sha256 } from './cms';
import { loadSignatureImage } from './signature-image';
import { cornerCaption, imageSize, leaderRect, sealPlacement, signatureWidgets } from './placement';
import type { TextStamp } from './appearance';
import type { SigningDeps } from './deps';
import { signWithKey } from './key-store';
import { outgoingSealedFiles, outgoingSigningRequests } from './schema';
import { completeWithSignature, prepare, signedAttributesFor, type PreparedSignature } from './signer';
import { augmentToLt } from './ltv';
import { validatePdf } from './validate';
import { problem } from '../http/problems';

async function mainFileOf(db: Db, doc: OutgoingRow) {
  const [main] = await db
    .select({ f: outgoingFiles })
    .from(outgoingFiles)
    .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
    .where(and(eq(outgoingFiles.documentId, doc.id), eq(outgoingVersions.number, doc.currentVersion), eq(outgoingFiles.role, 'MAIN')));
  return main.f;
}

async function lastPageWidth(pdf: Buffer) {
  const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPages();
  return {
    last: pages.length - 1,
    width: pages[pages.length - 1].getSize().width,
    height: pages[0].getSize().height,
    firstWidth: pages[0].getSize().width,
  };
}

/**
 * Ký số: the signer (or their deputy) signs the approved PDF. Everything that needs the key happens here, in the
 * request: the PDF is prepared with the leader's visible signature, the key is unlocked with the typed passphrase,
 * the CAdES signed attributes are signed and the key is dropped. The `sign-outgoing` job then carries only the
 * prepared PDF's hash and the signature value; the worker timestamps, embeds, validates and calls markSigned.
 */
export async function signOutgoing(
  db: Db,
  blobs: BlobStore,
  signingQueue: Queue,
  deps: SigningDeps,
  actor: Actor,
  id: string,
  passphrase: string,
) {
  const { viewer, doc } = await requireSignable(db, actor, id);
  const [me] = await db.select().from(users).where(eq(users.id, actor.userId));
  let key = await deps.keys.unlockUser(me.username, passphrase);
  const prepared = await prepareLeaderSignature(db, blobs, doc, actor);
  const { signedAttributes } = await signedAttributesFor(prepared, key.chain);
  const signature = await key.sign(signedAttributes);
  const chain = key.chain.map((c) => c.toString('base64'));
  // eslint-disable-next-line no-useless-assignment -- dropped on purpose: the unlocked key is not kept past this point
  key = undefined as never;
  const { sha256: preparedSha256 } = await blobs.put(Readable.from([prepared.pdf]));
  return queueLeaderSignature(
    db,
    signingQueue,
    viewer,
    actor,
    doc,
    { preparedSha256, byteRange: prepared.byteRange, fieldName: prepared.fieldName, signingTime: prepared.signingTime, chain },
    signature,
    {},
  );
}

/** The document, approved and awaiting the caller's signature (signer or deputy), with nothing being completed. */
export async function requireSignable(db: Db, actor: Actor, id: string) {
  const viewer = await viewerOf(db, actor);
  const doc = await requireVisible(db, viewer, id);
  if (doc.status !== 'APPROVED_AWAITING_SIGNATURE') {
    throw invalidState(doc, 'outgoing.not_awaiting_signature#sign');
  }
  if (!maySign(viewer, doc)) throw forbidden('Only the signer of the approved document, or a deputy with signing authority, signs it');
  const conflict = dutyConflict(await dutiesOf(db, doc), [actor.userId, doc.signerId], true);
  if (conflict) throw dutyProblem(conflict);
  if ((await latestSigningRequest(db, doc))?.state === 'QUEUED') throw problem('signing.in_progress');
  return { viewer, doc };
}

/**
 * The approved main PDF with the caller's visible signature and a placeholder. In the draft's signature block
 * when it has one (the image, or "Đã ký số", between the position line and the name); else at the foot of the
 * last page with the name and title, as the layout warning of the document view says.
 */
export async function prepareLeaderSignature(db: Db, blobs: BlobStore, doc: OutgoingRow, actor: Actor): Promise<PreparedSignature> {
  const [me] = await db.select().from(users).where(eq(users.id, actor.userId));
  const main = await mainFileOf(db, doc);
  const pdf = await readAll(await blobs.get(main.sha256));
  const layout = await layoutOf(main.sha256, async () => pdf);
  const image = await loadSignatureImage(db, blobs, actor.userId);
  const inBlock = leaderRect(layout, image && imageSize(image));
  const { last, width } = await lastPageWidth(pdf);
  const onBehalf = doc.signerId !== actor.userId;
  return prepare(pdf, {
    appearance: inBlock
      ? { kind: 'leader', page: layout.signature!.page, rect: inBlock, name: me.fullName, image, inBlock: true }
      : {
          kind: 'leader',
          page: last,
          rect: [width - 260, 70, width - 50, 190],
          name: me.fullName,
          title: onBehalf ? `KT. ${me.position}` : me.position,
          image,
        },
    signerName: me.fullName,
    reason: 'Ký ban hành văn bản',
  });
}

export interface PreparedHandle {
  preparedSha256: string;
  byteRange: [number, number, number, number];
  fieldName: string;
  signingTime: Date;
  /** DER certificates, base64, the signer's first. */
  chain: string[];
}

/**
 * Records the signing request (QUEUED) and queues `sign-outgoing` with the prepared blob's hash and the signature
 * value. `inTx` runs in the same transaction (the external signer marks its handle used there).
 */
export async function queueLeaderSignature(
  db: Db,
  signingQueue: Queue,
  viewer: Awaited<ReturnType<typeof viewerOf>>,
  actor: Actor,
  doc: OutgoingRow,
  handle: PreparedHandle,
  signature: Buffer,
  auditData: Record<string, unknown>,
  inTx?: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], requestId: string) => Promise<void>,
) {
  const id = doc.id;
  const onBehalf = doc.signerId !== actor.userId;
  const request = await db.transaction(async (tx) => {
    const locked = await requireVisible(tx, viewer, id, true);
    if (locked.status !== 'APPROVED_AWAITING_SIGNATURE' || locked.currentVersion !== doc.currentVersion) {
      throw invalidState(locked, 'outgoing.not_awaiting_signature#sign');
    }
    const [queued] = await tx
      .select({ id: outgoingSigningRequests.id })
      .from(outgoingSigningRequests)
      .where(
        and(
          eq(outgoingSigningRequests.documentId, id),
          eq(outgoingSigningRequests.version, doc.currentVersion),
          eq(outgoingSigningRequests.state, 'QUEUED'),
        ),
      );
    if (queued) throw problem('signing.in_progress');
    const [row] = await tx
      .insert(outgoingSigningRequests)
      .values({
        documentId: id,
        version: doc.currentVersion,
        ...handle,
        signature: signature.toString('base64'),
        signerId: doc.signerId!,
        signedBy: actor.userId,
      })
      .returning();
    await inTx?.(tx, row.id);
    await recordAudit(tx, {
      ...auditActor(actor, 'LANH_DAO_CO_QUAN'),
      action: 'outgoing.sign',
      entityType: 'outgoing_document',
      entityId: id,
      data: {
        version: doc.currentVersion,
        requestId: row.id,
        fieldName: handle.fieldName,
        onBehalfOf: onBehalf ? doc.signerId : undefined,
        preparedSha256: handle.preparedSha256,
        ...auditData,
      },
    });
    return row;
  });
  // The request row is the durable mark: if Redis is unreachable now, the recovery sweep queues the completion later.
  await enqueueAfterCommit(() => enqueueSignatureCompletion(signingQueue, signatureCompletionOf(request)));
  return request;
}

/** The `sign-outgoing` job that completes a request, from its row (the request and the recovery sweep). */
export const signatureCompletionOf = (req: typeof outgoingSigningRequests.$inferSelect) => ({
  documentId: req.documentId,
  version: req.version,
  fileSha256: req.preparedSha256,
  signerId: req.signerId,
  actedBy: req.signedBy,
  requestId: req.id,
  signature: req.signature!,
});

const isProblem = (e: unknown, status: number) => e instanceof Problem && e.status === status;

/**
 * The worker's half of the leader's signature: timestamp, embed, validate, markSigned. Re-runnable: a request
 * already done is skipped, and a crash after markSigned finds the document signed and only records it.
 */
export async function completeLeaderSignature(
  db: Db,
  blobs: BlobStore,
  deps: SigningDeps,
  data: SignOutgoingJob,
  progress: (p: number) => Promise<void> = async () => undefined,
) {
  const [req] = data.requestId ? await db.select().from(outgoingSigningRequests).where(eq(outgoingSigningRequests.id, data.requestId)) : [];
  if (!req || !data.signature) return { state: 'missing', skipped: true as const };
  if (req.state === 'DONE') return { state: 'DONE', skipped: true as const };
  const finish = async (state: 'DONE' | 'FAILED', extra: { signedSha256?: string | null; error?: string }) => {
    await db
      .update(outgoingSigningRequests)
      .set({ state, completedAt: new Date(), ...extra })
      .where(eq(outgoingSigningRequests.id, req.id));
    return { state };
  };
  const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, req.documentId));
  if (!doc) return finish('FAILED', { error: 'the document no longer exists' });
  if (doc.status !== 'APPROVED_AWAITING_SIGNATURE' || doc.currentVersion !== req.version) {
    // Signed already (a retry after markSigned committed) or overtaken (paper signature, a new version).
    return doc.signedSha256 && doc.currentVersion === req.version
      ? finish('DONE', { signedSha256: doc.signedSha256 })
      : finish('FAILED', { error: `the document is ${doc.status}` });
  }
  const pdf = await readAll(await blobs.get(req.preparedSha256));
  const [, start, end] = req.byteRange;
  const prepared: PreparedSignature = {
    pdf,
    byteRange: req.byteRange,
    digest: sha256(Buffer.concat([pdf.subarray(0, start), pdf.subarray(end)])),
    fieldName: req.fieldName,
    signingTime: req.signingTime,
  };
  await progress(20);
  const chain = req.chain.map((c) => Buffer.from(c, 'base64'));
  const signed = await completeWithSignature(prepared, chain, Buffer.from(data.signature, 'base64'), deps.timestamps);
  await progress(60);
  const report = await validatePdf(signed, await deps.trustStore());
  if (report.verdict === 'invalid')
    throw new Error(`the signed PDF does not validate: ${report.signatures.flatMap((s) => s.reasons.map((r) => r.en)).join('; ')}`);
  await progress(80);
  try {
    await markSigned(db, blobs, req.documentId, signed);
  } catch (e) {
    if (!isProblem(e, 409)) throw e;
  }
  const [after] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, req.documentId));
  await progress(100);
  return after.signedSha256
    ? finish('DONE', { signedSha256: after.signedSha256 })
    : finish('FAILED', { error: `the document is ${after.status}` });
}

/** After the last failed attempt the document stays unsigned and the signer may sign again. */
export async function failLeaderSignature(db: Db, requestId: string | undefined, error: string) {
  if (!requestId) return;
  await db
    .update(outgoingSigningRequests)
    .set({ state: 'FAILED', error: error.slice(0, 1000), completedAt: new Date() })
    .where(and(eq(outgoingSigningRequests.id, requestId), eq(outgoingSigningRequests.state, 'QUEUED')));
}

/**
 * The organisation's seal signature after issuance (NUMBERED → ORG_SIGNED): số/ký hiệu and the date line go on
 * page 1 as read-only fields in the seal's own revision, the seal appearance overlaps the left of the leader's
 * signature; PDF attachments get the organisation's (invisible) signature. Then markSealed. Re-runnable.
 */
export async function sealOutgoing(db: Db, blobs: BlobStore, deps: SigningDeps, data: SealOutgoingJob) {
  const [doc] = await db.select().from(outgoingDocuments).where(eq(outgoingDocuments.id, data.documentId));
  if (!doc || doc.status !== 'ISSUED' || doc.issuedSha256) return { skipped: true as const };
  const [org] = await db.select().from(organisations).where(eq(organisations.id, doc.organisationId));
  const key = await deps.keys.unlockOrganisation(doc.organisationId, deps.sealPassphrase);
  const attachments = await db
    .select({ f: outgoingFiles })
    .from(outgoingFiles)
    .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
    .where(
      and(
        eq(outgoingFiles.documentId, doc.id),
        eq(outgoingVersions.number, doc.currentVersion),
        eq(outgoingFiles.role, 'ATTACHMENT'),
        eq(outgoingFiles.mediaType, mediaTypes.PDF),
      ),
    )
    .orderBy(asc(outgoingFiles.ordinal));
  const done = new Set(
    attachments.length
      ? (
          await db
            .select({ fileId: outgoingSealedFiles.fileId })
            .from(outgoingSealedFiles)
            .where(
              inArray(
                outgoingSealedFiles.fileId,
                attachments.map((a) => a.f.id),
              ),
            )
        ).map((r) => r.fileId)
      : [],
  );
  const label = numberAndSymbol(doc.issuedNumber!, doc.symbol!);
  for (const { f } of attachments.filter((a) => !done.has(a.f.id))) {
    const bytes = await readAll(await blobs.get(f.sha256));
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const corner = cornerCaption(await layoutOf(f.sha256, async () => bytes), [label, vietnamIso(signingTime)]);
    // PAdES B-LT: the validation data of both chains and the TSA's go into the DSS right after the seal.
    const signed = await augmentToLt(
      await signWithKey(
        bytes,
        key,
        {
          appearance: { kind: 'caption', page: 0, ...corner },
          signingTime,
          signerName: org.name,
          reason: `Văn bản kèm theo văn bản số ${label}`,
        },
        deps.timestamps,
      ),
      await deps.trustStore(),
    );
    const { sha256: sealedSha256 } = await blobs.put(Readable.from([signed]));
    await db
      .insert(outgoingSealedFiles)
      .values({ fileId: f.id, documentId: doc.id, sealedSha256, size: signed.length })
      .onConflictDoNothing();
  }
  const pdf = await readAll(await blobs.get(data.fileSha256));
  const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
  const layout = await layoutOf(data.fileSha256, async () => pdf);
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
  // Number and date into the draft's blanks; what has no blank goes where it went before (and the view says so).
  const { fills, missing } = issueFills(layout, doc.issuedNumber!, doc.issueDate!);
  const stamps: TextStamp[] = fills.map((f) => ({
    page: f.page,
    rect: f.rect,
    text: f.text,
    fontSize: f.size,
    name: f.name,
    inLine: { baseline: f.baseline },
  }));
  const { width, height: top } = loaded.getPage(0).getSize();
  const y = [top - 38 * MM - 3, top - 38 * MM + 12] as const;
  if (missing.includes('number')) stamps.push({ page: 0, rect: [25 * MM, y[0], 100 * MM, y[1]], text: data.numberLine, name: 'SoKyHieu' });
  if (missing.includes('date'))
    stamps.push({ page: 0, rect: [width - 110 * MM, y[0], width - 15 * MM, y[1]], text: data.dateLine, name: 'NgayBanHanh' });
  const leader = signatureWidgets(loaded)[0];
  const block = layout.signature;
  const inBlock = leader && block && leader.page === block.page && overlaps(leader.rect, block.gap);
  const pages = loaded.getPages();
  const last = pages.length - 1;
  const lastWidth = pages[last].getSize().width;
  const placed = inBlock
    ? sealPlacement(
        layout,
        leader.rect,
        org.name,
        signingTime,
        stamps.filter((s) => (s.page ?? 0) === block.page).map((s) => s.rect),
      )
    : undefined;
  const signedPdf = await signWithKey(
    pdf,
    key,
    {
      appearance: placed
        ? { kind: 'seal', page: block!.page, rect: placed.rect, organisation: org.name, seal: placed.seal, caption: placed.caption }
        : { kind: 'seal', page: last, rect: [lastWidth - 330, 28, lastWidth - 190, 175], organisation: org.name },
      signingTime,
      signerName: org.name,
      reason: 'Ban hành văn bản',
      location: org.placeName,
      stamps,
    },
    deps.timestamps,
  );
  // PAdES B-LT: the leader's and the seal's chains, the TSA's, and the CRLs for them, in a DSS update.
  const store = await deps.trustStore();
  const sealed = await augmentToLt(signedPdf, store);
  const report = await validatePdf(sealed, store);
  if (report.verdict === 'invalid') throw new Error(`the sealed PDF does not validate: ${report.reasons.map((r) => r.en).join('; ')}`);
  try {
    await markSealed(db, blobs, doc.id, sealed);
  } catch (e) {
    if (!isProblem(e, 409)) throw e;
    return { skipped: true as const };
  }
  return { sealed: true, attachments: attachments.length };
}

const notSigned = (doc: OutgoingRow) => invalidState(doc, 'outgoing.not_signed#no_signature');

/** The PDF as the authority signed it, for whoever may see the document (the clerk reads it before issuing). */
export async function openSignedFile(db: Db, blobs: BlobStore, actor: Actor, id: string) {
  const doc = await requireVisible(db, await viewerOf(db, actor), id);
  if (!doc.signedSha256) throw notSigned(doc);
  const [main] = await db
    .select({ name: outgoingFiles.originalName })
    .from(outgoingFiles)
    .innerJoin(outgoingVersions, eq(outgoingVersions.id, outgoingFiles.versionId))
    .where(and(eq(outgoingVersions.documentId, id), eq(outgoingVersions.number, doc.currentVersion), eq(outgoingFiles.role, 'MAIN')));
  const base = (main?.name ?? 'van-ban').replace(/\.pdf$/i, '');
  return { stream: await blobs.get(doc.signedSha256), name: `${base} - đã ký.pdf`, mediaType: mediaTypes.PDF };
}

/** The signatures of an outgoing document's signed (or issued and sealed) PDF, validated now. */
export async function outgoingSignatureReport(db: Db, blobs: BlobStore, deps: SigningDeps, actor: Actor, id: string) {
  const doc = await requireVisible(db, await viewerOf(db, actor), id);
  const sha = doc.issuedSha256 && doc.signedSha256 ? doc.issuedSha256 : doc.signedSha256;
  if (!sha) throw notSigned(doc);
  return validatePdf(await readAll(await blobs.get(sha)), await deps.trustStore());
}
