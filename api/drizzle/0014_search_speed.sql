DROP INDEX "search_documents_type_idx";--> statement-breakpoint
DROP INDEX "search_documents_issuer_idx";--> statement-breakpoint
CREATE INDEX "search_documents_type_date_idx" ON "search_documents" USING btree ("type_key","doc_date");--> statement-breakpoint
CREATE INDEX "search_documents_issuer_date_idx" ON "search_documents" USING btree ("issuer_key","doc_date");