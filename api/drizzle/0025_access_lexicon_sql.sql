-- Each organisation's words for typo correction (api/src/search/schema.ts, searchLexicon), in place of the global
-- list (search_words), which corrected a query to words only other organisations' or secret documents hold.
-- Every row added to search_documents adds the new words of its organisation, unless the document is secret
-- (search_refresh deletes and re-inserts a row, so inserts are all there is to follow); the rows already there are
-- read once.
DROP TRIGGER IF EXISTS search_words_add ON search_documents;--> statement-breakpoint
DROP FUNCTION IF EXISTS search_words_add();--> statement-breakpoint
CREATE FUNCTION search_lexicon_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_lexicon (organisation_id, word)
  SELECT DISTINCT a.organisation_id, w.word FROM added a, unnest(tsvector_to_array(a.tsv)) w(word)
  WHERE a.secrecy = 'KHONG' AND search_word_kept(w.word)
    AND NOT EXISTS (SELECT 1 FROM search_lexicon l WHERE l.organisation_id = a.organisation_id AND l.word = w.word);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER search_lexicon_add AFTER INSERT ON search_documents REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION search_lexicon_add();--> statement-breakpoint
INSERT INTO search_lexicon (organisation_id, word)
  SELECT DISTINCT d.organisation_id, w.word FROM search_documents d, unnest(tsvector_to_array(d.tsv)) w(word)
  WHERE d.secrecy = 'KHONG' AND search_word_kept(w.word);--> statement-breakpoint
-- Similar words of the caller's organisations (pg_trgm with btree_gin: the organisation and the trigrams in one scan).
CREATE INDEX search_lexicon_trgm_idx ON search_lexicon USING gin (organisation_id, word gin_trgm_ops);
