-- The words the full-text index holds, for typo correction (api/src/search/schema.ts, searchWords): every row
-- added to search_documents adds its new words (search_refresh deletes and re-inserts a row, so inserts are
-- all there is to follow), and the rows already there are read once.
-- Which lexemes are worth correcting to: words with a letter (numbers are looked up as typed), of a sane length.
CREATE FUNCTION search_word_kept(text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT length($1) BETWEEN 2 AND 40 AND $1 ~ '[[:alpha:]]'
$$;--> statement-breakpoint
CREATE FUNCTION search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
  SELECT DISTINCT w.word FROM added a, unnest(tsvector_to_array(a.tsv)) w(word)
  WHERE search_word_kept(w.word) AND NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = w.word);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER search_words_add AFTER INSERT ON search_documents REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_add();--> statement-breakpoint
-- ts_stat reads every row's words at C speed (seconds for a million rows; the trigger's query took 46 s).
INSERT INTO search_words (word) SELECT word FROM ts_stat('SELECT tsv FROM search_documents') WHERE search_word_kept(word);--> statement-breakpoint
-- Similar words (pg_trgm, as the subject fallback before it used).
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
--> statement-breakpoint
-- The typo fallback no longer compares whole subjects by trigrams (words are corrected instead).
DROP INDEX search_documents_subject_trgm_idx;
