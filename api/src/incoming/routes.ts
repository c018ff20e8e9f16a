import path from 'node:path';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { ApiRouter, parseInput, type HandlerContext } from '../http/api-router';
import { readingCopy } from '../files/reading-copy';
import { readingQuery, sendFile } from '../http/send-file';
import type { BlobStore } from '../storage/blob-store';
import {
  createDraft,
  discardDraft,
  getDocument,
  getExtraction,
  listDocuments,
  openFile,
  openSearchableFile,
  receivingOrganisation,
  registerDocument,
  registrationProposal,
} from './service';
import { uploadReceiver } from '../files/upload';
import { listViews, recordView } from '../view-history/service';
import { viewListSchema } from '../view-history/validation';
import {
  documentParams,
  draftFieldsSchema,
  extractionSchema,
  fileParams,
  incomingDocumentSchema,
  incomingSummarySchema,
  listQuery,
  organisationQuery,
  registrationSchema,
} from './validation';

/** Incoming documents (văn bản đến): intake of files, registration, files and their text. */
export function incomingRoutes(db: Db, blobs: BlobStore, extractionQueue: Queue, config: Config) {
  const receive = uploadReceiver({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes: Math.floor(config.UPLOAD_MAX_FILE_MB * 1024 * 1024),
    maxFiles: config.UPLOAD_MAX_FILES,
  });
  const download = async (
    ctx: HandlerContext<unknown, z.output<typeof readingQuery>, z.output<typeof fileParams>>,
    variant: 'original' | 'stamped' | 'searchable',
  ) => {
    const file =
      variant === 'searchable'
        ? await openSearchableFile(db, blobs, ctx.actor!, ctx.params.id, ctx.params.fileId)
        : await openFile(db, blobs, ctx.actor!, ctx.params.id, ctx.params.fileId, variant);
    await sendFile(ctx.res, await readingCopy(db, ctx.actor!, file, ctx.query.watermark), ctx.query.disposition, () =>
      recordView(db, ctx.actor!, {
        kind: 'INCOMING',
        documentId: ctx.params.id,
        fileId: ctx.params.fileId,
        what: variant === 'original' ? 'ORIGINAL' : variant === 'stamped' ? 'STAMPED' : 'SEARCHABLE',
      }),
    );
  };

  return new ApiRouter('/api/incoming', 'Incoming documents')
    .route(
      {
        method: 'post',
        path: '/',
        summary:
          'Receive a document as a draft: multipart/form-data with one "main" PDF or scanned image (PNG, JPEG, TIFF: wrapped into a PDF main file, the image kept as an attachment), any "attachments" (PDF, DOCX, XLSX, ODT, PNG, JPEG, TIFF) and optional fields channel, receivedAt',
        access: 'user',
        query: organisationQuery,
        response: incomingDocumentSchema,
        status: 201,
        problems: [400, 403, 413, 415, 422],
      },
      async (ctx) => {
        const actor = ctx.actor!;
        // Before reading the body: someone who may not receive documents never gets to upload.
        const organisationId = receivingOrganisation(actor, ctx.query.organisationId);
        const upload = await receive(ctx.req, ctx.res);
        try {
          const fields = parseInput(draftFieldsSchema, upload.fields, 'body');
          return await createDraft(db, blobs, extractionQueue, actor, { organisationId, ...fields }, upload.files);
        } finally {
          await upload.discard();
        }
      },
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Incoming documents of the organisations where the caller is clerk or leader',
        access: 'user',
        query: listQuery,
        response: z.object({ items: z.array(incomingSummarySchema), total: z.number().int() }),
      },
      async (ctx) => listDocuments(db, ctx.actor!, ctx.query),
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: 'An incoming document with its files',
        access: 'user',
        params: documentParams,
        response: incomingDocumentSchema,
        problems: [404],
      },
      async (ctx) => {
        const doc = await getDocument(db, ctx.actor!, ctx.params.id);
        await recordView(db, ctx.actor!, { kind: 'INCOMING', documentId: ctx.params.id, what: 'PAGE' });
        return doc;
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/views',
        summary:
          'View history (lịch sử xem): who opened the document or downloaded its files, when and from where; for the clerks and leaders of the organisation',
        access: 'user',
        params: documentParams,
        response: viewListSchema,
        problems: [403, 404],
      },
      async (ctx) => listViews(db, ctx.actor!, 'INCOMING', ctx.params.id),
    )
    .route(
      {
        method: 'get',
        path: '/:id/proposal',
        summary:
          'Registration fields proposed from the main file’s text or OCR (số/ký hiệu, date, issuer, type, subject); null where nothing was found. The clerk confirms',
        access: 'user',
        params: documentParams,
        response: z.object({
          source: z
            .enum(['SENDER', 'TEXT', 'OCR'])
            .nullable()
            .describe(
              'SENDER: the data the sending system stated (internal dispatch, exchange), gaps filled from the text, never overridden by it; null: no text yet (extraction or OCR pending, or none possible)',
            ),
          number: z.string().nullable(),
          symbol: z.string().nullable(),
          issueDate: z.string().nullable(),
          issuerName: z.string().nullable(),
          confidence: z
            .object({
              number: z.number().nullable(),
              symbol: z.number().nullable(),
              issueDate: z.number().nullable(),
              issuerName: z.number().nullable(),
              documentType: z.number().nullable(),
              subject: z.number().nullable(),
            })
            .optional()
            .describe(
              'Per field, 0–1, how sure the reading from the text is; null: not read from the text (not found, or stated by the sender). Issuer: how closely the header matched a known organisation or an issuer in the registers (0.5: none matched, the header as read). Absent when there is no text yet',
            ),
          documentType: z.string().nullable(),
          subject: z.string().nullable(),
        }),
        problems: [404],
      },
      async (ctx) => registrationProposal(db, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/register',
        summary: 'Register (vào sổ) a draft: assigns the next số đến of the register and stamps a copy of the main file',
        access: 'user',
        params: documentParams,
        body: registrationSchema,
        response: incomingDocumentSchema,
        problems: [403, 404, 409],
      },
      async (ctx) => registerDocument(db, extractionQueue, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/discard',
        summary:
          'Discard (huỷ) an unregistered upload of the clerk, with a reason: audited; its files are deleted unless another record uses the same bytes',
        access: 'user',
        params: documentParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        status: 204,
        problems: [403, 404, 409],
      },
      async (ctx) => discardDraft(db, blobs, ctx.actor!, ctx.params.id, ctx.body.reason),
    )
    .route(
      {
        method: 'get',
        path: '/:id/files/:fileId',
        summary: 'Download a file as received',
        access: 'user',
        params: fileParams,
        query: readingQuery,
        problems: [404],
      },
      async (ctx) => download(ctx, 'original'),
    )
    .route(
      {
        method: 'get',
        path: '/:id/files/:fileId/stamped',
        summary: 'Download the main file with the received (ĐẾN) stamp',
        access: 'user',
        params: fileParams,
        query: readingQuery,
        problems: [404, 409],
      },
      async (ctx) => download(ctx, 'stamped'),
    )
    .route(
      {
        method: 'get',
        path: '/:id/files/:fileId/searchable',
        summary: 'Download the searchable PDF made by OCR of a scan (the original is kept unchanged)',
        access: 'user',
        params: fileParams,
        query: readingQuery,
        problems: [404, 409],
      },
      async (ctx) => download(ctx, 'searchable'),
    )
    .route(
      {
        method: 'get',
        path: '/:id/files/:fileId/extraction',
        summary: 'State of the text extraction of a file (PENDING, DONE, NO_TEXT for scans, FAILED, NOT_APPLICABLE) and of its OCR',
        access: 'user',
        params: fileParams,
        response: extractionSchema,
        problems: [404],
      },
      async (ctx) => getExtraction(db, ctx.actor!, ctx.params.id, ctx.params.fileId),
    );
}
