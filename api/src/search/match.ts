// How a search's words or số/ký hiệu and its filters become conditions on search_documents (search/service.ts
// reads them per way of access).
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { caseFileDocuments as c } from '../case-files/schema';
import type { ParsedQuery } from './query';
import { searchDocuments as s } from './schema';
import type { SearchParams } from './validation';

export const FOLD_CONFIG = sql.raw(`'public.vanthu_fold'::regconfig`);

export const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** A query's words, as typed: letters and digits between anything else (spaces, quotes, the operators of websearch). */
export const TYPED_WORD = /[\p{L}\p{N}]+/gu;

/** A value as a LIKE pattern that matches it literally. */
const likeLiteral = (value: SQL) => sql`replace(replace(replace(${value}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
const likePrefix = (key: SQL) => sql`${likeLiteral(key)} || '-%'`;

/** How the query matches, and its relevance (0 where the query has no words). */
export interface Matcher {
  where?: SQL;
  /** The same match for the documents reached through one key of access, through the index of access_words. */
  accessWhere?: (key: SQL) => SQL;
  rank: SQL;
  tsquery?: SQL;
}
/** A value as a tsquery of that one lexeme, spaces, quotes and backslashes included. */
const lexemeQuery = (value: SQL) => sql`('''' || replace(replace(${value}, '\\', '\\\\'), '''', '''''') || '''')::tsquery`;

/**
 * The issuer and type filters as words of access_words ("@i " / "@t " before the folded name, migration
 * *_search_access_words): read with the query's words, the shorter posting list leads ("bao cao" from one
 * ministry at 1M documents: 40 ms of intersections in the shared index). The filters still hold on the row.
 */
function filterWords(p: SearchParams): SQL[] {
  return [
    p.issuer !== undefined ? lexemeQuery(sql`'@i ' || vanthu_fold(${p.issuer})`) : undefined,
    p.type !== undefined ? lexemeQuery(sql`'@t ' || vanthu_fold(${p.type})`) : undefined,
  ].filter((w) => w !== undefined);
}

export function matcher(parsed: ParsedQuery, p: SearchParams): Matcher {
  switch (parsed.kind) {
    case 'NONE':
      return { rank: sql`0` };
    case 'REFERENCE': {
      // "123/QĐ" also finds "123/QĐ-UBND": a prefix that ends at a group boundary.
      const key = sql`vanthu_ref_key(${parsed.number}, ${parsed.symbol})`;
      return {
        where: sql`(${s.refKey} = ${key} or ${s.refKey} like ${likePrefix(key)})`,
        rank: sql`case when ${s.refKey} = ${key} then 2 else 1 end`,
      };
    }
    case 'SYMBOL': {
      const key = sql`vanthu_symbol_key(${parsed.symbol})`;
      return {
        where: sql`(${s.symbolKey} = ${key} or ${s.symbolKey} like ${likePrefix(key)})`,
        rank: sql`case when ${s.symbolKey} = ${key} then 2 else 1 end`,
      };
    }
    case 'ARRIVAL':
      return {
        where: and(eq(s.kind, 'INCOMING'), eq(s.arrivalNumber, parsed.number), parsed.year ? eq(s.arrivalYear, parsed.year) : undefined),
        rank: sql`1`,
      };
    case 'NUMBER': {
      // A bare number is a số (ranked first) or a word of the text.
      const tsquery = sql`websearch_to_tsquery(${FOLD_CONFIG}, ${parsed.text})`;
      const key = sql`vanthu_number_key(${parsed.number})`;
      return {
        where: sql`(${s.numberKey} = ${key} or ${s.tsv} @@ ${tsquery})`,
        rank: sql`(case when ${s.numberKey} = ${key} then 10 else 0 end + ts_rank(${s.tsv}, ${tsquery}))`,
        tsquery,
      };
    }
    case 'TEXT': {
      const tsquery = sql`websearch_to_tsquery(${FOLD_CONFIG}, ${parsed.text})`;
      // Typed with diacritics: documents whose metadata carries every word as typed rank above folded matches
      // (a substring test: parsing each matched row's metadata into words cost more than the rest of its ranking).
      const typed = [...parsed.text.toLowerCase().matchAll(TYPED_WORD)].map((w) => `%${w[0]}%`);
      const exact =
        parsed.withDiacritics && typed.length
          ? sql` + case when lower(concat_ws(' ', ${s.subject}, ${s.documentType}, ${s.issuer}, ${s.signer})) like all (${textArray(typed)}) then 1 else 0 end`
          : sql``;
      // access_words holds no positions: a phrase (the only operator with a "<") is checked on the row, by the
      // operator's function, which no index serves (the operator tempted the planner to AND the shared index
      // into the ordered scan). A phrase turned into & is looser, but under a NOT stricter ('-"thuc dinh"'
      // would drop "thực hiện quyết định"): a query with a NOT (websearch's "-" before a word or quote) is
      // not asked of it.
      const narrowed = filterWords(p).reduce((q, w) => sql`(${q} && ${w})`, tsquery);
      const accessWhere = (key: SQL) =>
        sql`(${s.accessWords} @@ search_access_query(${key}, ${narrowed}) and (${tsquery}::text !~ '<' or ts_match_vq(${s.tsv}, ${tsquery})))`;
      const negated = /(^|\s)-[\p{L}\p{N}"]/u.test(parsed.text);
      return {
        where: sql`${s.tsv} @@ ${tsquery}`,
        accessWhere: negated ? undefined : accessWhere,
        rank: sql`(ts_rank(${s.tsv}, ${tsquery})${exact})`,
        tsquery,
      };
    }
  }
}

/** Documents filed in a case file (hồ sơ): a filing row points at an incoming or an outgoing document. */
const inCaseFile = (caseFileId: string): SQL =>
  sql`${s.documentId} in (select coalesce(${c.incomingDocumentId}, ${c.outgoingDocumentId}) from ${c} where ${c.caseFileId} = ${caseFileId} and (case when ${s.kind} = 'INCOMING' then ${c.incomingDocumentId} else ${c.outgoingDocumentId} end) is not null)`;

export function filters(p: SearchParams): (SQL | undefined)[] {
  return [
    p.kind ? eq(s.kind, p.kind) : undefined,
    p.organisationId ? eq(s.organisationId, p.organisationId) : undefined,
    p.type ? sql`${s.typeKey} = vanthu_fold(${p.type})` : undefined,
    p.issuer ? sql`${s.issuerKey} = vanthu_fold(${p.issuer})` : undefined,
    // People are found by part of their name, without diacritics ("nguyen van").
    p.signer ? sql`${s.signerKey} like '%' || ${likeLiteral(sql`vanthu_fold(${p.signer})`)} || '%'` : undefined,
    p.unitId ? sql`${s.unitIds} @> array[${p.unitId}]::text[]` : undefined,
    p.status ? eq(s.status, p.status) : undefined,
    p.secrecy ? eq(s.secrecy, p.secrecy) : undefined,
    p.dateFrom ? gte(s.docDate, p.dateFrom) : undefined,
    p.dateTo ? lte(s.docDate, p.dateTo) : undefined,
    p.year ? and(gte(s.docDate, `${p.year}-01-01`), lte(s.docDate, `${p.year}-12-31`)) : undefined,
    p.arrivalNumber ? and(eq(s.kind, 'INCOMING'), eq(s.arrivalNumber, p.arrivalNumber)) : undefined,
    p.arrivalYear ? eq(s.arrivalYear, p.arrivalYear) : undefined,
    p.caseFileId ? inCaseFile(p.caseFileId) : undefined,
  ];
}

/**
 * The date filters as a condition on doc_ts, which the RUM index holds beside the words: an organisation's
 * matches of those dates alone are read ("ngan sach" in half a year at 1M documents: 12 ms, 87 ms with the
 * dates checked on each match's row).
 */
export function datesInRum(p: SearchParams): SQL | undefined {
  const from = [p.dateFrom, p.year && `${p.year}-01-01`]
    .filter((d) => d)
    .sort()
    .at(-1);
  const to = [p.dateTo, p.year && `${p.year}-12-31`].filter((d) => d).sort()[0];
  return and(from ? sql`${s.docTs} >= ${from}::timestamp` : undefined, to ? sql`${s.docTs} <= ${to}::timestamp` : undefined);
}
