import { and, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { queryRows, type Db, type Tx } from '../db/client';
import type { secrecies } from '../incoming/schema';
import { visibilityBranches as incomingBranches, type ColumnsBranch } from '../incoming/access';
import { viewerOf, visibilityBranches as outgoingBranches } from '../outgoing/access';
import { MARK_END, MARK_START, parseQuery, segments, type ParsedQuery } from './query';
import { caseFileDocuments as c } from '../case-files/schema';
import { searchDocuments as s, type SearchKind } from './schema';
import type { z } from 'zod';
import type { SearchParams, searchResultSchema } from './validation';

export type FacetName = 'kind' | 'type' | 'issuer' | 'year' | 'status' | 'secrecy';
export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

/** Facets with many values (issuers, types) list the most frequent ones only. */
const FACET_LIMIT = 20;
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MinWords=8, MaxWords=25, FragmentDelimiter=" … "`;
const HEADLINE_ALL = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const FOLD_CONFIG = sql.raw(`'public.vanthu_fold'::regconfig`);
/** Snippets are cut from the start of the text: ts_headline reads all it is given. */
const SNIPPET_SOURCE_CHARS = 20000;
/**
 * Bounded work: a search reads at most the newest CAP matches the caller may open. Below that (nearly every
 * search) totals, facets and ranking are exact; above it they cover those newest matches and `exact` is false.
 */
export const CAP = 1000;

/**
 * Two ways to find the newest CAP matches. Walked newest first, an arm reads about CAP / share rows and stops;
 * through the full-text index, every match in the caller's organisations is fetched and sorted (the index
 * intersects the words with the organisation, so other organisations' matches cost nothing). Measured at 1M
 * documents, a row fetched through the index costs about as much as WALK_ROWS_PER_FETCH rows walked: "chuyển
 * đổi số" (4.4 %) is twice as fast through the index for a department of 93k documents and slower for the
 * province's 185k, where the walk stops sooner than the index hands over its matches.
 */
const WALK_ROWS_PER_FETCH = 4;
/** Rows sampled to estimate the words' share (about 65 matches at 4 %) and the organisations' sizes, 2-3 ms to read. */
const SHARE_SAMPLE_ROWS = 1500;
/**
 * Words on more than this share of documents are left out of the full-text index's condition of an arm led by
 * a short key (an author, a person's lists) when rarer words are there, and are checked on the row instead: the
 * index steps through a common syllable's posting list for every candidate ("co", "to" are on a third of the
 * documents), which cost more than the few extra rows ("co to thuy san", an author's arm: 4.6 ms -> 1.3 ms).
 */
const COMMON_WORD_SHARE = 0.1;
/**
 * An organisation's words read newest first are walked by date where that reads at most this many rows
 * (1-2 µs each, a phrase's more); past it, the months holding its newest matches are read through the index of
 * its own words (the province's "chuyển đổi số", 21,000 rows to walk: 24 ms walked, 10 ms read by months). A
 * window of months is made to hold WINDOW_MARGIN times the documents the sampled share says carry the newest matches.
 */
const WALK_ROWS_MAX = 5_000;
const WINDOW_MARGIN = 2;
/** Sampled matches of an organisation's own enough to tell its share (else the whole sample's share is taken). */
const OWN_SHARE_MATCHES = 20;

/** What a sample of the search rows says about some words. */
export interface WordSample {
  /** Rows the table holds (the planner's count), and rows sampled. */
  tableRows: number;
  sampled: number;
  /** Sampled rows the words match, and that the index hands over for them (a phrase's words in any order). */
  matches: number;
  loose: number;
  /** Sampled rows per organisation, their matches, and their dates newest first. */
  organisations: Map<string, number>;
  organisationMatches: Map<string, number>;
  dates: Map<string, string[]>;
  /** The caller's own documents (as author), from the statistics' most common authors; 0 for an author not among them. */
  ownRows: number;
  /**
   * The share of documents carrying each word (lexeme), when the words are all required (no OR, NOT or phrase),
   * else empty: the planner's statistics (ANALYZE), where a word not among the most common counts as 0.
   */
  lexemes: Map<string, number>;
}

/**
 * The words measured on a sample of pages (TABLESAMPLE SYSTEM, the same pages each time, so they stay cached);
 * a small table is read whole. The planner's own estimate multiplies the words' shares, but the syllables of
 * one Vietnamese word go together ("chuyển đổi số"), so it is wrong by orders of magnitude; the rarest word
 * alone overestimates words that seldom meet.
 */
export async function sampleWords(db: Db, words: string, owner?: string): Promise<WordSample> {
  // One row per organisation sampled (`key` the organisation), one per word of an all-required query with its
  // share (`matches`), and one with the owner's documents (`rows`). Each test on a row costs about 0.5 µs, so a
  // phrase's words in any order are tested only for a phrase, and the words' own shares come from the
  // statistics rather than the sample. The limit, never reached, keeps the planner's estimate (a tenth of the
  // table, the share being unknown to it) from passing the threshold of JIT compiling (30 ms at 1M documents).
  const rows = await queryRows<{ part: 'organisation' | 'word' | 'own'; key: string; rows: number; matches: number; loose: number; table_rows: number; dates: string[] | null }>(
    db,
    sql`with q as (select websearch_to_tsquery(${FOLD_CONFIG}, ${words}) as exact),
        q2 as (select exact, regexp_replace(exact::text, '<(-|[0-9]+)>', '&', 'g')::tsquery as loose, exact::text ~ '<' as phrase, exact::text !~ '[|!<]' as conjunction from q),
        t as (select greatest(c.reltuples, 0)::float8 as n, ns.nspname as schema from pg_class c join pg_namespace ns on ns.oid = c.relnamespace where c.oid = 'search_documents'::regclass),
        stats as (select attname, most_common_vals, most_common_freqs, most_common_elems, most_common_elem_freqs from pg_stats
          where schemaname = (select schema from t) and tablename = 'search_documents' and attname in ('tsv', 'author_id')),
        common as (select e.word, e.share from stats st, unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) e(word, share) where st.attname = 'tsv')
      select 'organisation' as part, organisation_id as key, count(*)::int as rows, (count(*) filter (where ts_match_vq(tsv, q2.exact)))::int as matches,
        (case when bool_or(q2.phrase) then count(*) filter (where q2.phrase and ts_match_vq(tsv, q2.loose)) else count(*) filter (where ts_match_vq(tsv, q2.exact)) end)::int as loose,
        (select n from t) as table_rows, array_agg(doc_date::text) as dates
      from (select organisation_id, doc_date, tsv from ${s} tablesample system ((select least(100, ${SHARE_SAMPLE_ROWS} * 100.0 / greatest(n, 1)) from t)) repeatable (1)
        limit ${SHARE_SAMPLE_ROWS * 10}) sampled, q2
      group by organisation_id
      union all
      select 'word', w.word, 0, coalesce((select max(c.share) from common c where c.word = w.word), 0), 0, 0, null
      from q2, lateral (select distinct m[1] as word from regexp_matches(q2.exact::text, '''([^'']+)''', 'g') m) w where q2.conjunction
      union all
      select 'own', null, coalesce((select round(max(a.share) * (select n from t)) from stats st, unnest(st.most_common_vals::text::text[], st.most_common_freqs) a(author, share)
        where st.attname = 'author_id' and a.author = ${owner ?? null}), 0)::int, 0, 0, 0, null`,
  );
  const orgs = rows.filter((r) => r.part === 'organisation');
  const sampled = orgs.reduce((n, r) => n + Number(r.rows), 0);
  return {
    // A table never analysed says 0 (or -1) rows; the sample then read it whole.
    tableRows: Math.max(Number(orgs[0]?.table_rows ?? 0), sampled),
    sampled,
    matches: orgs.reduce((n, r) => n + Number(r.matches), 0),
    loose: orgs.reduce((n, r) => n + Number(r.loose), 0),
    organisations: new Map(orgs.map((r) => [r.key, Number(r.rows)])),
    organisationMatches: new Map(orgs.map((r) => [r.key, Number(r.matches)])),
    // Sorted here: an ordered aggregate made the planner sort the sample (1 ms more).
    dates: new Map(orgs.map((r) => [r.key, (r.dates ?? []).sort().reverse()])),
    ownRows: Number(rows.find((r) => r.part === 'own')?.rows ?? 0),
    lexemes: new Map(rows.filter((r) => r.part === 'word').map((r) => [r.key, Number(r.matches)])),
  };
}

/** The documents of these organisations, estimated from the sample. */
export const organisationRows = (sample: WordSample, organisations: string[]) =>
  sample.sampled === 0 ? 0 : (organisations.reduce((n, org) => n + (sample.organisations.get(org) ?? 0), 0) / sample.sampled) * sample.tableRows;

/**
 * Whether the words are read newest first (walked) through `rows` documents (an organisation's, an author's)
 * rather than through the full-text index: the cheaper of the rows walked to find `cap` matches (at most all of
 * them) and the matches the index would fetch. The words' share is taken over the whole sample: an
 * organisation's hundred-odd sampled rows hold too few matches to tell its own share (4 of 123 said 3 % for a
 * phrase on 8 % of that department's documents).
 */
export function walkPays(sample: WordSample, rows: number, cap: number): boolean {
  if (sample.matches === 0 || rows === 0) return false;
  const walked = Math.min(rows, cap / (sample.matches / sample.sampled));
  const fetched = (sample.loose / sample.sampled) * rows;
  return walked < WALK_ROWS_PER_FETCH * fetched;
}

/** Rows of an organisation read newest first to find `cap` matches: by its own sampled share where it has enough matches, else the whole sample's. */
export function rowsToWalk(sample: WordSample, organisation: string, cap: number): number {
  const matches = sample.organisationMatches.get(organisation) ?? 0;
  const share = matches >= OWN_SHARE_MATCHES ? matches / sample.organisations.get(organisation)! : sample.matches / sample.sampled;
  return cap / share;
}

/**
 * Where an organisation's newest matches of common words start: the first day of the month from which its
 * newest `rows` documents are dated, read off the sampled dates; null when that is all of them (or the sample
 * holds none of its documents).
 */
export function windowStart(sample: WordSample, organisation: string, rows: number): string | null {
  const dates = sample.dates.get(organisation) ?? [];
  const at = Math.ceil((rows / organisationRows(sample, [organisation])) * dates.length);
  return at < dates.length ? `${dates[at].slice(0, 7)}-01` : null;
}

/**
 * The words (lexemes) the full-text index is asked for, when some of an all-required query's words are common
 * enough to be checked on the row instead (COMMON_WORD_SHARE): the rarer ones, or the rarest alone; null to ask
 * for all of them.
 */
export function indexedWords(sample: WordSample, commonShare = COMMON_WORD_SHARE): string[] | null {
  if (sample.lexemes.size < 2) return null;
  const byShare = [...sample.lexemes].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const rarer = byShare.filter(([, share], i) => i === 0 || share <= commonShare).map(([l]) => l);
  return rarer.length === byShare.length ? null : rarer.sort();
}

/**
 * Exactly the documents the caller may open, as the incoming and outgoing pages decide it, as arms that are
 * each read newest first and united. The conditions on the document's own columns are read one organisation
 * at a time, so each arm walks the (organisation, date) index and stops after its newest matches (an OR over
 * organisations would walk every organisation's documents by date); a condition not bound to organisations
 * (the author's own drafts) is an arm of its own. The per-person lists (grants, assignments, approval chains)
 * are one arm per kind, found through the row's list keys (one index, not a lookup per listed document).
 * Organisations' and the caller's own arms can be long: where walking pays (walkPays) they are walked by date
 * and stop early; the lists' arms meet the words inside the full-text index, led by the list key's short
 * posting list. Read through the index, the organisations' arms are one.
 */
interface Arm {
  where: SQL;
  /** Through an organisation's documents, the caller's own (as author), or a person's lists. */
  reach: 'organisation' | 'own' | 'list';
  organisation?: string;
}
async function visibility(db: Db, actor: Actor): Promise<Arm[]> {
  const viewer = await viewerOf(db, actor);
  const incoming = incomingBranches(actor, { id: s.documentId, organisationId: s.organisationId, secrecy: s.secrecy, status: s.status });
  const outgoing = outgoingBranches(viewer, { id: s.documentId, organisationId: s.organisationId, authorId: s.authorId, status: s.status, secrecy: s.secrecy });
  const ofKind = (kind: SearchKind) => (b: ColumnsBranch) => ({ organisations: b.organisations, where: and(eq(s.kind, kind), b.where)! });
  const byColumns = [...incoming.byColumns.map(ofKind('INCOMING')), ...outgoing.byColumns.map(ofKind('OUTGOING'))];
  const organisations = [...new Set(byColumns.flatMap((b) => b.organisations ?? []))].sort();
  return [
    ...organisations.map((org) => ({ reach: 'organisation' as const, organisation: org, where: and(eq(s.organisationId, org), or(...byColumns.filter((b) => b.organisations?.includes(org)).map((b) => b.where)))! })),
    ...byColumns.filter((b) => b.organisations === null).map((b) => ({ reach: 'own' as const, where: b.where })),
    { reach: 'list' as const, where: sql`${s.kind} = 'INCOMING' and ${s.listKeys} && ${textArray(incoming.listKeys)}` },
    { reach: 'list' as const, where: sql`${s.kind} = 'OUTGOING' and ${s.listKeys} && ${textArray(outgoing.listKeys)}` },
  ];
}

const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/** A query's words, as typed: letters and digits between anything else (spaces, quotes, the operators of websearch). */
const TYPED_WORD = /[\p{L}\p{N}]+/gu;

/** A value as a LIKE pattern that matches it literally. */
const likeLiteral = (value: SQL) => sql`replace(replace(replace(${value}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
const likePrefix = (key: SQL) => sql`${likeLiteral(key)} || '-%'`;

/**
 * How the query matches, and its relevance (0 where the query has no words). `walkWhere`: the same match by
 * the operator's function, which the full-text index cannot serve and the planner takes to hold for a third
 * of the rows, so a walked arm is read newest first and stops after its newest matches.
 */
interface Matcher {
  where?: SQL;
  walkWhere?: SQL;
  /** The same match for an arm led by a short key (an author, a list key): the index is asked for the rarer words only. */
  ledWhere?: SQL;
  /** The same match for one organisation's documents, through the index of its own words (search_org_words), optionally of some months only. */
  organisationWhere?: (organisation: string, months?: Months) => SQL;
  rank: SQL;
  tsquery?: SQL;
}
function matcher(parsed: ParsedQuery, indexed: string[] | null = null): Matcher {
  switch (parsed.kind) {
    case 'NONE':
      return { rank: sql`0` };
    case 'REFERENCE': {
      // "123/QĐ" also finds "123/QĐ-UBND": a prefix that ends at a group boundary.
      const key = sql`vanthu_ref_key(${parsed.number}, ${parsed.symbol})`;
      return { where: sql`(${s.refKey} = ${key} or ${s.refKey} like ${likePrefix(key)})`, rank: sql`case when ${s.refKey} = ${key} then 2 else 1 end` };
    }
    case 'SYMBOL': {
      const key = sql`vanthu_symbol_key(${parsed.symbol})`;
      return { where: sql`(${s.symbolKey} = ${key} or ${s.symbolKey} like ${likePrefix(key)})`, rank: sql`case when ${s.symbolKey} = ${key} then 2 else 1 end` };
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
        walkWhere: sql`(${s.numberKey} = ${key} or ts_match_vq(${s.tsv}, ${tsquery}))`,
        rank: sql`(case when ${s.numberKey} = ${key} then 10 else 0 end + ts_rank(${s.tsv}, ${tsquery}))`,
        tsquery,
      };
    }
    case 'TEXT': {
      const tsquery = sql`websearch_to_tsquery(${FOLD_CONFIG}, ${parsed.text})`;
      // Typed with diacritics: documents whose metadata carries every word as typed rank above folded matches
      // (a substring test: parsing each matched row's metadata into words cost more than the rest of its ranking).
      const typed = [...parsed.text.toLowerCase().matchAll(TYPED_WORD)].map((w) => `%${w[0]}%`);
      const exact = parsed.withDiacritics && typed.length
        ? sql` + case when lower(concat_ws(' ', ${s.subject}, ${s.documentType}, ${s.issuer}, ${s.signer})) like all (${textArray(typed)}) then 1 else 0 end`
        : sql``;
      const walkWhere = sql`ts_match_vq(${s.tsv}, ${tsquery})`;
      const where = sql`${s.tsv} @@ ${tsquery}`;
      // The index finds the key's rows with the rarer words; the row is checked for all of them. (For an
      // organisation the extra rows cost more than the index saves: 3 times the rows for "co to thuy san".)
      const ledWhere = indexed ? sql`(${s.tsv} @@ ${indexed.map((l) => `'${l.replaceAll("'", "''")}'`).join(' & ')}::tsquery and ${walkWhere})` : where;
      // That index holds no positions: a phrase (the only operator with a "<") is checked on the row. A phrase
      // turned into & is looser, but under a NOT stricter ('-"thuc dinh"' would drop "thực hiện quyết định"):
      // a query with a NOT (websearch's "-" before a word or quote) is not asked of it.
      const organisationWhere = (organisation: string, months?: Months) => {
        const words = sql`search_org_query(${organisation}, ${tsquery})`;
        const query = months ? sql`(${words} && search_org_months(${organisation}, ${months.from}::date, ${months.to}::date))` : words;
        return sql`(search_org_words(${s.organisationId}, ${s.docDate}, ${s.tsv}) @@ ${query} and (${tsquery}::text !~ '<' or ${walkWhere}))`;
      };
      const negated = /(^|\s)-[\p{L}\p{N}"]/u.test(parsed.text);
      return { where, walkWhere, ledWhere, organisationWhere: negated ? undefined : organisationWhere, rank: sql`(ts_rank(${s.tsv}, ${tsquery})${exact})`, tsquery };
    }
  }
}

/** The months from one's first day to another's (ISO dates). */
interface Months {
  from: string;
  to: string;
}

/** Documents filed in a case file (hồ sơ): a filing row points at an incoming or an outgoing document. */
const inCaseFile = (caseFileId: string): SQL =>
  sql`${s.documentId} in (select coalesce(${c.incomingDocumentId}, ${c.outgoingDocumentId}) from ${c} where ${c.caseFileId} = ${caseFileId} and (case when ${s.kind} = 'INCOMING' then ${c.incomingDocumentId} else ${c.outgoingDocumentId} end) is not null)`;

function filters(p: SearchParams): (SQL | undefined)[] {
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

interface HitRow {
  kind: SearchKind;
  document_id: string;
  organisation_id: string;
  document_type: string | null;
  issuer: string | null;
  signer: string | null;
  number: string | null;
  symbol: string | null;
  arrival_year: number | null;
  arrival_number: number | null;
  doc_date: string;
  status: string;
  secrecy: (typeof secrecies)[number];
  subject: string | null;
  score: number;
  subject_marked: string | null;
  snippet_marked: string | null;
}

interface FacetRow {
  g_kind: number;
  g_type: number;
  g_issuer: number;
  g_year: number;
  g_status: number;
  g_secrecy: number;
  kind: string | null;
  type_key: string | null;
  type_label: string | null;
  issuer_key: string | null;
  issuer_label: string | null;
  year: number | null;
  status: string | null;
  secrecy: string | null;
  n: number;
}

function facetsOf(rows: FacetRow[]) {
  const facets: Record<FacetName, FacetValue[]> = { kind: [], type: [], issuer: [], year: [], status: [], secrecy: [] };
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    const put = (f: FacetName, value: string | number | null, label?: string | null) => {
      if (value !== null) facets[f].push({ value: String(value), label: label ?? String(value), count: n });
    };
    if (r.g_kind === 0) put('kind', r.kind);
    else if (r.g_type === 0) put('type', r.type_key, r.type_label);
    else if (r.g_issuer === 0) put('issuer', r.issuer_key, r.issuer_label);
    else if (r.g_year === 0) put('year', r.year);
    else if (r.g_status === 0) put('status', r.status);
    else if (r.g_secrecy === 0) put('secrecy', r.secrecy);
    else total = n;
  }
  for (const f of Object.values(facets)) f.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
  facets.year.sort((a, b) => Number(b.value) - Number(a.value));
  facets.type.splice(FACET_LIMIT);
  facets.issuer.splice(FACET_LIMIT);
  return { facets, total };
}

const referenceOf = (r: HitRow) => (r.number && r.symbol ? `${r.number}/${r.symbol}` : r.symbol ?? r.number);

type SearchResult = z.output<typeof searchResultSchema>;
export interface SearchOptions {
  /** Another bound than CAP (benchmarks, tests). */
  cap?: number;
  /** Words read newest first (true) or through the full-text index (false) whatever their share: the two ways give one answer, and tests and benchmarks compare them. */
  broad?: boolean;
  /** Another share above which words are checked on the row rather than asked of the index (tests: 1 asks for all). */
  commonWordShare?: number;
  /** How many of an organisation's newest documents a window of months read newest first should hold (tests; else from the words' share). */
  windowRows?: number;
  /** false: no highlighted subject or snippets (exports of a whole result list: ts_headline over long texts is the dearest part of a page). */
  highlights?: boolean;
}

/**
 * Full-text and exact-number search over incoming and outgoing documents, trimmed to what the caller may
 * open before anything is counted, so neither results nor facet counts reveal another document.
 */
export async function search(db: Db, actor: Actor, p: SearchParams, opts: SearchOptions = {}): Promise<SearchResult> {
  const cap = opts.cap ?? CAP;
  const parsed = parseQuery(p.q);
  const words = parsed.kind === 'TEXT' || parsed.kind === 'NUMBER';
  // Independent reads, on two connections at once.
  const [branches, sampled] = await Promise.all([visibility(db, actor), words ? sampleWords(db, parsed.text, actor.userId) : null]);
  const organisations = branches.flatMap((a) => a.organisation ?? []);
  const base = filters(p);
  // Other filters leave an unknown share of the words' matches, which a walk finds and a window would not.
  const filtered = base.some((f) => f !== undefined);
  // An issuer or a type is a key of the shared index: the organisation, that key and the words meet in one
  // scan led by the shortest list ("bao cao" from an issuer: 2,900 rows fetched, not the issuer's 6,400 walked).
  const keyed = p.issuer !== undefined || p.type !== undefined;
  const newestFirst = (ws: WordSample | null): Walks => ({
    organisation: opts.broad ?? (!keyed && ws !== null && walkPays(ws, organisationRows(ws, organisations), cap)),
    own: opts.broad ?? (ws !== null && walkPays(ws, ws.ownRows, cap)),
    organisationRead: (organisation) => {
      if (opts.windowRows !== undefined) return { from: ws && windowStart(ws, organisation, opts.windowRows) };
      const rows = ws ? rowsToWalk(ws, organisation, cap) : 0;
      return filtered || rows <= WALK_ROWS_MAX ? 'walk' : { from: windowStart(ws!, organisation, WINDOW_MARGIN * rows) };
    },
  });
  const matcherOf = (q: ParsedQuery, ws: WordSample | null) => {
    const m = matcher(q, q.kind === 'TEXT' && ws ? indexedWords(ws, opts.commonWordShare) : null);
    return keyed ? { ...m, organisationWhere: undefined } : m;
  };
  const highlights = opts.highlights ?? true;
  let result = await run(db, branches, base, matcherOf(parsed, sampled), newestFirst(sampled), p, cap, highlights);
  let match: SearchResult['match'] = parsed.kind;
  let corrected: string | null = null;
  // Words the index does not hold (a typo, a word cut short): search again with each replaced by the most similar word it holds.
  if (result.total === 0 && parsed.kind === 'TEXT') {
    corrected = await correction(db, actor, parsed.text, branches);
    if (corrected !== null) {
      const fixed = { ...parsed, text: corrected };
      const fixedSample = await sampleWords(db, corrected, actor.userId);
      result = await run(db, branches, base, matcherOf(fixed, fixedSample), newestFirst(fixedSample), p, cap, highlights);
      match = 'FUZZY';
    }
  }
  return { ...result, match, corrected, page: p.page, pageSize: p.pageSize };
}

/** Similar words of the caller's organisations tried, most similar first, until one is in a document the caller may open. */
const CORRECTION_CANDIDATES = 20;

/**
 * The query with each word the caller's documents do not hold replaced by the most similar word they hold
 * (trigram similarity, then the nearer length), or null when no word needs or finds a replacement. Only words of
 * at least 3 characters with a letter are corrected: numbers are looked up as typed, and shorter words share too
 * few trigrams to be corrected reliably. Candidates come from the lexicon of the organisations the caller belongs
 * to (ordinary documents only) and each is kept only if a document the caller may open carries it — the same
 * visibility rule as the results — so a correction never reveals a word of another organisation's documents, of a
 * secret one or of one the caller is not given; nor does whether a typed word is corrected.
 */
export async function correction(db: Db, actor: Actor, text: string, arms?: Arm[]): Promise<string | null> {
  const words = [...new Set([...text.matchAll(TYPED_WORD)].map((w) => w[0]).filter((w) => w.length >= 3 && /\p{L}/u.test(w) && w.toLowerCase() !== 'or'))];
  const organisations = [...new Set(actor.roles.map((g) => g.organisationId))];
  if (words.length === 0 || organisations.length === 0) return null;
  const held = heldBy(arms ?? (await visibility(db, actor)));
  // The candidates' subquery is ordered and the outer filter stops at the first held one: a few checks, not twenty.
  const rows = await queryRows<{ typed: string; word: string | null }>(
    db,
    sql`select t.typed, (select c.word from (
          select l.word from search_lexicon l where l.organisation_id = any(${textArray(organisations)}) and l.word % t.folded and l.word <> t.folded
          group by l.word order by similarity(l.word, t.folded) desc, abs(length(l.word) - length(t.folded)), l.word limit ${CORRECTION_CANDIDATES}) c
          where ${held(sql`c.word`)} limit 1) as word
        from (select typed, vanthu_fold(typed) as folded from unnest(${textArray(words)}) typed) t
        where not ${held(sql`t.folded`)}`,
  );
  const fixes = new Map(rows.filter((r) => r.word !== null).map((r) => [r.typed, r.word!]));
  return fixes.size === 0 ? null : text.replace(TYPED_WORD, (w) => fixes.get(w) ?? w);
}

/**
 * "A document the caller may open carries this word (a lexeme)", as one condition per way of access: an
 * organisation's documents through the index of its own words, the caller's own and listed ones through the
 * shared index with their key.
 */
function heldBy(arms: Arm[]) {
  return (word: SQL) => {
    const lexeme = sql`quote_literal(${word})::tsquery`;
    const tests = arms.map((arm) => {
      const match = arm.reach === 'organisation' ? sql`search_org_words(${s.organisationId}, ${s.docDate}, ${s.tsv}) @@ search_org_query(${arm.organisation!}, ${lexeme})` : sql`${s.tsv} @@ ${lexeme}`;
      return sql`exists (select 1 from ${s} where ${match} and ${arm.where})`;
    });
    return tests.length ? sql`(${sql.join(tests, sql` or `)})` : sql`false`;
  };
}

/**
 * Which arms are read newest first (the others are read whole through a full-text index): walked by date, or
 * for an organisation's words, its last months read through the index of its own words.
 */
interface Walks {
  organisation: boolean;
  own: boolean;
  /** An organisation's words read newest first: walked, or its months from the first day of the window's first (null: all). */
  organisationRead: (organisation: string) => 'walk' | { from: string | null };
}

/** The first day of the month `add` months after that of `now`. */
const monthStart = (now: Date, add: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + add, 1)).toISOString().slice(0, 10);

async function run(db: Db, branches: Arm[], base: (SQL | undefined)[], m: Matcher, walks: Walks, p: SearchParams, cap: number, highlights: boolean) {
  if (branches.length === 0) return { total: 0, exact: true, facets: facetsOf([]).facets, items: [] };
  // Ties broken by the id in byte order: comparing ids under the database's collation cost more than the rest of the sort.
  const newest = sql`${s.docDate} desc, ${s.arrivalNumber} desc nulls last, ${s.documentId} collate "C"`;
  const byDate = p.sort === 'date' || !m.where;
  // Each way of access (arm) is read newest first; the arms are merged by date and the merge stops after the
  // newest cap + 1 matches (the extra one only tells that there are more), so an arm read in date order stops
  // as soon as the others' rows are newer.
  const read = (where: SQL) => sql`select ctid as row_id, ${s.kind} as kind, ${s.documentId} as document_id, ${s.docDate} as doc_date, ${s.arrivalNumber} as arrival_number,
        ${s.typeKey} as type_key, ${s.documentType} as document_type, ${s.issuerKey} as issuer_key, ${s.issuer} as issuer, ${s.status} as status, ${s.secrecy}::text as secrecy
      from ${s} where ${and(...base, where)} order by ${newest} limit ${cap + 1}`;
  // Each arm's condition with the match. Walked: the match by the operator's function. Else through an index:
  // an organisation's own words, or asking only for the rarer words where a short key (an author, a list key) leads.
  const walked = (arm: Arm) => (arm.reach === 'organisation' ? walks.organisation : arm.reach === 'own' && walks.own) && m.walkWhere;
  const matched = (arm: Arm) =>
    and(walked(arm) ? m.walkWhere : arm.reach === 'organisation' ? (m.organisationWhere?.(arm.organisation!) ?? m.where) : (m.ledWhere ?? m.where), arm.where)!;
  // An organisation's words read newest first: its matches of the window's months (from the one its newest
  // documents start in to next month's) through the index of its own words, instead of walking hundreds of
  // its documents per match by date (the province's "chuyển đổi số": 21,000 rows walked, 24 ms). Documents
  // dated later are walked by date (usually none); those before the window only when it held too few matches,
  // and walked, so only as far as the matches missing (fetching all of them cost 25 ms for 33 missing).
  const windows: SQL[] = [];
  const now = new Date();
  const windowed = (arm: Arm, start: string) => {
    const name = sql.raw(`window_${windows.length}`);
    // A start read off a document dated ahead (a typing slip) is brought back to next month: the three reads
    // cover every date once.
    const to = monthStart(now, 1);
    const from = start > to ? to : start;
    windows.push(sql`${name} as materialized (${read(and(m.organisationWhere!(arm.organisation!, { from, to }), arm.where)!)})`);
    return [
      sql`select * from ${name}`,
      read(and(gte(s.docDate, monthStart(now, 2)), m.walkWhere, arm.where)!),
      sql`select * from (${read(and(lt(s.docDate, from), m.walkWhere, arm.where)!)}) earlier where (select count(*) from ${name}) <= ${cap}`,
    ];
  };
  // An arm per organisation, read newest first or through its own words. Matches without such words (a số)
  // read the shared index's posting lists once for all organisations, as one arm. (Words in one arm would
  // be tested on every row by computing the organisation's words: 300 ms for 3,000 rows.)
  const organisationArms = branches.filter((a) => a.reach === 'organisation');
  const organisations = organisationArms.map((arm) => {
    const how = walks.organisation && m.organisationWhere ? walks.organisationRead(arm.organisation!) : null;
    if (how === null || how === 'walk') return [read(matched(arm))];
    return how.from ? windowed(arm, how.from) : [read(and(m.organisationWhere!(arm.organisation!), arm.where)!)];
  });
  const arms = [
    ...(m.where && !m.organisationWhere && !walks.organisation && organisationArms.length > 1 ? [read(or(...organisationArms.map(matched))!)] : organisations.flat()),
    ...branches.filter((a) => a.reach !== 'organisation').map((arm) => read(matched(arm))),
  ];
  // The same order over the arms' output columns.
  const newestRead = sql.raw('doc_date desc, arrival_number desc nulls last, document_id collate "C"');
  const order = byDate ? newestRead : sql.raw('score desc, doc_date desc, document_id collate "C"');
  // The row read again by its physical address (same statement, same snapshot): cheaper than by its key.
  const score = (r: string) => sql`(select ${m.rank}::float8 from ${s} where ctid = ${sql.raw(r)}.row_id)`;
  const strip = (col: SQL) => sql`translate(${col}, ${MARK_START + MARK_END}, '')`;
  const highlight = m.tsquery && highlights
    ? sql`ts_headline(${FOLD_CONFIG}, ${strip(sql`d.subject`)}, ${m.tsquery}, ${HEADLINE_ALL}) as subject_marked,
          case when d.body is null then null else ts_headline(${FOLD_CONFIG}, ${strip(sql`left(d.body, ${SNIPPET_SOURCE_CHARS})`)}, ${m.tsquery}, ${HEADLINE}) end as snippet_marked`
    : sql`null::text as subject_marked, null::text as snippet_marked`;
  // One statement: the matches are read once, then counted, faceted, sorted and cut to the page, which alone
  // is joined back for its texts and highlights. Relevance, where it orders, is computed for the kept matches
  // only (else for the page alone, below). A document reached two ways is read twice but kept once.
  const query = sql`with ${sql.join([...windows, sql``], sql`, `)}raw as materialized (select * from (${sql.join(arms.map((a) => sql`(${a})`), sql` union all `)}) a
        order by ${newestRead} limit ${cap + 1}),
      hits as (select r.*, ${byDate ? sql`null::float8` : score('r')} as score
        from (select distinct on (row_id) * from raw) r
        order by ${newestRead} limit ${cap}),
      page as (select h.*, row_number() over (order by ${order}) as ord from hits h order by ${order} limit ${p.pageSize} offset ${(p.page - 1) * p.pageSize})
    select
      (select count(*) > ${cap} from raw) as capped,
      (select coalesce(json_agg(f), '[]'::json) from (
        select grouping(kind) as g_kind, grouping(type_key) as g_type, grouping(issuer_key) as g_issuer, grouping(extract(year from doc_date)::int) as g_year,
          grouping(status) as g_status, grouping(secrecy) as g_secrecy, kind::text as kind, type_key, min(document_type) as type_label, issuer_key,
          min(issuer) as issuer_label, extract(year from doc_date)::int as year, status, secrecy, count(*)::int as n
        from hits group by grouping sets ((kind), (type_key), (issuer_key), (extract(year from doc_date)::int), (status), (secrecy), ())) f) as facets,
      (select coalesce(json_agg(r order by r.ord), '[]'::json) from (
        select h.ord, h.kind, h.document_id, d.organisation_id, d.document_type, d.issuer, d.signer, d.number, d.symbol, d.arrival_year, d.arrival_number,
          d.doc_date::text as doc_date, d.status, d.secrecy::text as secrecy, d.subject, ${byDate ? score('h') : sql`h.score`} as score, ${highlight}
        from page h join ${s} d on d.kind = h.kind and d.document_id = h.document_id) r) as items`;
  const [row] = await db.transaction(async (tx: Tx) => {
    // Enough memory that bitmaps stay exact and sorts in memory; no JIT (compiling costs far more than these
    // short statements save by it).
    await tx.execute(sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
    return queryRows<{ capped: boolean; facets: FacetRow[]; items: HitRow[] }>(tx, query);
  });
  const { facets, total } = facetsOf(row.facets);
  return {
    total,
    exact: !row.capped,
    facets,
    items: row.items.map((r) => ({
      kind: r.kind,
      id: r.document_id,
      organisationId: r.organisation_id,
      documentType: r.document_type,
      issuer: r.issuer,
      signer: r.signer,
      reference: referenceOf(r),
      arrival: r.arrival_year !== null && r.arrival_number !== null ? { year: r.arrival_year, number: r.arrival_number } : null,
      date: r.doc_date,
      status: r.status,
      secrecy: r.secrecy,
      subject: r.subject,
      subjectHighlight: segments(r.subject_marked),
      snippet: segments(r.snippet_marked),
      rank: Number(r.score),
    })),
  };
}
