DROP INDEX "search_documents_author_idx";--> statement-breakpoint
CREATE INDEX "search_documents_author_date_idx" ON "search_documents" USING btree ("author_id","doc_date");--> statement-breakpoint
-- Every search reads tsv of thousands of rows and body of twenty (snippets). When a row is over the 2 kB
-- PostgreSQL keeps in line, the body now goes out of line first, uncompressed (storage EXTERNAL), and tsv
-- stays in the row (MAIN): before, tsv itself was moved to the TOAST table for a quarter of the rows, and
-- each match test fetched it from there.
ALTER TABLE "search_documents" ALTER COLUMN "tsv" SET STORAGE MAIN, ALTER COLUMN "body" SET STORAGE EXTERNAL;--> statement-breakpoint
-- Rows already there are stored again under the new rule (new values are built, so TOAST decides anew).
UPDATE "search_documents" SET "tsv" = "tsv" || ''::tsvector, "body" = "body" || '' WHERE "body" IS NOT NULL;
