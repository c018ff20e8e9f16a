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
import { exchangeRouting, sendRetry } from '../exchange/outbox';
import type { Notifier } from '../notifications/notifier';
import { dispatchCopy } from './dispatch';
import { createCopy, getCopy, listCopies, openCopyFile, signCopy } from './service';
import { copyListQuery, copyParams, copySchema, dispatchCopyBody, newCopyFields } from './validation';

/** Copies (bản sao: sao y, sao lục, trích sao) of issued and received documents, and their copy register. */
export function copyRoutes(
  db: Db,
  blobs: BlobStore,
  queues: { signing: Queue; incomingFiles: Queue; exchangeSend: Queue },
  notifier: Notifier,
  config: Config,
) {
  const routing = exchangeRouting(config);
  const exchange = routing && { routing, queue: queues.exchangeSend, retry: sendRetry(config) };
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
        summary:
          'Sao văn bản: register a copy (multipart/form-data: sourceKind, sourceId, form, secretAuthorisation for a secret document; "main" = the re-created extract of a TRICH_SAO)',
        access: 'user',
        response: copySchema,
        status: 201,
        problems: [400, 403, 404, 409, 413, 415, 422],
      },
      async (ctx) => {
        const upload = await receive(ctx.req, ctx.res);
        try {
          const f = parseInput(newCopyFields, upload.fields, 'body');
          return await createCopy(
            db,
            blobs,
            ctx.actor!,
            { source: { kind: f.sourceKind, id: f.sourceId }, form: f.form, secretAuthorisation: f.secretAuthorisation },
            upload.files,
          );
        } finally {
          await upload.discard();
        }
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: "Copies of a document, or the copy register of the caller's organisations",
        access: 'user',
        query: copyListQuery,
        response: z.object({
          items: z.array(copySchema),
          mayCopy: z.boolean().describe('the caller may make a copy of the document named by sourceKind/sourceId now (false without them)'),
        }),
      },
      async (ctx) =>
        listCopies(db, ctx.actor!, {
          source: ctx.query.sourceKind && ctx.query.sourceId ? { kind: ctx.query.sourceKind, id: ctx.query.sourceId } : undefined,
          year: ctx.query.year,
        }),
    )
    .route(
      { method: 'get', path: '/:id', summary: 'One copy', access: 'user', params: copyParams, response: copySchema, problems: [404] },
      async (ctx) => getCopy(db, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/sign',
        summary: "Sign a copy (COPY_SIGN): the seal worker applies the organisation's signature, top right of page 1",
        access: 'user',
        params: copyParams,
        response: copySchema,
        status: 202,
        problems: [403, 404, 409],
      },
      async (ctx) => signCopy(db, queues.signing, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/dispatch',
        summary:
          'Phát hành bản sao (clerk, once signed): organisations on this system receive it in their incoming documents; others get an edXML package over the exchange axis',
        access: 'user',
        params: copyParams,
        body: dispatchCopyBody,
        response: copySchema,
        problems: [403, 404, 409, 422],
      },
      async (ctx) => dispatchCopy(db, blobs, queues.incomingFiles, notifier, ctx.actor!, ctx.params.id, ctx.body.recipients, exchange),
    )
    .route(
      {
        method: 'get',
        path: '/:id/file',
        summary: 'Download the copy (signed once the worker has signed it)',
        access: 'user',
        params: copyParams,
        query: readingQuery,
        problems: [404, 409],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) =>
        sendFile(
          ctx.res,
          await readingCopy(db, ctx.actor!, await openCopyFile(db, blobs, ctx.actor!, ctx.params.id), ctx.query.watermark),
          ctx.query.disposition,
        ),
    );
}
