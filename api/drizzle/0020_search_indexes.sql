-- Every way search reads the table starts from an organisation, an author, a list key, a word or a number,
-- so an index on the date alone (or on the kind alone, as the old key's first column) only offered the
-- planner a walk through every document by date, which it took when the statistics made it look cheap.
DROP INDEX "search_documents_document_idx";--> statement-breakpoint
DROP INDEX "search_documents_date_idx";--> statement-breakpoint
ALTER TABLE "search_documents" DROP CONSTRAINT "search_documents_kind_document_id_pk";--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_document_id_kind_pk" PRIMARY KEY("document_id","kind");