import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/context';
import { auditActor, recordAudit } from '../audit/service';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { discardUnreferenced } from '../files/blob-refs';
import { extensionOf, extensionsOf, mediaTypes, sniffMediaType } from '../files/media-type';
import { uploadReceiver, type UploadedFile } from '../files/upload';
import { ApiRouter } from '../http/api-router';
import { notFound } from '../http/problem';
import { readAll, type BlobStore } from '../storage/blob-store';
import { userSignatureImages } from './schema';
import { problem } from '../http/problems';

/** A handwritten signature is a small picture: 1 MiB is plenty for a scan at 300 dpi. */
export const SIGNATURE_IMAGE_MAX_BYTES = 1024 * 1024;
const IMAGE_TYPES: string[] = [mediaTypes.PNG, mediaTypes.JPEG];

export const signatureImageSchema = z
  .object({ mediaType: z.string(), size: z.number().int(), sha256: z.string(), updatedAt: z.string() })
  .meta({ id: 'SignatureImage' });

const summary = (row: typeof userSignatureImages.$inferSelect) => ({
  mediaType: row.mediaType,
  size: row.size,
  sha256: row.sha256,
  updatedAt: row.updatedAt.toISOString(),
});
const roleOf = (actor: Actor) => actor.roles[0]?.role ?? 'CHUYEN_VIEN';

/** Checks the upload by its bytes (PNG or JPEG only, name not contradicting), stores it and points the user at it. */
export async function putSignatureImage(db: Db, blobs: BlobStore, actor: Actor, file: UploadedFile | undefined) {
  if (!file) throw problem('signature_image.required', {}, { errors: [{ path: 'image', message: 'required' }] });
  const name = file.originalName;
  const { size } = await fs.promises.stat(file.path);
  if (size === 0) throw problem('upload.empty', { name }, { errors: [{ path: 'image', message: 'empty file' }] });
  const mediaType = await sniffMediaType(file.path);
  if (!mediaType || !IMAGE_TYPES.includes(mediaType)) {
    throw problem(
      'upload.unsupported_type#the_signature_image_must',
      { name, mediaType: mediaType ?? 'not a recognised image' },
      { errors: [{ path: 'image', message: mediaType ? `content is ${mediaType}` : 'unrecognised content' }] },
    );
  }
  const ext = extensionOf(name);
  if (ext && !extensionsOf[mediaType].includes(ext)) {
    throw problem('upload.type_mismatch', { name, mediaType, ext }, { errors: [{ path: 'image', message: `content is ${mediaType}` }] });
  }
  const blob = await blobs.put(fs.createReadStream(file.path));
  try {
    const [previous] = await db.select().from(userSignatureImages).where(eq(userSignatureImages.userId, actor.userId));
    const row = await db.transaction(async (tx) => {
      const values = { sha256: blob.sha256, mediaType, size, updatedAt: new Date() };
      const [r] = await tx
        .insert(userSignatureImages)
        .values({ userId: actor.userId, ...values })
        .onConflictDoUpdate({ target: userSignatureImages.userId, set: values })
        .returning();
      await recordAudit(tx, {
        ...auditActor(actor, roleOf(actor)),
        action: 'user.signature_image.set',
        entityType: 'user',
        entityId: actor.userId,
        data: { sha256: blob.sha256, mediaType, size },
      });
      return r;
    });
    if (previous && previous.sha256 !== blob.sha256) await discardUnreferenced(db, blobs, [previous.sha256]);
    return summary(row);
  } catch (e) {
    await discardUnreferenced(db, blobs, [blob.sha256]);
    throw e;
  }
}

export async function signatureImageOf(db: Db, userId: string) {
  const [row] = await db.select().from(userSignatureImages).where(eq(userSignatureImages.userId, userId));
  return row;
}

/** The image bytes for a visible signature, or undefined when the user has none (or its blob is gone). */
export async function loadSignatureImage(db: Db, blobs: BlobStore, userId: string): Promise<Buffer | undefined> {
  const row = await signatureImageOf(db, userId);
  if (!row || !(await blobs.has(row.sha256))) return undefined;
  return readAll(await blobs.get(row.sha256));
}

export async function deleteSignatureImage(db: Db, blobs: BlobStore, actor: Actor) {
  const row = await signatureImageOf(db, actor.userId);
  if (!row) throw notFound('Signature image', 'ảnh chữ ký');
  await db.transaction(async (tx) => {
    await tx.delete(userSignatureImages).where(eq(userSignatureImages.userId, actor.userId));
    await recordAudit(tx, {
      ...auditActor(actor, roleOf(actor)),
      action: 'user.signature_image.delete',
      entityType: 'user',
      entityId: actor.userId,
      data: { sha256: row.sha256 },
    });
  });
  await discardUnreferenced(db, blobs, [row.sha256]);
}

/** /api/me/signature-image: the signed-in user's own handwritten signature image. */
export function signatureImageRoutes(db: Db, blobs: BlobStore, config: Config) {
  const receive = uploadReceiver({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes: SIGNATURE_IMAGE_MAX_BYTES,
    maxFiles: 1,
    fields: { image: 'ATTACHMENT' },
  });
  return new ApiRouter('/api/me', 'Account')
    .route(
      {
        method: 'put',
        path: '/signature-image',
        summary:
          'Upload my handwritten signature image (multipart field "image": PNG or JPEG checked by content, at most 1 MiB), shown in my visible digital signatures',
        access: 'user',
        response: signatureImageSchema,
        problems: [400, 413, 415, 422],
      },
      async (ctx) => {
        const upload = await receive(ctx.req, ctx.res);
        try {
          return await putSignatureImage(db, blobs, ctx.actor!, upload.files[0]);
        } finally {
          await upload.discard();
        }
      },
    )
    .route(
      {
        method: 'get',
        path: '/signature-image',
        summary: 'My signature image (PNG or JPEG)',
        access: 'user',
        raw: { mediaType: 'image/png' },
        noContent: 'No signature image yet (signatures show the text appearance)',
      },
      async (ctx) => {
        const row = await signatureImageOf(db, ctx.actor!.userId);
        // Having none is an ordinary state, not a missing resource: the dashboard card asks on every visit.
        if (!row) return void ctx.res.status(204).end();
        ctx.res.type(row.mediaType).set('ETag', `"${row.sha256}"`);
        await pipeline(await blobs.get(row.sha256), ctx.res);
      },
    )
    .route(
      {
        method: 'delete',
        path: '/signature-image',
        summary: 'Remove my signature image (later signatures show the text appearance)',
        access: 'user',
        status: 204,
        problems: [404],
      },
      async (ctx) => {
        await deleteSignatureImage(db, blobs, ctx.actor!);
      },
    );
}
