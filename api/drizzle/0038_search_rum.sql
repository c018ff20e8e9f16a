-- An organisation's newest matches in one ordered index scan (api/src/search/service.ts). Each organisation's
-- words are stored (org_words) with the document's date as a timestamp (doc_ts): a RUM index attaches only a
-- column to a column. The words lose the document's month ("organisation:@202506"), which only the month
-- windows of the former planner read.
CREATE FUNCTION search_org_words(text, tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(array(SELECT left(md5($1), 8) || ':' || l FROM unnest(tsvector_to_array($2)) l))
$$;--> statement-breakpoint
DROP INDEX "search_documents_org_words_idx";--> statement-breakpoint
-- One statement: the table (and each of its indexes) is rewritten once, not once per column.
ALTER TABLE "search_documents" ADD COLUMN "org_words" "tsvector" GENERATED ALWAYS AS (search_org_words(organisation_id, tsv)) STORED NOT NULL,
  ADD COLUMN "doc_ts" timestamp GENERATED ALWAYS AS (doc_date::timestamp) STORED NOT NULL;--> statement-breakpoint
DROP FUNCTION search_org_words(text, date, tsvector);--> statement-breakpoint
DROP FUNCTION search_org_months(text, date, date);--> statement-breakpoint
-- RUM where the server has it (Debian/Ubuntu: postgresql-NN-rum; creating it needs a superuser): its posting
-- lists carry doc_ts, so "the newest N documents of this organisation with these words" is one scan that
-- hands the matches over already ordered by date, with no sort of all of them ("quyet dinh" for the province's
-- 185k documents at 1M: 20 ms, 280 ms through GIN and a sort). Without it (PGlite, or a role that may not
-- create it) a plain GIN index over the same words: the search service asks which one is there.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS rum;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'rum is available but may not be created by %: search uses a plain GIN index', current_user;
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') THEN
    CREATE INDEX search_documents_org_words_rum_idx ON search_documents USING rum (org_words rum_tsvector_addon_ops, doc_ts) WITH (attach = 'doc_ts', to = 'org_words');
  ELSE
    CREATE INDEX search_documents_org_words_idx ON search_documents USING gin (org_words);
  END IF;
END
$$;
