import { z } from 'zod';
import { isoDate, year } from '../http/fields';
import { incomingStatuses, secrecies } from '../incoming/schema';
import { outgoingStatuses } from '../outgoing/schema';
import { searchKinds } from './schema';

const id = z.string().trim().min(1).max(100);
const filterText = z.string().trim().min(1).max(300);

export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .max(300)
      .optional()
      .describe('words (diacritics and case ignored: "quyet dinh" finds "Quyết định"), or an exact số/ký hiệu ("123/QĐ-UBND", "qd-ubnd", "125"), or a số đến ("đến 45", "den 45/2026")'),
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
    page: z.coerce.number().int().min(1).max(500).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((p) => !p.dateFrom || !p.dateTo || p.dateFrom <= p.dateTo, { path: ['dateTo'], message: 'must not be before dateFrom' });
export type SearchParams = z.output<typeof searchQuery>;

const segment = z.object({ text: z.string(), hit: z.boolean().describe('a matched word') });
const highlighted = z.array(segment).nullable().describe('plain text in pieces; render the hits marked, never as HTML');
const facetValues = z.array(z.object({ value: z.string().describe('send back as the filter'), label: z.string(), count: z.number().int() }));

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
      .describe('false when more documents match than were read (bounded work): total, facets and ranking then cover the newest 1,000 matches the caller may open'),
    page: z.number().int(),
    pageSize: z.number().int(),
    match: z
      .enum(['NONE', 'REFERENCE', 'SYMBOL', 'NUMBER', 'ARRIVAL', 'TEXT', 'FUZZY'])
      .describe('how the query was read; FUZZY: the words as typed matched nothing, the results are for `corrected`'),
    corrected: z.string().nullable().describe('the query with its unknown words replaced by the most similar indexed words ("did you mean"), when that was searched instead'),
    facets: z.object({ kind: facetValues, type: facetValues, issuer: facetValues, year: facetValues, status: facetValues, secrecy: facetValues }).describe('counts over the whole (access-trimmed) result'),
  })
  .meta({ id: 'SearchResult' });
