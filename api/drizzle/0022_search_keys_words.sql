-- The search GIN index also holds the organisation, issuer, type and ký hiệu keys (api/src/search/schema.ts):
-- "an organisation's documents from this issuer", "... with this ký hiệu" or "... carrying these words" is
-- one index scan led by the shortest posting list (at 1M documents, 4 ms instead of 27 ms for ANDing the
-- B-tree bitmaps of an issuer and a large organisation).
CREATE INDEX "search_documents_keys_words_idx" ON "search_documents" USING gin ("organisation_id","issuer_key","type_key","symbol_key","author_id","list_keys","tsv");--> statement-breakpoint
DROP INDEX "search_documents_access_words_idx";
