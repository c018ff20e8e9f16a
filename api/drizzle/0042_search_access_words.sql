-- Each word under every way a document is reached (api/src/search/schema.ts, access_words): its organisation
-- and year ("org@2025"), its author ("w:" + user) and each of its list keys (granted, assigned, on the approval
-- chain). An organisation's words are read a year at a time, newest first, until enough are found: RUM reads a
-- key's whole posting lists before handing over the first match ("quyet dinh" in the province's 185k documents:
-- 16 ms under one key, 3 ms for a year's). A search then
-- reads the words under each key its caller holds in one short index scan, ordered by date through RUM, instead
-- of intersecting the shared index's posting lists of the words with each list of people ("quyet dinh" for a
-- clerk's assigned work at 1M documents: 13 ms, now 0.5 ms). Keys are hashed to 8 hex digits, as the
-- organisations already were. The issuer and the type are two more words ("@i " and "@t " before the folded
-- name), so words with an issuer or a type filter are read the same way, led by the shorter posting list.
CREATE FUNCTION search_access_words(text, text, text[], tsvector, text, text, date) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(array(
    SELECT p || ':' || l
    FROM unnest(tsvector_to_array($4) || array_remove(array['@i ' || $5, '@t ' || $6], NULL)) l,
      unnest(array[left(md5($1 || '@' || extract(year FROM $7)::int), 8)] || array(SELECT left(md5(k), 8) FROM unnest($3) k)
        || CASE WHEN $2 IS NULL THEN '{}'::text[] ELSE array[left(md5('w:' || $2), 8)] END) p))
$$;--> statement-breakpoint
-- A query over search_access_words for the documents reached through one key: each lexeme under that key's
-- prefix; phrase operators become & (the index holds no positions; the service checks a phrase on the row).
-- One key per query: RUM reads an AND of lexemes led by the shortest posting list, but an OR of several keys'
-- ANDs through every list of every key ("co to thuy san" under 7 keys at 1M documents: 1.3 s, against 30 ms
-- for the 7 read apart).
CREATE FUNCTION search_access_query(text, tsquery) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT regexp_replace(regexp_replace($2::text, '<(-|[0-9]+)>', '&', 'g'), '''((?:[^'']|'''')*)''', '''' || left(md5($1), 8) || ':\1''', 'g')::tsquery
$$;--> statement-breakpoint
-- One statement: the table (and each of its indexes) is rewritten once. Dropping org_words drops its index.
ALTER TABLE "search_documents" DROP COLUMN "org_words",
  ADD COLUMN "access_words" "tsvector" GENERATED ALWAYS AS (search_access_words(organisation_id, author_id, list_keys, tsv, issuer_key, type_key, doc_date)) STORED NOT NULL;--> statement-breakpoint
DROP FUNCTION search_org_query(text, tsquery);--> statement-breakpoint
DROP FUNCTION search_org_words(text, tsvector);--> statement-breakpoint
-- RUM where the server has it (migration 0038 created the extension where it could), else plain GIN (PGlite).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
    CREATE INDEX search_documents_access_words_rum_idx ON search_documents USING rum (access_words rum_tsvector_addon_ops, doc_ts) WITH (attach = 'doc_ts', to = 'access_words');
  ELSE
    CREATE INDEX search_documents_access_words_idx ON search_documents USING gin (access_words);
  END IF;
END
$$;
