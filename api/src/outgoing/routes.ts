import path from 'node:path';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { uploadReceiver } from '../files/upload';
import { ApiRouter, parseInput, type HandlerContext } from '../http/api-router';
import { readingCopy } from '../files/reading-copy';
import { readingQuery, sendFile } from '../http/send-file';
import type { Notifier } from '../notifications/notifier';
import type { BlobStore } from '../storage/blob-store';
import { stepModes } from '../approval-chains/schema';
import { documentTypes } from './document-types';
import { dutyConflicts } from './duties';
import { manualSendMethods } from './schema';
import { exchangeRouting, sendRetry } from '../exchange/outbox';
import { exchangeStatusSchema } from '../exchange/validation';
import { dispatchPlan, dispatchSlipPdf, recordManualSend } from './manual-send';
import { dispatchOutgoing, issueOutgoing, openIssuedFile, outgoingRegisterEntries } from './issuance';
import { linkReply, setCompleteOnIssue } from './replies';
import { layoutPreview, layoutReport } from './layout-check';
import { commentOnOutgoing, createOutgoing, getOutgoing, listOutgoing, openOutgoingFile, reviseOutgoing } from './service';
import {
  commentRequired,
  commentSchema,
  createFieldsSchema,
  decisionSchema,
  deliveryParams,
  documentParams,
  documentSchema,
  fileParams,
  forwardSchema,
  issueSchema,
  listQuery,
  manualSendBody,
  registerQuery,
  replyLinkSchema,
  replyParams,
  submitSchema,
  summarySchema,
  versionFieldsSchema,
} from './validation';
import { completeExternalSignature, prepareExternalSignature } from '../signing/external';
import { signingDeps } from '../signing/deps';
import { openSignedFile, outgoingSignatureReport, signOutgoing } from '../signing/outgoing';
import { validationReportSchema } from '../signing/validation';
import { listViews, recordView } from '../view-history/service';
import { viewListSchema } from '../view-history/validation';
import { approveOutgoing, forwardOutgoing, myApprovals, rejectOutgoing, returnOutgoing, submitOutgoing } from './workflow';

const person = z.object({ id: z.string(), fullName: z.string() });
const approvalItem = z
  .object({
    documentId: z.string(),
    subject: z.string(),
    documentType: z.string(),
    urgency: z.string(),
    secrecy: z.string(),
    version: z.number().int(),
    step: z.object({ ordinal: z.number().int(), label: z.string(), mode: z.enum(stepModes), isSigner: z.boolean() }),
    author: person,
    onBehalfOf: person.nullable().describe('the leader I stand in for under ủy quyền'),
    dutyConflict: z
      .enum(dutyConflicts)
      .nullable()
      .describe(
        "why I may not approve it (separation of duties: my own draft, or I approved it before the signer's step); I may still forward, return or reject it",
      ),
    waitingSince: z.string(),
  })
  .meta({ id: 'ApprovalQueueItem' });

const registerEntry = z.object({
  documentId: z.string(),
  registerId: z.string(),
  number: z.number().int(),
  numberAndSymbol: z.string(),
  issueDate: z.string(),
  documentType: z.string(),
  subject: z.string(),
  signerName: z.string().nullable(),
  paperSignature: z.boolean(),
  status: z.string(),
  recipients: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      organCode: z.string().nullable(),
      deliveryId: z.string().nullable(),
      deliveryStatus: z.string().nullable(),
      incomingDocumentId: z.string().nullable(),
      exchange: exchangeStatusSchema.nullable(),
      manual: z
        .object({ method: z.enum(manualSendMethods), sentOn: z.string(), note: z.string().nullable() })
        .nullable()
        .describe('a send outside the system the clerk recorded'),
    }),
  ),
});

/** Outgoing documents (văn bản đi): drafts and versions, approval, issuance (ban hành) and dispatch (phát hành). */
export function outgoingRoutes(
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
    maxFiles: config.UPLOAD_MAX_FILES,
    fields: { main: 'MAIN', source: 'SOURCE', attachments: 'ATTACHMENT' },
  });
  const withUpload = async <T>(
    ctx: HandlerContext<unknown, unknown, unknown>,
    schema: z.ZodType<T>,
    run: (fields: T, files: Awaited<ReturnType<typeof receive>>['files']) => Promise<unknown>,
  ) => {
    const upload = await receive(ctx.req, ctx.res);
    try {
      return await run(parseInput(schema, upload.fields, 'body'), upload.files);
    } finally {
      await upload.discard();
    }
  };
  const signing = signingDeps(config);
  /** The document with its layout report (where number, date and signatures go; what does not fit), for the screens. */
  const withLayout = async (
    actor: NonNullable<HandlerContext<unknown, unknown, unknown>['actor']>,
    doc: Awaited<ReturnType<typeof getOutgoing>>,
  ) => ({
    ...doc,
    layout: await layoutReport(db, blobs, actor, doc),
  });
  const view = async (ctx: { actor?: HandlerContext<unknown, unknown, unknown>['actor'] }, id: string) =>
    withLayout(ctx.actor!, await getOutgoing(db, ctx.actor!, id));
  /** A workflow action, answered with the document as the caller now sees it. */
  const step = async (
    ctx: { actor?: HandlerContext<unknown, unknown, unknown>['actor']; params: { id: string } },
    run: () => Promise<unknown>,
  ) => {
    await run();
    return view(ctx, ctx.params.id);
  };

  return new ApiRouter('/api/outgoing', 'Outgoing documents')
    .route(
      {
        method: 'get',
        path: '/document-types',
        summary: 'Document types of ND 30 Phụ lục III with their abbreviations (công văn has none)',
        access: 'user',
        response: z.object({ items: z.array(z.object({ code: z.string(), abbrev: z.string().nullable(), name: z.string() })) }),
      },
      async () => ({ items: documentTypes.map((t) => ({ ...t })) }),
    )
    .route(
      {
        method: 'get',
        path: '/approvals',
        summary: 'My approvals: documents whose current step waits for me or for a leader I stand in for',
        access: 'user',
        response: z.object({ items: z.array(approvalItem) }),
      },
      async (ctx) => myApprovals(db, ctx.actor!),
    )
    .route(
      {
        method: 'get',
        path: '/register',
        summary: 'Outgoing register (sổ văn bản đi): issued documents of a year with recipients and delivery status',
        access: 'user',
        query: registerQuery,
        response: z.object({ year: z.number().int(), items: z.array(registerEntry) }),
        problems: [403],
      },
      async (ctx) => outgoingRegisterEntries(db, ctx.actor!, ctx.query),
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary:
          'Create a draft: multipart/form-data with one "main" PDF, optional "source" (DOCX/ODT), any "attachments", field "metadata" (JSON) and optional organisationId, reason',
        access: 'user',
        response: documentSchema,
        status: 201,
        problems: [400, 403, 413, 415, 422],
      },
      async (ctx) =>
        withUpload(ctx, createFieldsSchema, (fields, files) => createOutgoing(db, blobs, ctx.actor!, fields, files)) as Promise<
          z.input<typeof documentSchema>
        >,
    )
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Outgoing documents I may see',
        access: 'user',
        query: listQuery,
        response: z.object({ items: z.array(summarySchema), total: z.number().int() }),
      },
      async (ctx) => listOutgoing(db, ctx.actor!, { ...ctx.query, mine: ctx.query.mine === 'true' }),
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: 'An outgoing document with versions, comments, chain, timeline and allowed actions',
        access: 'user',
        params: documentParams,
        response: documentSchema,
        problems: [404],
      },
      async (ctx) => {
        const doc = await view(ctx, ctx.params.id);
        await recordView(db, ctx.actor!, { kind: 'OUTGOING', documentId: ctx.params.id, what: 'PAGE' });
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
      async (ctx) => listViews(db, ctx.actor!, 'OUTGOING', ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/versions',
        summary:
          'Revise a draft (author, while DRAFT or RETURNED): multipart with "reason", optional files and "metadata" (JSON); roles not uploaded carry over',
        access: 'user',
        params: documentParams,
        response: documentSchema,
        status: 201,
        problems: [403, 404, 409, 413, 415, 422],
      },
      async (ctx) =>
        withUpload(ctx, versionFieldsSchema, (f, files) =>
          reviseOutgoing(
            db,
            blobs,
            ctx.actor!,
            ctx.params.id,
            { reason: f.reason, metadata: f.metadata, dropSource: f.dropSource === 'true', dropAttachments: f.dropAttachments === 'true' },
            files,
          ),
        ) as Promise<z.input<typeof documentSchema>>,
    )
    .route(
      {
        method: 'post',
        path: '/:id/comments',
        summary: 'Comment on a version',
        access: 'user',
        params: documentParams,
        body: commentSchema,
        response: documentSchema,
        status: 201,
        problems: [404],
      },
      async (ctx) => commentOnOutgoing(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/submit',
        summary: 'Submit for approval (first time: takes the chain; after a return: resumes at the returning step)',
        access: 'user',
        params: documentParams,
        body: submitSchema,
        response: documentSchema,
        problems: [403, 404, 409, 422],
      },
      async (ctx) => step(ctx, () => submitOutgoing(db, notifier, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/approve',
        summary:
          'Approve at the current step (the signer’s approval hands the document to signing); 403 outgoing.separation_of_duties for the author, or at the signer’s step for whoever approved a review step (also acting for someone else)',
        access: 'user',
        params: documentParams,
        body: decisionSchema,
        response: documentSchema,
        problems: [403, 404, 409],
      },
      async (ctx) => step(ctx, () => approveOutgoing(db, notifier, queues.signing, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/sign',
        summary:
          'Ký số (signer or deputy, APPROVED_AWAITING_SIGNATURE): the key is unlocked with the passphrase and used within this request; a job timestamps, embeds and validates the signature (see `signing` in the document)',
        access: 'user',
        params: documentParams,
        body: z.object({ passphrase: z.string().min(1).max(1024) }),
        response: documentSchema,
        status: 202,
        problems: [403, 404, 409, 422],
      },
      async (ctx) => step(ctx, () => signOutgoing(db, blobs, queues.signing, signing, ctx.actor!, ctx.params.id, ctx.body.passphrase)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/sign/external/prepare',
        summary:
          'Ký số with a USB token or remote signing service (signer or deputy): send the certificate chain (PEM, or base64 DER, signer first; it must chain to the trust store); get the DER SignedAttributes to sign with RSASSA-PKCS1-v1_5/SHA-256',
        access: 'user',
        params: documentParams,
        body: z.object({ certificateChain: z.union([z.string().min(1).max(65536), z.array(z.string().min(1).max(65536)).min(1).max(10)]) }),
        response: z
          .object({
            requestId: z.string(),
            toBeSigned: z.string().describe('base64 of the DER SignedAttributes (SET) to sign'),
            hashToSign: z.string().describe('base64 SHA-256 of toBeSigned, for devices that sign a hash'),
            digestAlgorithm: z.literal('SHA-256'),
            signatureAlgorithm: z.literal('RSASSA-PKCS1-v1_5'),
            certificateSubject: z.string(),
          })
          .meta({ id: 'ExternalSigningPrepared' }),
        problems: [403, 404, 409, 422],
      },
      async (ctx) => prepareExternalSignature(db, blobs, signing, ctx.actor!, ctx.params.id, ctx.body.certificateChain),
    )
    .route(
      {
        method: 'post',
        path: '/:id/sign/external/complete',
        summary:
          'Complete an external signature with `signature` (base64 RSA signature over toBeSigned) or `cms` (base64 CMS SignedData around it); checked against the certificate and the prepared digest, then queued like the passphrase path',
        access: 'user',
        params: documentParams,
        body: z
          .object({
            requestId: z.string().min(1).max(100),
            signature: z.string().min(1).max(8192).optional(),
            cms: z.string().min(1).max(65536).optional(),
          })
          .refine((b) => !!b.signature !== !!b.cms, { message: 'send exactly one of signature and cms', path: ['signature'] }),
        response: documentSchema,
        status: 202,
        problems: [403, 404, 409, 422],
      },
      async (ctx) => step(ctx, () => completeExternalSignature(db, queues.signing, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'get',
        path: '/:id/signatures',
        summary: 'Validation report of the signed (or issued and sealed) PDF: every signature with its verdict and details',
        access: 'user',
        params: documentParams,
        response: validationReportSchema,
        problems: [404, 409],
      },
      async (ctx) => outgoingSignatureReport(db, blobs, signing, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/return',
        summary: 'Return to the author for revision, with a comment',
        access: 'user',
        params: documentParams,
        body: commentRequired,
        response: documentSchema,
        problems: [404, 409],
      },
      async (ctx) => step(ctx, () => returnOutgoing(db, notifier, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/forward',
        summary: 'Pass my part of the current step to another reviewer',
        access: 'user',
        params: documentParams,
        body: forwardSchema,
        response: documentSchema,
        problems: [404, 409, 422],
      },
      async (ctx) => step(ctx, () => forwardOutgoing(db, notifier, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/reject',
        summary: 'Reject for good, with a comment',
        access: 'user',
        params: documentParams,
        body: commentRequired,
        response: documentSchema,
        problems: [404, 409],
      },
      async (ctx) => step(ctx, () => rejectOutgoing(db, notifier, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/issue',
        summary:
          'Issue (ban hành, clerk): number from the outgoing register, symbol, date drawn on the PDF. From "approved, awaiting signature" only with paperSignature: true',
        access: 'user',
        params: documentParams,
        body: issueSchema,
        response: documentSchema,
        problems: [403, 404, 409, 422],
      },
      async (ctx) => withLayout(ctx.actor!, await issueOutgoing(db, blobs, queues.signing, notifier, ctx.actor!, ctx.params.id, ctx.body)),
    )
    .route(
      {
        method: 'post',
        path: '/:id/dispatch',
        summary:
          'Dispatch (phát hành, clerk): internal recipients receive it in their incoming; those reached over the exchange axis get a queued send per receiver',
        access: 'user',
        params: documentParams,
        response: documentSchema,
        problems: [403, 404, 409],
      },
      async (ctx) => dispatchOutgoing(db, blobs, queues.incomingFiles, notifier, ctx.actor!, ctx.params.id, exchange),
    )
    .route(
      {
        method: 'get',
        path: '/:id/dispatch-plan',
        summary:
          'Before dispatch: how each recipient will be reached (INTERNAL, EXCHANGE or MANUAL: by post, e-mail or hand, with the reason)',
        access: 'user',
        params: documentParams,
        response: z.object({
          exchangeConfigured: z.boolean(),
          items: z.array(
            z.object({
              recipientId: z.string(),
              name: z.string(),
              kind: z.string(),
              organCode: z.string().nullable(),
              channel: z.enum(['INTERNAL', 'EXCHANGE', 'MANUAL']),
              reason: z.enum(['EXCHANGE_OFF', 'NO_ORGAN_CODE', 'SECRET']).nullable(),
            }),
          ),
        }),
        problems: [404],
      },
      async (ctx) => dispatchPlan(db, ctx.actor!, ctx.params.id, routing),
    )
    .route(
      {
        method: 'post',
        path: '/:id/deliveries/:deliveryId/manual-send',
        summary: 'Record a send outside the system (clerk): post, e-mail or hand delivery, the day and a note',
        access: 'user',
        params: deliveryParams,
        body: manualSendBody,
        response: documentSchema,
        problems: [403, 404, 409, 422],
      },
      async (ctx) =>
        step(ctx, () => recordManualSend(db, ctx.actor!, ctx.params.id, ctx.params.deliveryId, ctx.body, routing !== undefined)),
    )
    .route(
      {
        method: 'get',
        path: '/:id/deliveries/:deliveryId/slip.pdf',
        summary: 'Phiếu gửi: the dispatch slip of one recipient (A4 PDF, Vietnamese)',
        access: 'user',
        params: deliveryParams,
        problems: [403, 404, 409],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const slip = await dispatchSlipPdf(db, ctx.actor!, ctx.params.id, ctx.params.deliveryId);
        ctx.res.attachment(slip.name).type('application/pdf').send(Buffer.from(slip.bytes));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/replies',
        summary:
          'Link this document as the reply to a registered incoming document of its organisation (văn bản trả lời); completeOnIssue (default true): issuing it completes that document’s lead line — at once if already issued',
        access: 'user',
        params: documentParams,
        body: replyLinkSchema,
        response: documentSchema,
        problems: [403, 404, 422],
      },
      async (ctx) => {
        await linkReply(db, notifier, ctx.actor!, ctx.params.id, ctx.body);
        return getOutgoing(db, ctx.actor!, ctx.params.id);
      },
    )
    .route(
      {
        method: 'patch',
        path: '/:id/replies/:incomingId',
        summary: 'The author, a leader or a unit head decides whether issuing this reply completes the incoming document’s handling',
        access: 'user',
        params: replyParams,
        body: z.object({ completeOnIssue: z.boolean() }),
        response: documentSchema,
        problems: [403, 404, 409],
      },
      async (ctx) => {
        await setCompleteOnIssue(db, ctx.actor!, ctx.params.id, ctx.params.incomingId, ctx.body.completeOnIssue);
        return getOutgoing(db, ctx.actor!, ctx.params.id);
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/layout-preview/:which',
        summary:
          'Preview (PNG) of page 1 or the signature page with the blanks and the planned signature and seal marked, before signing or issuing',
        access: 'user',
        params: documentParams.extend({ which: z.enum(['first', 'signature']) }),
        problems: [404],
        raw: { mediaType: 'image/png' },
      },
      async (ctx) => {
        const png = await layoutPreview(db, blobs, ctx.actor!, ctx.params.id, ctx.params.which);
        ctx.res.type('image/png').send(png);
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/issued',
        summary: 'Download the issued PDF (số, ký hiệu and date drawn on)',
        access: 'user',
        params: documentParams,
        query: readingQuery,
        problems: [404, 409],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) =>
        sendFile(
          ctx.res,
          await readingCopy(db, ctx.actor!, await openIssuedFile(db, blobs, ctx.actor!, ctx.params.id), ctx.query.watermark),
          ctx.query.disposition,
          () => recordView(db, ctx.actor!, { kind: 'OUTGOING', documentId: ctx.params.id, what: 'ISSUED' }),
        ),
    )
    .route(
      {
        method: 'get',
        path: '/:id/signed',
        summary: 'Download the PDF as the authority signed it (before số, ký hiệu and seal)',
        access: 'user',
        params: documentParams,
        query: readingQuery,
        problems: [404, 409],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) =>
        sendFile(
          ctx.res,
          await readingCopy(db, ctx.actor!, await openSignedFile(db, blobs, ctx.actor!, ctx.params.id), ctx.query.watermark),
          ctx.query.disposition,
          () => recordView(db, ctx.actor!, { kind: 'OUTGOING', documentId: ctx.params.id, what: 'SIGNED' }),
        ),
    )
    .route(
      {
        method: 'get',
        path: '/:id/files/:fileId',
        summary: 'Download a file of any version',
        access: 'user',
        params: fileParams,
        query: readingQuery,
        problems: [404],
      },
      async (ctx) =>
        sendFile(
          ctx.res,
          await readingCopy(
            db,
            ctx.actor!,
            await openOutgoingFile(db, blobs, ctx.actor!, ctx.params.id, ctx.params.fileId),
            ctx.query.watermark,
          ),
          ctx.query.disposition,
          () => recordView(db, ctx.actor!, { kind: 'OUTGOING', documentId: ctx.params.id, fileId: ctx.params.fileId, what: 'FILE' }),
        ),
    );
}
