import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { uploadReceiver } from '../files/upload';
import { ApiRouter } from '../http/api-router';
import type { Notifier } from '../notifications/notifier';
import { printFormats, sendTable, type PrintTable } from '../reports/table';
import type { BlobStore } from '../storage/blob-store';
import { exportCaseFile, importCaseFile, openImportedFile } from './package';
import { filedDocumentKinds } from './schema';
import { catalogue, createCaseFile, createHeading, updateCaseFile } from './catalogue';
import { closeCaseFile, reopenCaseFile } from './closing';
import { approveDisposal, dispositionReport } from './disposition';
import { fileDocument, fileTargets, moveDocument, reorderDocument, unfileDocument } from './filing';
import { getCaseFile, listCaseFiles } from './listing';
import { archiveHoldings, transferCaseFile, transfersDue } from './transfer';
import { archiveSignedFiles } from './archive-timestamps';
import { signingDeps } from '../signing/deps';
import {
  caseFileParams,
  caseFileSchema,
  catalogueQuery,
  catalogueSchema,
  closeSchema,
  createCaseFileSchema,
  disposalSchema,
  dispositionQuery,
  dueQuery,
  entryParams,
  fileParams,
  fileDocumentSchema,
  headingSchema,
  listQuery,
  moveSchema,
  reorderSchema,
  summarySchema,
  updateCaseFileSchema,
} from './validation';
import { problem } from '../http/problems';

const approvalSchema = z.object({
  capacity: z.string(),
  user: z.object({ id: z.string(), fullName: z.string() }),
  reason: z.string(),
  approvedAt: z.string(),
});
const dispositionSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  asOf: z.string(),
  items: z.array(summarySchema.extend({ approvals: z.array(approvalSchema) })),
});

const capacityVi = { ARCHIVIST: 'Lưu trữ', LEADER: 'Lãnh đạo' } as Record<string, string>;

/** The disposition report as a printable table (danh mục hồ sơ, tài liệu hết thời hạn bảo quản). */
function dispositionTable(r: z.input<typeof dispositionSchema>): PrintTable {
  return {
    organisation: r.organisationName,
    title: 'DANH MỤC HỒ SƠ HẾT THỜI HẠN BẢO QUẢN',
    subtitles: [`Tính đến ngày ${r.asOf.split('-').reverse().join('/')}`],
    columns: [
      { header: 'STT', width: 4, align: 'center' },
      { header: 'Số, ký hiệu hồ sơ', width: 14 },
      { header: 'Tiêu đề hồ sơ', width: 30 },
      { header: 'Thời gian tài liệu', width: 12, align: 'center' },
      { header: 'Thời hạn bảo quản', width: 9, align: 'center' },
      { header: 'Hết hạn', width: 9, align: 'center' },
      { header: 'Số văn bản / trang', width: 8, align: 'center' },
      { header: 'Phê duyệt hủy', width: 18 },
    ],
    rows: r.items.map((i, n) => [
      String(n + 1),
      i.code,
      i.title,
      `${i.startDate ?? ''} – ${i.endDate ?? ''}`,
      i.maintenance,
      i.disposalReviewDate ?? '',
      `${i.docTotal} / ${i.pageTotal}`,
      i.approvals.map((a) => `${capacityVi[a.capacity]}: ${a.user.fullName} (${a.approvedAt.slice(0, 10)})`).join('\n'),
    ]),
    numberColumns: true,
    empty: 'Không có hồ sơ nào hết thời hạn bảo quản.',
  };
}

const ROMAN = [
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
  'XVI',
  'XVII',
  'XVIII',
  'XIX',
  'XX',
];

/** Danh mục hồ sơ as printed (ND 30 Phụ lục V): large headings in Roman numerals, then their files; the footer counts. */
function catalogueTable(c: z.input<typeof catalogueSchema>): PrintTable {
  const rows: string[][] = [];
  const bold: number[] = [];
  const fileRow = (i: (typeof c.items)[number]) => [
    i.fileCode.fileNotation,
    i.title,
    i.maintenance,
    i.creator.fullName,
    i.description ?? '',
  ];
  for (const h of c.headings) {
    bold.push(rows.length);
    rows.push(['', `${ROMAN[h.ordinal - 1] ?? h.ordinal}. ${h.title.toUpperCase()}`, '', '', '']);
    rows.push(...c.items.filter((i) => i.headingId === h.id).map(fileRow));
  }
  rows.push(...c.items.filter((i) => !c.headings.some((h) => h.id === i.headingId)).map(fileRow));
  bold.push(rows.length);
  rows.push([
    '',
    `Tổng số: ${c.items.length} hồ sơ, trong đó vĩnh viễn: ${c.totals.permanent}, có thời hạn: ${c.totals.limited}`,
    '',
    '',
    '',
  ]);
  return {
    organisation: c.organisationName,
    title: `DANH MỤC HỒ SƠ NĂM ${c.year}`,
    subtitles: [],
    columns: [
      { header: 'Số và ký hiệu hồ sơ', width: 12 },
      { header: 'Tên đề mục và tiêu đề hồ sơ', width: 40 },
      { header: 'Thời hạn bảo quản', width: 10, align: 'center' },
      { header: 'Người lập hồ sơ', width: 14 },
      { header: 'Ghi chú', width: 14 },
    ],
    rows,
    boldRows: bold,
    numberColumns: true,
    empty: 'Danh mục chưa có hồ sơ nào.',
  };
}

/** Case files (hồ sơ): catalogue, filing, closing, transfer to the archive, disposition, export/import packages. */
export function caseFileRoutes(db: Db, blobs: BlobStore, notifier: Notifier, config: Config) {
  const signing = signingDeps(config);
  const maxFileBytes = Math.floor(config.UPLOAD_MAX_FILE_MB * 1024 * 1024);
  // Limits on what a package really inflates to. PDFs hardly compress: a package that inflates to more than four
  // times the upload limit is not one of ours; each file came in as one upload (a stamped or signed copy grows a little).
  const zipLimits = { maxEntries: 5000, maxEntryBytes: 2 * maxFileBytes, maxTotalBytes: 4 * maxFileBytes };
  const receive = uploadReceiver({
    tmpDir: path.join(config.dataDir, 'tmp', 'uploads'),
    maxFileBytes,
    maxFiles: 1,
    fields: { package: 'MAIN' },
  });
  const params = caseFileParams;
  const view = { response: caseFileSchema, problems: [403, 404, 409, 422] };

  return new ApiRouter('/api/case-files', 'Case files')
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Case files I may read (my organisations), by organisation, year, unit, status or text',
        access: 'user',
        query: listQuery,
        response: z.object({ items: z.array(summarySchema), total: z.number().int() }),
      },
      async (ctx) => listCaseFiles(db, ctx.actor!, ctx.query),
    )
    .route(
      {
        method: 'get',
        path: '/catalogue',
        summary: 'Danh mục hồ sơ of an organisation and year: headings, files, counts of permanent and time-limited files',
        access: 'user',
        query: catalogueQuery,
        response: catalogueSchema,
        problems: [403],
      },
      async (ctx) => catalogue(db, ctx.actor!, ctx.query.organisationId, ctx.query.year),
    )
    .route(
      {
        method: 'get',
        path: '/catalogue.:format',
        summary: 'The yearly catalogue printed as in ND 30 Phụ lục V (A4 landscape PDF or XLSX)',
        access: 'user',
        params: z.object({ format: z.enum(printFormats) }),
        query: catalogueQuery,
        problems: [403],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const cat = await catalogue(db, ctx.actor!, ctx.query.organisationId, ctx.query.year);
        await sendTable(
          ctx.res,
          catalogueTable(cat),
          ctx.params.format,
          `danh-muc-ho-so_${cat.organisationId}_${cat.year}`,
          `Danh mục hồ sơ ${cat.year}`,
        );
      },
    )
    .route(
      {
        method: 'post',
        path: '/headings',
        summary: 'Add a heading (đề mục) to a yearly catalogue (leaders and archivists)',
        access: 'user',
        body: headingSchema,
        response: z.object({ id: z.string(), code: z.string(), title: z.string(), ordinal: z.number().int() }),
        status: 201,
        problems: [403, 409],
      },
      async (ctx) => createHeading(db, ctx.actor!, ctx.body),
    )
    .route(
      {
        method: 'get',
        path: '/transfers-due',
        summary:
          'Closed case files that must go to the archive (retention ≥ 5 years or permanent), with the due date (end date + 1 year) and state DUE/SOON (within 30 days)/OVERDUE/LATER',
        access: 'user',
        query: dueQuery,
        response: z.object({ organisationId: z.string(), items: z.array(summarySchema) }),
        problems: [403],
      },
      async (ctx) => transfersDue(db, ctx.actor!, ctx.query.organisationId),
    )
    .route(
      {
        method: 'get',
        path: '/archive',
        summary: 'The organisation’s archive (lưu trữ cơ quan): transferred, imported and disposed case files (archivists and leaders)',
        access: 'user',
        query: dueQuery,
        response: z.object({ organisationId: z.string(), items: z.array(summarySchema) }),
        problems: [403],
      },
      async (ctx) => archiveHoldings(db, ctx.actor!, ctx.query.organisationId),
    )
    .route(
      {
        method: 'get',
        path: '/disposition',
        summary:
          'Disposition report: transferred case files past their retention period (end date + N years) as of a day, with disposal approvals so far (archivists and leaders)',
        access: 'user',
        query: dispositionQuery,
        response: dispositionSchema,
        problems: [403],
      },
      async (ctx) => dispositionReport(db, ctx.actor!, ctx.query.organisationId, ctx.query.asOf),
    )
    .route(
      {
        method: 'get',
        path: '/disposition.:format',
        summary: 'The disposition report as A4 landscape PDF or XLSX',
        access: 'user',
        params: z.object({ format: z.enum(printFormats) }),
        query: dispositionQuery,
        problems: [403],
        raw: { mediaType: 'application/pdf' },
      },
      async (ctx) => {
        const report = await dispositionReport(db, ctx.actor!, ctx.query.organisationId, ctx.query.asOf);
        await sendTable(
          ctx.res,
          dispositionTable(report),
          ctx.params.format,
          `ho-so-het-han_${report.organisationId}_${report.asOf}`,
          'Hồ sơ hết hạn',
        );
      },
    )
    .route(
      {
        method: 'get',
        path: '/targets',
        summary: 'For "Lập hồ sơ" on a document page: open case files of its organisation I may file into, and where it is filed now',
        access: 'user',
        query: z.object({ kind: z.enum(filedDocumentKinds), documentId: z.string().min(1).max(100) }),
        response: z.object({
          filedIn: z.array(z.string()),
          items: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), year: z.number().int() })),
        }),
        problems: [404],
      },
      async (ctx) => fileTargets(db, ctx.actor!, ctx.query.kind, ctx.query.documentId),
    )
    .route(
      {
        method: 'post',
        path: '/import',
        summary:
          'Import a case-file package (archivists): multipart field "package" (the ZIP of GET /:id/export), optional organisationId. Every SHA-256 of manifest-sha256.txt is verified (422 naming the file otherwise); the case file is recreated in the archive',
        access: 'user',
        ...view,
        status: 201,
        problems: [403, 409, 413, 422],
      },
      async (ctx) => {
        const upload = await receive(ctx.req, ctx.res);
        try {
          const file = upload.files[0];
          if (!file) throw problem('validation#send_the_package_as', {}, { errors: [{ path: 'package', message: 'required' }] });
          const organisationId = typeof upload.fields.organisationId === 'string' ? upload.fields.organisationId : undefined;
          const id = await importCaseFile(db, blobs, ctx.actor!, await fs.promises.readFile(file.path), {
            organisationId,
            limits: zipLimits,
          });
          return getCaseFile(db, ctx.actor!, id);
        } finally {
          await upload.discard();
        }
      },
    )
    .route(
      {
        method: 'post',
        path: '/',
        summary: 'Open a case file (mở hồ sơ) in the catalogue; FileCode = organ code, year, notation (unique in the organisation)',
        access: 'user',
        body: createCaseFileSchema,
        ...view,
        status: 201,
      },
      async (ctx) => createCaseFile(db, ctx.actor!, ctx.body),
    )
    .route(
      {
        method: 'get',
        path: '/:id',
        summary: 'A case file with its documents (DocOrdinal), disposal approvals, history and allowed actions',
        access: 'user',
        params,
        ...view,
      },
      async (ctx) => getCaseFile(db, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'patch',
        path: '/:id',
        summary: 'Edit the metadata (the unit until transfer, archivists after)',
        access: 'user',
        params,
        body: updateCaseFileSchema,
        ...view,
      },
      async (ctx) => updateCaseFile(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/documents',
        summary:
          'File an incoming or outgoing document into an open case file (next DocOrdinal). You must be able to open the document (404 otherwise) and work on the case file',
        access: 'user',
        params,
        body: fileDocumentSchema,
        ...view,
        status: 201,
      },
      async (ctx) => fileDocument(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'delete',
        path: '/:id/documents/:entryId',
        summary: 'Take a document out of an open case file; later ones move up',
        access: 'user',
        params: entryParams,
        ...view,
        status: 200,
      },
      async (ctx) => unfileDocument(db, ctx.actor!, ctx.params.id, ctx.params.entryId),
    )
    .route(
      {
        method: 'post',
        path: '/:id/documents/:entryId/move',
        summary: 'Move a document to another open case file of the organisation',
        access: 'user',
        params: entryParams,
        body: moveSchema,
        ...view,
      },
      async (ctx) => moveDocument(db, ctx.actor!, ctx.params.id, ctx.params.entryId, ctx.body.toCaseFileId),
    )
    .route(
      {
        method: 'post',
        path: '/:id/documents/:entryId/ordinal',
        summary: 'Put a document at another position (DocOrdinal)',
        access: 'user',
        params: entryParams,
        body: reorderSchema,
        ...view,
      },
      async (ctx) => reorderDocument(db, ctx.actor!, ctx.params.id, ctx.params.entryId, ctx.body.ordinal),
    )
    .route(
      {
        method: 'post',
        path: '/:id/close',
        summary: 'Close (kết thúc): needs ≥ 1 document; sets the end date (default today), optional re-assessed retention and final title',
        access: 'user',
        params,
        body: closeSchema,
        ...view,
      },
      async (ctx) => closeCaseFile(db, ctx.actor!, ctx.params.id, ctx.body),
    )
    .route(
      {
        method: 'post',
        path: '/:id/reopen',
        summary: 'Reopen a closed case file not yet transferred (leaders)',
        access: 'user',
        params,
        ...view,
      },
      async (ctx) => reopenCaseFile(db, ctx.actor!, ctx.params.id),
    )
    .route(
      {
        method: 'post',
        path: '/:id/transfer',
        summary: 'Nộp lưu: transfer a closed case file kept ≥ 5 years or permanently to the archive; read-only to the unit afterwards',
        access: 'user',
        params,
        ...view,
      },
      async (ctx) => {
        const transferred = await transferCaseFile(db, notifier, ctx.actor!, ctx.params.id);
        // PAdES B-LTA for its signed PDFs; what fails here the archive-retimestamp maintenance job does later.
        await archiveSignedFiles(db, blobs, signing, ctx.params.id).catch((err: Error) =>
          ctx.req.log.warn({ err, caseFileId: ctx.params.id }, 'archive timestamps deferred to the maintenance job'),
        );
        return transferred;
      },
    )
    .route(
      {
        method: 'post',
        path: '/:id/disposal/approve',
        summary:
          'Approve the disposal of a transferred case file past its retention period: an archivist and a leader, two different people, either order; the second makes it DISPOSED. Never for permanent files',
        access: 'user',
        params,
        body: disposalSchema,
        ...view,
      },
      async (ctx) => approveDisposal(db, ctx.actor!, ctx.params.id, ctx.body.reason),
    )
    .route(
      {
        method: 'get',
        path: '/:id/documents/:entryId/files/:ordinal',
        summary: 'Download a file of a document imported with a package (documents of this system are downloaded from their own pages)',
        access: 'user',
        params: fileParams,
        problems: [403, 404],
        raw: { mediaType: 'application/octet-stream' },
      },
      async (ctx) => {
        const file = await openImportedFile(db, blobs, ctx.actor!, ctx.params.id, ctx.params.entryId, ctx.params.ordinal);
        ctx.res.attachment(file.name).type(file.mediaType);
        await pipeline(file.stream, ctx.res);
      },
    )
    .route(
      {
        method: 'get',
        path: '/:id/export',
        summary:
          'Export as a ZIP package: files/NNN/… (signed versions), metadata.xml (ND 30 Phụ lục VI parts I–III), metadata.csv, manifest-sha256.txt',
        access: 'user',
        params,
        problems: [403, 404, 409],
        raw: { mediaType: 'application/zip' },
      },
      async (ctx) => {
        const { bytes, name } = await exportCaseFile(db, blobs, ctx.actor!, ctx.params.id);
        ctx.res.attachment(name).type('application/zip').send(bytes);
      },
    );
}
