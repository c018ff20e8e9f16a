import path from 'node:path';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { readingCopy } from '../files/reading-copy';
import { uploadReceiver } from '../files/upload';
import { ApiRouter, parseInput } from '../http/api-router';
import { readingQuery, sendFile } from '../http/send-file';
import type { BlobStore } from '../storage/blob-store';
import { createCopy, getCopy, listCopies, openCopyFile, signCopy } from './service';
import { copyListQuery, copyParams, copySchema, newCopyFields } from './validation';

/** Copies (bản sao: sao y, sao lục, trích sao) of issued and received documents, and their copy register. */
export function copyRoutes(db: Db, blobs: BlobStore, signingQueue: Queue, config: Config) {
  const receive = uploadReceiver({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes: Math.floor(config.UPLOAD_MAX_FILE_MB * 1024 * 1024),
    maxFiles: 1,
    fields: { main: 'MAIN' },
  });
  return new ApiRouter('/api/copies', 'Copies')
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Sao văn bản: register a copy (multipart/form-data: sourceKind, sourceId, form, secretAuthorisation for a secret document; "main" = the re-created extract of a TRICH_SAO)',
        access: 'user',
        response: copySchema,
        status: 201,
        problems: [400, 403, 404, 409, 413, 415, 422],
      },
      async (ctx) => {
        const upload = await receive(ctx.req, ctx.res);
        try {
          const f = parseInput(newCopyFields, upload.fields, 'body');
          return await createCopy(db, blobs, ctx.actor!, { source: { kind: f.sourceKind, id: f.sourceId }, form: f.form, secretAuthorisation: f.secretAuthorisation }, upload.files);
        } finally {
          await upload.discard();
        }
      },
    )
    .route(
      { method: 'get', path: '/', summary: "Copies of a document, or the copy register of the caller's organisations", access: 'user', query: copyListQuery, response: z.object({ items: z.array(copySchema) }) },
      async (ctx) => listCopies(db, ctx.actor!, { source: ctx.query.sourceKind && ctx.query.sourceId ? { kind: ctx.query.sourceKind, id: ctx.query.sourceId } : undefined, year: ctx.query.year }),
    )
    .route({ method: 'get', path: '/:id', summary: 'One copy', access: 'user', params: copyParams, response: copySchema, problems: [404] }, async (ctx) => getCopy(db, ctx.actor!, ctx.params.id))
    .route(
      { method: 'post', path: '/:id/sign', summary: "Sign a copy (COPY_SIGN): the seal worker applies the organisation's signature, top right of page 1", access: 'user', params: copyParams, response: copySchema, status: 202, problems: [403, 404, 409] },
      async (ctx) => signCopy(db, signingQueue, ctx.actor!, ctx.params.id),
    )
    .route(
      { method: 'get', path: '/:id/file', summary: 'Download the copy (signed once the worker has signed it)', access: 'user', params: copyParams, query: readingQuery, problems: [404, 409], raw: { mediaType: 'application/pdf' } },
      async (ctx) => sendFile(ctx.res, await readingCopy(db, ctx.actor!, await openCopyFile(db, blobs, ctx.actor!, ctx.params.id), ctx.query.watermark), ctx.query.disposition),
    );
}
