import type { PermissionAlerts } from '../permission-alerts/service';
import path from 'node:path';
import { z } from 'zod';
import { isoDate } from '../http/fields';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { uploadReceiver } from '../files/upload';
import { ApiRouter, parseInput, type HandlerContext } from '../http/api-router';
import { dispositionQuery, sendFile } from '../http/send-file';
import type { Notifier } from '../notifications/notifier';
import type { BlobStore } from '../storage/blob-store';
import { openAssignmentFile } from './processing-view';
import type { Queue } from 'bullmq';
import { enqueueForwardedFiles } from './forwarding';
import { myQueue, queueTabs } from './my-queue';
import { assignmentRoles, assignmentStatuses } from './processing-schema';
import { incomingStatuses, urgencies } from './schema';
import {
  addComment,
  assign,
  delegate,
  extendDeadline,
  finishWork,
  grantAccess,
  markInformed,
  returnToClerk,
  routingOptions,
  startWork,
  submitToLeader,
} from './processing';

const id = z.string().trim().min(1).max(100);
const note = (max: number) => z.string().trim().min(1).max(max);
const target = z.union([z.object({ unitId: id }).strict(), z.object({ userId: id }).strict(), z.object({ organisationId: id }).strict()]);
const person = z.object({ id: z.string(), fullName: z.string(), position: z.string() });
const docParams = z.object({ id });
const lineParams = z.object({ assignmentId: id });

const queueItem = z.object({
  documentId: z.string(),
  assignmentId: z.string().nullable(),
  kind: z.enum(['AWAITING_DIRECTION', 'ASSIGNMENT']),
  role: z.enum(assignmentRoles).nullable(),
  arrivalNumber: z.number().int().nullable(),
  subject: z.string().nullable(),
  issuerName: z.string().nullable(),
  number: z.string().nullable(),
  symbol: z.string().nullable(),
  urgency: z.enum(urgencies),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  status: z
    .union([z.enum(incomingStatuses), z.enum(assignmentStatuses)])
    .describe('the document’s (AWAITING_DIRECTION) or the direction line’s (ASSIGNMENT)'),
});

/**
 * Handling of incoming documents (trình, chỉ đạo, giao việc, xử lý, đôn đốc). Mounted before the intake
 * routes so that /api/incoming/queue is not read as a document id.
 */
export function incomingProcessingRoutes(
  db: Db,
  notifier: Notifier,
  blobs: BlobStore,
  extractionQueue: Queue,
  config: Config,
  alerts: PermissionAlerts,
) {
  const receive = uploadReceiver<'ATTACHMENT'>({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes: Math.floor(config.UPLOAD_MAX_FILE_MB * 1024 * 1024),
    maxFiles: config.UPLOAD_MAX_FILES,
    fields: { files: 'ATTACHMENT' },
  });
  /** A finish (complete / input): JSON, or multipart/form-data with the note as a field and result "files". */
  const finish = async (ctx: HandlerContext<unknown, unknown, z.output<typeof lineParams>>, kind: 'complete' | 'input') => {
    const upload = await receive(ctx.req, ctx.res);
    try {
      const field = kind === 'complete' ? 'resultNote' : 'note';
      const fields = parseInput(z.object({ [field]: note(4000) }), upload.fields, 'body');
      await finishWork(db, blobs, notifier, ctx.actor!, ctx.params.assignmentId, { kind, note: fields[field], files: upload.files });
    } finally {
      await upload.discard();
    }
  };
  return new ApiRouter('/api/incoming', 'Incoming documents')
    .route(
      {
        method: 'get',
        path: '/queue',
        summary: 'My work: to do, overdue, done, for information (overdue first)',
        access: 'user',
        query: z.object({ tab: z.enum(queueTabs).default('todo') }),
        response: z.object({
          items: z.array(queueItem),
          counts: z.object({ todo: z.number(), overdue: z.number(), done: z.number(), info: z.number() }),
        }),
      },
      async ({ actor, query }) => myQueue(db, actor!, query.tab),
    )
    .route(
      {
        method: 'get',
        path: '/:id/routing-options',
        summary: 'Leaders to submit to, and units and people to assign, in the receiving organisation',
        access: 'user',
        params: docParams,
        response: z.object({
          leaders: z.array(person),
          units: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              organisationName: z.string().nullable().describe('the office the unit belongs to, when not the receiving organisation'),
              heads: z.array(person),
            }),
          ),
          people: z.array(person.extend({ unitId: z.string().nullable(), unitName: z.string().nullable() })),
          organisations: z
            .array(
              z.object({
                id: z.string(),
                name: z.string(),
                kind: z.string(),
                parentId: z.string().nullable().describe('null: directly below the receiving organisation'),
              }),
            )
            .describe('organisations below the receiving one, to hand the document to (it becomes an incoming record of theirs)'),
        }),
        problems: [404],
      },
      async ({ actor, params }) => routingOptions(db, actor!, params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/submit',
        summary: 'Clerk presents the document to a leader (trình)',
        access: 'user',
        params: docParams,
        body: z.object({ leaderId: id, note: note(2000).optional() }),
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params, body }) => submitToLeader(db, notifier, actor!, params.id, body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/assign',
        summary:
          'Leader directs handling: lead, cooperating and informed units, people or organisations below (each organisation receives the document as an incoming record, with the deadline), deadline, instruction; re-assigns with a reason',
        access: 'user',
        params: docParams,
        body: z.object({
          lead: target,
          cooperate: z.array(target).max(50).default([]),
          inform: z.array(target).max(100).default([]),
          dueDate: isoDate.optional(),
          instruction: note(4000).optional(),
          reason: note(2000).optional(),
        }),
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params, body }) => {
        await enqueueForwardedFiles(extractionQueue, await assign(db, notifier, actor!, params.id, body));
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/return',
        summary: 'Leader returns the document to the clerk',
        access: 'user',
        params: docParams,
        body: z.object({ reason: note(2000) }),
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params, body }) => returnToClerk(db, notifier, actor!, params.id, body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/access',
        summary: 'Grant a person of the receiving organisation access to a secret document',
        access: 'user',
        params: docParams,
        body: z.object({ userId: id }),
        status: 204,
        problems: [403, 404],
      },
      async ({ actor, params, body }) => grantAccess(db, actor!, params.id, body.userId, alerts),
    )
    .route(
      {
        method: 'post',
        path: '/:id/comments',
        summary: 'Comment on the document',
        access: 'user',
        params: docParams,
        body: z.object({ body: note(4000) }),
        status: 204,
        problems: [404],
      },
      async ({ actor, params, body }) => addComment(db, actor!, params.id, body.body),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/delegate',
        summary: 'Unit head passes the unit’s work to a specialist',
        access: 'user',
        params: lineParams,
        body: z.object({ userId: id, dueDate: isoDate.optional(), note: note(2000).optional() }),
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params, body }) => delegate(db, notifier, actor!, params.assignmentId, body),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/start',
        summary: 'Start work on an assignment',
        access: 'user',
        params: lineParams,
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params }) => startWork(db, actor!, params.assignmentId),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/complete',
        summary:
          'Lead completes the document with a result note: JSON { resultNote }, or multipart/form-data with field resultNote and result "files" (checked like uploads)',
        access: 'user',
        params: lineParams,
        status: 204,
        problems: [403, 404, 409, 413, 415, 422],
      },
      async (ctx) => finish(ctx, 'complete'),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/input',
        summary: 'Cooperating unit posts its input: JSON { note }, or multipart/form-data with field note and "files"',
        access: 'user',
        params: lineParams,
        status: 204,
        problems: [403, 404, 409, 413, 415, 422],
      },
      async (ctx) => finish(ctx, 'input'),
    )
    .route(
      {
        method: 'get',
        path: '/:id/assignments/:assignmentId/files/:fileId',
        summary: 'Download a result file of an assignment',
        access: 'user',
        params: z.object({ id, assignmentId: id, fileId: id }),
        query: dispositionQuery,
        problems: [404],
      },
      async (ctx) =>
        sendFile(
          ctx.res,
          await openAssignmentFile(db, blobs, ctx.actor!, ctx.params.id, ctx.params.assignmentId, ctx.params.fileId),
          ctx.query.disposition,
        ),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/read',
        summary: 'Informed person marks the document read',
        access: 'user',
        params: lineParams,
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params }) => markInformed(db, actor!, params.assignmentId),
    )
    .route(
      {
        method: 'post',
        path: '/assignments/:assignmentId/extend',
        summary: 'Leader changes the deadline of an assignment, with a reason',
        access: 'user',
        params: lineParams,
        body: z.object({ dueDate: isoDate, reason: note(2000) }),
        status: 204,
        problems: [403, 404, 409],
      },
      async ({ actor, params, body }) => extendDeadline(db, notifier, actor!, params.assignmentId, body),
    );
}
