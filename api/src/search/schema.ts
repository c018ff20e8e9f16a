import { sql } from 'drizzle-orm';
import { customType, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { secrecy } from '../incoming/schema';

export const searchKinds = ['INCOMING', 'OUTGOING'] as const;
export type SearchKind = (typeof searchKinds)[number];
export const searchKind = pgEnum('search_kind', searchKinds);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One row per incoming and outgoing document, denormalised for search (tìm kiếm) and kept by database
 * triggers on every table it reads (migration *_search_sql), so no write path can leave it stale. The
 * columns the visibility rules read (organisation, author, status, secrecy) are copies of the document's,
 * so incoming/access.ts and outgoing/access.ts apply to this table unchanged. `*_key` columns are folded
 * (NFC, no diacritics, đ→d, lower case: vanthu_fold in SQL, foldVi in TypeScript).
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    kind: searchKind('kind').notNull(),
    documentId: text('document_id').notNull(),
    organisationId: text('organisation_id').notNull(),
    /** Outgoing: the drafter (the visibility rule lets authors see their drafts). */
    authorId: text('author_id'),
    /** Incoming: units with an active assignment; outgoing: the drafting unit. */
    unitIds: text('unit_ids').array().notNull(),
    status: text('status').notNull(),
    secrecy: secrecy('secrecy').notNull(),
    /** Tên loại as a name ("Quyết định"), also for outgoing documents that store the code ("QD"). */
    documentType: text('document_type'),
    typeKey: text('type_key'),
    /** Cơ quan ban hành: the sender of an incoming document, the issuing organisation of an outgoing one. */
    issuer: text('issuer'),
    issuerKey: text('issuer_key'),
    signer: text('signer'),
    signerKey: text('signer_key'),
    number: text('number'),
    symbol: text('symbol'),
    /** "123/qd-ubnd": số without leading zeros + "/" + ký hiệu, folded and without spaces (docs/domain.md §2.3). */
    refKey: text('ref_key'),
    numberKey: text('number_key'),
    symbolKey: text('symbol_key'),
    /** Số đến (incoming). */
    arrivalYear: integer('arrival_year'),
    arrivalNumber: integer('arrival_number'),
    /** Ngày ban hành, else the day it was received or drafted. */
    docDate: date('doc_date').notNull(),
    subject: text('subject'),
    subjectKey: text('subject_key'),
    /** Extracted text of the files (text layer or OCR), NFC, cut to a bounded length; shown as snippets. */
    body: text('body'),
    tsv: tsvector('tsv').notNull(),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Who reaches the document through a per-person list, as keys: `g:<user>` granted, `a:<user>` / `u:<unit>`
     * assigned (active), `s:<user>` on its approval chain, `x:<user>` acted there as a deputy. Search matches
     * the keys the access rules name (VisibilityBranches.listKeys) through one index instead of looking each
     * listed document up.
     */
    listKeys: text('list_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * Each word under every way a document is reached, as "key:word" (search_access_words, migration
     * *_search_access_words): under its organisation, its author ("w:" + user) and each of its list keys. A
     * search reads the words under each key its caller holds, each a short scan of that key's own posting lists,
     * not the whole corpus's ("co to thuy san" for two organisations at 1M documents: 22 ms of index scans became
     * 3 ms; a clerk's assigned work: 13 ms became 0.5 ms). Keys are hashed to 8 hex digits: a collision only adds rows,
     * which the access conditions on the row then drop. Stored, with the date as a timestamp, because a RUM index
     * attaches only a column to a column; indexed by the migration, not here: RUM ordered by date (`access_words`
     * with `doc_ts` attached) where PostgreSQL has the `rum` extension, else plain GIN (PGlite).
     */
    accessWords: tsvector('access_words')
      .notNull()
      .generatedAlwaysAs(sql`search_access_words(organisation_id, author_id, list_keys, tsv, issuer_key, type_key, doc_date)`),
    docTs: timestamp('doc_ts')
      .notNull()
      .generatedAlwaysAs(sql`doc_date::timestamp`),
  },
  (t) => [
    // Id first: the refresh and the page's read look a row up by its document; a leading kind (two values)
    // only tempted the planner to bitmap a whole kind.
    primaryKey({ columns: [t.documentId, t.kind] }),
    // Words together with the keys a search narrows by (btree_gin): an organisation, an issuer, a type or a ký hiệu, a
    // person's listed documents or an author's. The index intersects them with each other and with the words,
    // led by the shortest posting list, instead of ANDing bitmaps of whole organisations or building one of
    // every document carrying a common syllable. Serves the words alone as well.
    index('search_documents_keys_words_idx').using(
      'gin',
      t.organisationId,
      t.issuerKey,
      t.typeKey,
      t.symbolKey,
      t.authorId,
      t.listKeys,
      t.tsv,
    ),
    index('search_documents_org_date_idx').on(t.organisationId, t.docDate),
    index('search_documents_ref_idx').on(sql`${t.refKey} text_pattern_ops`),
    index('search_documents_symbol_idx').on(sql`${t.symbolKey} text_pattern_ops`),
    index('search_documents_number_idx').on(t.numberKey),
    // Facet values sent back as filters, mostly with a year or a date range (and read newest first).
    index('search_documents_type_date_idx').on(t.typeKey, t.docDate),
    index('search_documents_issuer_date_idx').on(t.issuerKey, t.docDate),
    index('search_documents_arrival_idx').on(t.arrivalNumber, t.arrivalYear),
    // An author's own drafts, read newest first.
    index('search_documents_author_date_idx').on(t.authorId, t.docDate),
    index('search_documents_units_idx').using('gin', t.unitIds),
  ],
);

/**
 * Each organisation's words (lexemes of search_documents.tsv that have a letter) from its ordinary documents — never
 * from secret (mật) ones — so a typed word the caller's documents do not hold can be corrected to the most similar
 * word of the organisations the caller belongs to ("did you mean", trigram index), and the correction is then
 * checked against the documents the caller may open (search/service.ts, correction). Filled by a trigger on
 * search_documents (migration *_access_lexicon_sql). No unique constraint on purpose: a writer never waits for
 * another transaction's new word (nor deadlocks on it), and the rare duplicate is harmless. Words are not removed
 * when their last document goes: a stale word fails the check and is never offered.
 */
export const searchLexicon = pgTable(
  'search_lexicon',
  { organisationId: text('organisation_id').notNull(), word: text('word').notNull() },
  (t) => [index('search_lexicon_word_idx').on(t.organisationId, t.word)],
);
