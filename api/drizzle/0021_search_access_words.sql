-- Words and the short ways of access in one GIN index (api/src/search/schema.ts): btree_gin gives GIN the
-- equality of plain columns, so "this person's listed documents carrying these words" is one index scan led
-- by the shorter posting list. It also serves the words alone, so the separate indexes go.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX "search_documents_access_words_idx" ON "search_documents" USING gin ("author_id","list_keys","tsv");--> statement-breakpoint
DROP INDEX "search_documents_tsv_idx";--> statement-breakpoint
DROP INDEX "search_documents_list_keys_idx";
