import { z } from 'zod';
import { isoDate, year } from '../http/fields';
import { caseFileStatuses, disposalCapacities, filedDocumentKinds } from './schema';

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

/** Thời hạn bảo quản: null = vĩnh viễn, else 1…999 years. */
const retention = z.number().int().min(1).max(999).nullable().describe('years; null = permanent (vĩnh viễn)');

/** What a caller may do now with a case file, as decided by the server (listing.ts `allowedActions`). */
export const caseFileActions = ['edit', 'file', 'unfile', 'move', 'close', 'reopen', 'transfer', 'approve_disposal', 'export'] as const;
export type CaseFileAction = (typeof caseFileActions)[number];

export const caseFileParams = z.object({ id });
export const entryParams = z.object({ id, entryId: id });

export const createCaseFileSchema = z.object({
  organisationId: id.optional().describe('default: your organisation'),
  unitId: id.nullable().optional().describe('default: your unit in that organisation'),
  headingId: id.nullable().optional(),
  year: year.describe('FileCatalog: the catalogue year'),
  notation: text(20)
    .regex(/^[0-9A-Za-zĐđ.\-/]+$/, 'digits, letters, ".", "-" or "/" only')
    .describe('FileNotation, e.g. "01.VTLT"'),
  title: text(500),
  retentionYears: retention,
  rights: text(30).default('Công khai').describe('Chế độ sử dụng'),
  language: text(50).default('Tiếng Việt'),
  creatorId: id.optional().describe('responsible person (người lập hồ sơ); default: you'),
  startDate: isoDate.optional().describe('default: today'),
  description: text(500).nullable().optional(),
});
export type CreateCaseFileInput = z.output<typeof createCaseFileSchema>;

export const updateCaseFileSchema = createCaseFileSchema
  .pick({
    title: true,
    retentionYears: true,
    rights: true,
    language: true,
    creatorId: true,
    startDate: true,
    description: true,
    headingId: true,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateCaseFileInput = z.output<typeof updateCaseFileSchema>;

export const headingSchema = z.object({
  organisationId: id.optional(),
  year,
  code: text(20).describe('Roman numeral or abbreviation, e.g. "I", "VTLT"'),
  title: text(300),
});

export const listQuery = z.object({
  organisationId: id.optional(),
  year: year.optional(),
  unitId: id.optional(),
  status: z.enum(caseFileStatuses).optional(),
  q: text(200).optional(),
});

export const fileDocumentSchema = z.object({ kind: z.enum(filedDocumentKinds), documentId: id });
export const moveSchema = z.object({ toCaseFileId: id });
export const reorderSchema = z.object({ ordinal: z.number().int().min(1).max(999) });

export const closeSchema = z.object({
  endDate: isoDate.optional().describe('default: today'),
  retentionYears: retention.optional().describe('re-assessed retention (đánh giá lại thời hạn bảo quản)'),
  title: text(500).optional(),
});

export const disposalSchema = z.object({ reason: text(1000).describe('why the file has no further value') });

export const catalogueQuery = z.object({ organisationId: id.optional(), year });
export const fileParams = z.object({ id, entryId: id, ordinal: z.coerce.number().int().min(0).max(999) });

export const dispositionQuery = z.object({ organisationId: id.optional(), asOf: isoDate.optional().describe('default: today') });
export const dueQuery = z.object({ organisationId: id.optional() });

const person = z.object({ id: z.string(), fullName: z.string() });

export const summarySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    unitId: z.string().nullable(),
    unitName: z.string().nullable(),
    headingId: z.string().nullable(),
    fileCode: z.object({ organId: z.string(), fileCatalog: z.number().int(), fileNotation: z.string() }),
    code: z.string().describe('rendered {OrganId}.{FileCatalog}.{FileNotation}'),
    title: z.string(),
    retentionYears: z.number().int().nullable(),
    maintenance: z.string().describe('"Vĩnh viễn" or "N năm"'),
    rights: z.string(),
    language: z.string(),
    creator: z.object({ id: z.string().nullable(), fullName: z.string() }),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    description: z.string().nullable(),
    status: z.enum(caseFileStatuses),
    docTotal: z.number().int(),
    pageTotal: z.number().int(),
    transfer: z
      .object({ dueDate: z.string(), state: z.enum(['DUE', 'SOON', 'OVERDUE', 'LATER']) })
      .nullable()
      .describe('closed files that must go to the archive: due within a year after the end date'),
    disposalReviewDate: z.string().nullable().describe('end date + retention; null for permanent files'),
    transferredAt: z.string().nullable(),
    disposedAt: z.string().nullable(),
    imported: z.boolean(),
  })
  .meta({ id: 'CaseFileSummary' });

export const caseFileSchema = summarySchema
  .extend({
    documents: z.array(
      z.object({
        entryId: z.string(),
        ordinal: z.number().int().describe('DocOrdinal'),
        kind: z.enum(filedDocumentKinds),
        documentId: z.string().nullable(),
        visible: z.boolean().describe('the caller may open the document itself'),
        numberAndSymbol: z.string().nullable(),
        issuedDate: z.string().nullable(),
        organName: z.string().nullable(),
        subject: z.string().nullable(),
        typeName: z.string().nullable(),
        pageAmount: z.number().int().nullable(),
        files: z.array(z.object({ name: z.string(), mediaType: z.string(), sha256: z.string() })),
      }),
    ),
    disposal: z.object({
      approvals: z.array(z.object({ capacity: z.enum(disposalCapacities), user: person, reason: z.string(), approvedAt: z.string() })),
    }),
    holds: z
      .array(
        z.object({
          id: z.string(),
          scope: z.enum(['CASE_FILE', 'DOCUMENT', 'ORGANISATION_YEAR']),
          year: z.number().int().nullable(),
          reason: z.string(),
          placedAt: z.string(),
          placedByName: z.string(),
        }),
      )
      .describe(
        'legal holds (phong toả) in force on the file, its own or its organisation year: while any is, only reading and export are allowed',
      ),
    allowedActions: z
      .array(z.enum(caseFileActions))
      .describe('what the caller may do now, computed on the server (listing.ts `allowedActions`)'),
    history: z.array(
      z.object({
        at: z.string(),
        actorName: z.string().nullable(),
        actorRole: z.string().nullable(),
        action: z.string(),
        data: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'CaseFile' });

export const catalogueSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  year: z.number().int(),
  headings: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), ordinal: z.number().int() })),
  items: z.array(summarySchema),
  totals: z.object({ permanent: z.number().int(), limited: z.number().int() }),
});
