import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../auth/context';
import { queryRows, type Db } from '../db/client';
import type { secrecies } from '../incoming/schema';
import { visibilityBranches as incomingBranches, type ColumnsBranch } from '../incoming/access';
import { viewerOf, visibilityBranches as outgoingBranches } from '../outgoing/access';
import { facetsOf, type FacetRow } from './facets';
import { datesInRum, FOLD_CONFIG, filters, matcher, textArray, TYPED_WORD, type Matcher } from './match';
import { MARK_END, MARK_START, parseQuery, segments, type ParsedQuery } from './query';
import { searchDocuments as s, type SearchKind } from './schema';
import type { z } from 'zod';
import type { SearchParams, searchResultSchema } from './validation';

export type { FacetName, FacetValue } from './facets';

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=2, MinWords=8, MaxWords=25, FragmentDelimiter=" … "`;
const HEADLINE_ALL = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
/** Snippets are cut from the start of the text: ts_headline reads all it is given. */
const SNIPPET_SOURCE_CHARS = 20000;
/**
 * Bounded work: a search reads at most the newest CAP matches the caller may open. Below that (nearly every
 * search) totals, facets and ranking are exact; above it they cover those newest matches and `exact` is false.
 */
export const CAP = 1000;
/** Past every document's date: the RUM index hands an organisation's matches over by their distance to it, newest first. */
const FAR_FUTURE = '9999-12-31';

/**
 * How a search was read: `rum` when its word matches came in date order from the RUM index (migration
 * *_search_access_words, PostgreSQL with the `rum` extension); `plain` when every match came through a GIN or
 * B-tree index and was sorted (always on PGlite, whose data is small). Both give one answer; tests and the
 * benchmark compare them.
 */
export type SearchPath = 'rum' | 'plain';

const rumIndexes = new WeakMap<Db, Promise<boolean>>();
/** Whether this database has the RUM index (asked once per database). */
function hasRum(db: Db): Promise<boolean> {
  if (!rumIndexes.has(db)) {
    const asked = queryRows<{ rum: boolean }>(db, sql`select to_regclass('search_documents_access_words_rum_idx') is not null as rum`).then(
      ([r]) => r.rum,
    );
    rumIndexes.set(db, asked);
    asked.catch(() => rumIndexes.delete(db));
  }
  return rumIndexes.get(db)!;
}

/**
 * Exactly the documents the caller may open, as the incoming and outgoing pages decide it, as arms: one per
 * organisation (the conditions on the document's own columns there), one for the author's own drafts, one per
 * kind for the per-person lists (grants, assignments, approval chains). Each arm names the keys its documents'
 * words are filed under in access_words, so words are found in all of them in one scan of that index; without
 * words, each arm is read newest first through its own index (an organisation's by (organisation, date)) and
 * the arms are united.
 */
interface Arm {
  where: SQL;
  /** The keys of a person's lists or drafts; an organisation's words are filed a year at a time (yearKey). */
  keys: string[];
  /** Through an organisation's documents; else the caller's own (as author) or a person's lists. */
  organisation?: string;
}

/** The years an organisation has documents in, newest first: two probes of its (organisation, date) index. */
const yearsOf = (organisation: string) =>
  sql`(select y from generate_series((select extract(year from max(${s.docDate}))::int from ${s} where ${s.organisationId} = ${organisation}),
    (select extract(year from min(${s.docDate}))::int from ${s} where ${s.organisationId} = ${organisation}), -1) y order by y desc)`;
/** The key an organisation's documents of one year file their words under (migration *_search_access_words). */
const yearKey = (organisation: string, year: SQL) => sql`(${organisation} || '@' || ${year})`;
async function visibility(db: Db, actor: Actor): Promise<Arm[]> {
  const viewer = await viewerOf(db, actor);
  const incoming = incomingBranches(actor, { id: s.documentId, organisationId: s.organisationId, secrecy: s.secrecy, status: s.status });
  const outgoing = outgoingBranches(viewer, {
    id: s.documentId,
    organisationId: s.organisationId,
    authorId: s.authorId,
    status: s.status,
    secrecy: s.secrecy,
  });
  const ofKind = (kind: SearchKind) => (b: ColumnsBranch) => ({ ...b, where: and(eq(s.kind, kind), b.where)! });
  const byColumns = [...incoming.byColumns.map(ofKind('INCOMING')), ...outgoing.byColumns.map(ofKind('OUTGOING'))];
  const organisations = [...new Set(byColumns.flatMap((b) => b.organisations ?? []))].sort();
  const arms: Arm[] = [
    ...organisations.map((org) => ({
      organisation: org,
      keys: [],
      where: and(eq(s.organisationId, org), or(...byColumns.filter((b) => b.organisations?.includes(org)).map((b) => b.where)))!,
    })),
    ...byColumns.flatMap((b) => (b.organisations === null ? [{ keys: [b.key], where: b.where }] : [])),
    { keys: incoming.listKeys, where: sql`${s.kind} = 'INCOMING' and ${s.listKeys} && ${textArray(incoming.listKeys)}` },
    { keys: outgoing.listKeys, where: sql`${s.kind} = 'OUTGOING' and ${s.listKeys} && ${textArray(outgoing.listKeys)}` },
  ];
  // Each document through one arm only: an arm leaves out what an earlier one opens (organisations' arms are apart
  // already), so the arms' reads are united without looking for the same row twice.
  return arms.map((arm, i) => {
    const earlier = arms.slice(0, i).filter((e) => !(arm.organisation && e.organisation));
    return earlier.length ? { ...arm, where: sql`(${arm.where}) and (${or(...earlier.map((e) => e.where))}) is not true` } : arm;
  });
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

const referenceOf = (r: HitRow) => (r.number && r.symbol ? `${r.number}/${r.symbol}` : (r.symbol ?? r.number));

type SearchResult = z.output<typeof searchResultSchema>;
export interface SearchOptions {
  /** Another bound than CAP (benchmarks, tests). */
  cap?: number;
  /** The plain path even where the RUM index is there: the two give one answer, and tests and benchmarks compare them. */
  plain?: boolean;
  /** Told which path served the search (the benchmark prints it). */
  served?: (path: SearchPath) => void;
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
  // Independent reads, on two connections at once.
  const [branches, rum] = await Promise.all([visibility(db, actor), opts.plain ? false : hasRum(db)]);
  const base = filters(p);
  const matcherOf = (q: ParsedQuery) => matcher(q, p);
  const highlights = opts.highlights ?? true;
  let { path, ...result } = await run(db, branches, base, matcherOf(parsed), rum, p, cap, highlights);
  let match: SearchResult['match'] = parsed.kind;
  let corrected: string | null = null;
  // Words the index does not hold (a typo, a word cut short): search again with each replaced by the most similar word it holds.
  if (result.total === 0 && parsed.kind === 'TEXT') {
    corrected = await correction(db, actor, parsed.text, branches);
    if (corrected !== null) {
      ({ path, ...result } = await run(db, branches, base, matcherOf({ ...parsed, text: corrected }), rum, p, cap, highlights));
      match = 'FUZZY';
    }
  }
  opts.served?.(path);
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
  const words = [
    ...new Set(
      [...text.matchAll(TYPED_WORD)].map((w) => w[0]).filter((w) => w.length >= 3 && /\p{L}/u.test(w) && w.toLowerCase() !== 'or'),
    ),
  ];
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

/** "A document the caller may open carries this word (a lexeme)": the word under one of an arm's keys, on a row the arm opens. */
function heldBy(arms: Arm[]) {
  return (word: SQL) => {
    const under = (key: SQL, where: SQL) =>
      sql`exists (select 1 from ${s} where ${s.accessWords} @@ search_access_query(${key}, quote_literal(${word})::tsquery) and ${where})`;
    const tests = arms.flatMap((arm) =>
      arm.organisation
        ? [
            sql`exists (select 1 from ${yearsOf(arm.organisation)} years where ${under(yearKey(arm.organisation, sql`years.y`), arm.where)})`,
          ]
        : arm.keys.map((key) => under(sql`${key}`, arm.where)),
    );
    return tests.length ? sql`(${sql.join(tests, sql` or `)})` : sql`false`;
  };
}

async function run(
  db: Db,
  branches: Arm[],
  base: (SQL | undefined)[],
  m: Matcher,
  rum: boolean,
  p: SearchParams,
  cap: number,
  highlights: boolean,
) {
  const organisationArms = branches.filter((a) => a.organisation);
  const path: SearchPath = rum && m.accessWhere ? 'rum' : 'plain';
  if (branches.length === 0) return { path, total: 0, exact: true, facets: facetsOf([]).facets, items: [] };
  // Ties broken by the id in byte order: comparing ids under the database's collation cost more than the rest of the sort.
  const newest = sql`${s.docDate} desc, ${s.arrivalNumber} desc nulls last, ${s.documentId} collate "C"`;
  const byDate = p.sort === 'date' || !m.where;
  // Each read takes its newest cap + 1 matches; reads of several arms are merged by date and the merge keeps
  // the newest cap + 1 (the extra one only tells that there are more). Words read through RUM come ordered by
  // the date alone: every row of the last date read is kept (WITH TIES), so the full order still finds the newest.
  const read = (
    where: SQL,
    ordered = false,
  ) => sql`select ctid as row_id, ${s.kind} as kind, ${s.documentId} as document_id, ${s.docDate} as doc_date, ${s.arrivalNumber} as arrival_number,
        ${s.typeKey} as type_key, ${s.documentType} as document_type, ${s.issuerKey} as issuer_key, ${s.issuer} as issuer, ${s.status} as status, ${s.secrecy}::text as secrecy
      from ${s} where ${and(...base, where, ordered && rum ? datesInRum(p) : undefined)}
      ${ordered && rum ? sql`order by ${s.docTs} <=> ${FAR_FUTURE}::timestamp fetch first (${cap + 1}) rows with ties` : sql`order by ${newest} limit ${cap + 1}`}`;
  // Words: a read of access_words under each key of each arm, its rows then held to the arm's conditions (a row
  // filed under the key but not opened through the arm is dropped). An organisation's are read a year at a time,
  // newest first, each year's only if the newer ones did not give cap + 1: a lateral join runs its years in
  // their order and hands each year's rows over in the full order, so its first cap + 1 rows are the newest, and
  // the next year's scan is not begun once they are out (no order by above it: sorting would read every year). Otherwise matches of the shared index (a số, words with a key
  // or a NOT) are read in one scan of it for all organisations, and without words an arm per organisation reads
  // its documents by date.
  const organisations =
    m.where && organisationArms.length > 1
      ? [read(and(m.where, or(...organisationArms.map((arm) => arm.where)))!)]
      : organisationArms.map((arm) => read(and(m.where, arm.where)!));
  // The same order over the arms' output columns.
  const newestRead = sql.raw('doc_date desc, arrival_number desc nulls last, document_id collate "C"');
  const byYear = (organisation: string, where: SQL) =>
    sql`select a.* from ${yearsOf(organisation)} years cross join lateral (
        select * from (${read(and(m.accessWhere!(yearKey(organisation, sql`years.y`)), where)!, true)}) y order by ${newestRead}) a
      limit ${cap + 1}`;
  const arms = m.accessWhere
    ? branches.flatMap((arm) =>
        arm.organisation
          ? [byYear(arm.organisation, arm.where)]
          : arm.keys.map((key) => read(and(m.accessWhere!(sql`${key}`), arm.where)!, true)),
      )
    : [...organisations, ...branches.filter((a) => !a.organisation).map((arm) => read(and(m.where, arm.where)!))];
  const order = byDate ? newestRead : sql.raw('score desc, doc_date desc, document_id collate "C"');
  // The row read again by its physical address (same statement, same snapshot): cheaper than by its key.
  const score = (r: string) => sql`(select ${m.rank}::float8 from ${s} where ctid = ${sql.raw(r)}.row_id)`;
  const strip = (col: SQL) => sql`translate(${col}, ${MARK_START + MARK_END}, '')`;
  const highlight =
    m.tsquery && highlights
      ? sql`ts_headline(${FOLD_CONFIG}, ${strip(sql`d.subject`)}, ${m.tsquery}, ${HEADLINE_ALL}) as subject_marked,
          case when d.body is null then null else ts_headline(${FOLD_CONFIG}, ${strip(sql`left(d.body, ${SNIPPET_SOURCE_CHARS})`)}, ${m.tsquery}, ${HEADLINE}) end as snippet_marked`
      : sql`null::text as subject_marked, null::text as snippet_marked`;
  // One statement: the matches are read once, then counted, faceted, sorted and cut to the page, which alone
  // is joined back for its texts and highlights. Relevance, where it orders, is computed for the kept matches
  // only (else for the page alone, below). The arms are apart (visibility), so no document is read twice.
  const query = sql`with raw as materialized (select * from (${sql.join(
    arms.map((a) => sql`(${a})`),
    sql` union all `,
  )}) a
        order by ${newestRead} limit ${cap + 1}),
      hits as (select r.*, ${byDate ? sql`null::float8` : score('r')} as score
        from raw r
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
  type Row = { capped: boolean; facets: FacetRow[]; items: HitRow[] };
  // On the RUM path the organisations' order comes from the index, and the planner must not trade that ordered
  // scan for a bitmap scan and a sort: it takes a document's words as independent and, fresh after ANALYZE at 1M
  // documents, expects 4,700 matches of "quyết" & "định" in UBND tỉnh where there are 54,600 — then reads and
  // sorts them all (560 ms; 15 ms ordered). Full sorts are discouraged for this statement alone (every other way
  // of reading it sorts as well, so its other choices are unchanged; the incremental sort that hands an
  // organisation's rows over a year at a time stays), and JIT is off: the discouraged sorts' cost would otherwise
  // cross its threshold and compiling alone takes 1.4 s.
  const [row] =
    path === 'rum'
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`);
          return queryRows<Row>(tx, query);
        })
      : await queryRows<Row>(db, query);
  const { facets, total } = facetsOf(row.facets);
  return {
    path,
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
