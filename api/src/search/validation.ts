import { z } from 'zod';
import { isoDate, year } from '../http/fields';
import { incomingStatuses, secrecies } from '../incoming/schema';
import { outgoingStatuses } from '../outgoing/schema';
import { searchKinds } from './schema';

const id = z.string().trim().min(1).max(100);
const filterText = z.string().trim().min(1).max(300);

/** The criteria of a search: the words and the filters, and the order (what a saved search keeps). */
const criteriaFields = {
  q: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe(
      'words (diacritics and case ignored: "quyet dinh" finds "Quyết định"), or an exact số/ký hiệu ("123/QĐ-UBND", "qd-ubnd", "125"), or a số đến ("đến 45", "den 45/2026")',
    ),
  kind: z.enum(searchKinds).optional(),
  type: filterText.optional().describe('tên loại, e.g. "Quyết định" (folded comparison; the facet value works too)'),
  issuer: filterText.optional().describe('cơ quan ban hành, whole name (folded comparison; the facet value works too)'),
  signer: filterText.optional().describe('người ký: part of the name, diacritics ignored'),
  unitId: id.optional().describe('incoming: a unit assigned to handle it; outgoing: the drafting unit'),
  status: z.enum([...new Set([...incomingStatuses, ...outgoingStatuses])] as [string, ...string[]]).optional(),
  secrecy: z.enum(secrecies).optional(),
  organisationId: id.optional().describe('receiving (incoming) or issuing (outgoing) organisation'),
  caseFileId: id.optional().describe('documents filed in a case file (hồ sơ)'),
  dateFrom: isoDate.optional().describe('ngày ban hành from (else the day received or drafted)'),
  dateTo: isoDate.optional(),
  year: year.optional().describe('year of that date (the year facet)'),
  arrivalNumber: z.coerce.number().int().min(1).max(9999999).optional().describe('số đến'),
  arrivalYear: z.coerce.number().int().min(1900).max(2999).optional(),
  sort: z.enum(['relevance', 'date']).default('relevance').describe('relevance (the default when there is a query) or newest first'),
};
const datesInOrder: [(p: { dateFrom?: string; dateTo?: string }) => boolean, { path: string[]; message: string }] = [
  (p) => !p.dateFrom || !p.dateTo || p.dateFrom <= p.dateTo,
  { path: ['dateTo'], message: 'must not be before dateFrom' },
];

export const searchQuery = z
  .object({
    ...criteriaFields,
    page: z.coerce.number().int().min(1).max(500).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine(...datesInOrder);
export type SearchParams = z.output<typeof searchQuery>;

export const searchCriteria = z.object(criteriaFields).refine(...datesInOrder);
export type SearchCriteria = z.output<typeof searchCriteria>;

const segment = z.object({ text: z.string(), hit: z.boolean().describe('a matched word') });
const highlighted = z.array(segment).nullable().describe('plain text in pieces; render the hits marked, never as HTML');
const facetValues = z.array(
  z.object({ value: z.string().describe('send back as the filter'), label: z.string(), count: z.number().int() }),
);

export const searchResultSchema = z
  .object({
    items: z.array(
      z.object({
        kind: z.enum(searchKinds),
        id: z.string().describe('the document: /api/incoming/{id} or /api/outgoing/{id}'),
        organisationId: z.string(),
        documentType: z.string().nullable(),
        issuer: z.string().nullable(),
        signer: z.string().nullable(),
        reference: z.string().nullable().describe('số/ký hiệu as printed'),
        arrival: z.object({ year: z.number().int(), number: z.number().int() }).nullable().describe('số đến'),
        date: z.string(),
        status: z.string(),
        secrecy: z.enum(secrecies),
        subject: z.string().nullable(),
        subjectHighlight: highlighted,
        snippet: highlighted.describe('passages of the extracted text around the matched words'),
        rank: z.number(),
      }),
    ),
    total: z.number().int().describe('documents matching that the caller may open'),
    exact: z
      .boolean()
      .describe(
        'false when more documents match than were read (bounded work): total, facets and ranking then cover the newest 1,000 matches the caller may open',
      ),
    page: z.number().int(),
    pageSize: z.number().int(),
    match: z
      .enum(['NONE', 'REFERENCE', 'SYMBOL', 'NUMBER', 'ARRIVAL', 'TEXT', 'FUZZY'])
      .describe('how the query was read; FUZZY: the words as typed matched nothing, the results are for `corrected`'),
    corrected: z
      .string()
      .nullable()
      .describe(
        'the query with its unknown words replaced by the most similar indexed words ("did you mean"), when that was searched instead',
      ),
    facets: z
      .object({ kind: facetValues, type: facetValues, issuer: facetValues, year: facetValues, status: facetValues, secrecy: facetValues })
      .describe('counts over the whole (access-trimmed) result'),
  })
  .meta({ id: 'SearchResult' });
export type SearchHit = z.output<typeof searchResultSchema>['items'][number];

/** Result columns a user may choose on the search page (search/columns.ts prints them). */
export const resultColumns = [
  'reference',
  'arrival',
  'date',
  'subject',
  'issuer',
  'type',
  'signer',
  'kind',
  'secrecy',
  'status',
  'dueDate',
] as const;
export type ResultColumn = (typeof resultColumns)[number];
const columnList = z
  .array(z.enum(resultColumns))
  .min(1)
  .max(resultColumns.length)
  .refine((c) => new Set(c).size === c.length, { message: 'each column once' })
  .describe(`result columns in display order, each once: ${resultColumns.join(', ')}`);

/** The search API's answer with each hit's hạn xử lý (search/columns.ts withDueDates). */
export const searchPageSchema = searchResultSchema
  .extend({
    items: z.array(
      searchResultSchema.shape.items.element.extend({
        dueDate: z.string().nullable().describe('hạn xử lý (incoming) or answer-by date (outgoing)'),
      }),
    ),
  })
  .meta({ id: 'SearchPage' });

const savedName = z.string().trim().min(1).max(200);
export const savedSearchBody = z.object({ name: savedName, criteria: searchCriteria, columns: columnList });
export const savedSearchPatch = z
  .object({ name: savedName.optional(), criteria: searchCriteria.optional(), columns: columnList.optional() })
  .refine((p) => p.name !== undefined || p.criteria !== undefined || p.columns !== undefined, { message: 'nothing to change' });
export const savedSearchSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    criteria: z.record(z.string(), z.unknown()).describe('as GET /api/search takes them, without the page'),
    columns: z.array(z.enum(resultColumns)),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedSearch' });

export const exportFormats = ['pdf', 'docx'] as const;
/** An export: the criteria of the search and the columns, given as "reference,date,subject". */
export const exportQuery = z
  .object({
    ...criteriaFields,
    columns: z
      .string()
      .max(300)
      .transform((s) => s.split(',').map((c) => c.trim()))
      .pipe(columnList),
  })
  .refine(...datesInOrder);

export const secretSearchEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string(),
  userName: z.string(),
  action: z.enum(['SEARCH', 'EXPORT']),
  query: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  total: z.number().int(),
  secretCount: z.number().int(),
});
export const secretSearchLogQuery = z.object({
  organisationId: id.optional().describe('one of the organisations the caller heads; default all of them'),
  from: isoDate.optional().describe('first day, Vietnam time'),
  to: isoDate.optional().describe('last day, inclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
