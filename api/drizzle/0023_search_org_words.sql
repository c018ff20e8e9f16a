-- Each organisation's words in a GIN index of their own (api/src/search/schema.ts): the lexemes of tsv
-- as "organisation:lexeme", so "this organisation's documents carrying these words" steps through that
-- organisation's posting lists only. With the organisation as a separate key of the shared index, the
-- index stepped through every document's posting list of each word ("co", "to" are on a third of them):
-- 13 ms for the province's "co to thuy san" at 1M documents, 2 ms this way.
-- The document's month is there too ("organisation:@202506"), so the newest matches of common words are
-- read from the last months alone instead of walking the organisation's documents by date.
-- The organisation is written as the first 8 hex digits of its id's md5: short, and free of the quotes and
-- backslashes tsquery text would need escaped; two organisations sharing them only cost the row check
-- on organisation_id that every search makes anyway. Positions are left out: the index tells which
-- documents carry the words, and the row's tsv decides a phrase. The functions call only pg_catalog's:
-- PostgreSQL 17 (PGlite) computes index expressions with no other schema on the search path.
CREATE FUNCTION search_org_words(text, date, tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(array(SELECT o.prefix || l FROM unnest(tsvector_to_array($3)) l) || (o.prefix || '@' || coalesce(to_char($2::timestamp, 'YYYYMM'), 'none')))
  FROM (SELECT left(md5($1), 8) || ':' AS prefix) o
$$;--> statement-breakpoint
-- A query over search_org_words: each lexeme with the organisation's prefix, phrase operators as & (their
-- positions are not in that index).
CREATE FUNCTION search_org_query(text, tsquery) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT regexp_replace(regexp_replace($2::text, '<(-|[0-9]+)>', '&', 'g'), '''((?:[^'']|'''')*)''', '''' || left(md5($1), 8) || ':\1''', 'g')::tsquery
$$;--> statement-breakpoint
-- The organisation's documents dated in the months from one date's to another's, as a query over search_org_words.
CREATE FUNCTION search_org_months(text, date, date) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT string_agg(quote_literal(left(md5($1), 8) || ':@' || to_char(m, 'YYYYMM')), ' | ')::tsquery
  FROM generate_series(make_date(extract(year FROM $2)::int, extract(month FROM $2)::int, 1)::timestamp, $3::timestamp, interval '1 month') m
$$;--> statement-breakpoint
CREATE INDEX "search_documents_org_words_idx" ON "search_documents" USING gin (search_org_words("organisation_id", "doc_date", "tsv"));
