CREATE TYPE "public"."search_kind" AS ENUM('INCOMING', 'OUTGOING');--> statement-breakpoint
CREATE TABLE "search_documents" (
	"kind" "search_kind" NOT NULL,
	"document_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"author_id" text,
	"unit_ids" text[] NOT NULL,
	"status" text NOT NULL,
	"secrecy" "secrecy" NOT NULL,
	"document_type" text,
	"type_key" text,
	"issuer" text,
	"issuer_key" text,
	"signer" text,
	"signer_key" text,
	"number" text,
	"symbol" text,
	"ref_key" text,
	"number_key" text,
	"symbol_key" text,
	"arrival_year" integer,
	"arrival_number" integer,
	"doc_date" date NOT NULL,
	"subject" text,
	"subject_key" text,
	"body" text,
	"tsv" "tsvector" NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_documents_kind_document_id_pk" PRIMARY KEY("kind","document_id")
);
--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_document_idx" ON "search_documents" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "search_documents_org_date_idx" ON "search_documents" USING btree ("organisation_id","doc_date");--> statement-breakpoint
CREATE INDEX "search_documents_date_idx" ON "search_documents" USING btree ("doc_date");--> statement-breakpoint
CREATE INDEX "search_documents_ref_idx" ON "search_documents" USING btree ("ref_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_documents_symbol_idx" ON "search_documents" USING btree ("symbol_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_documents_number_idx" ON "search_documents" USING btree ("number_key");--> statement-breakpoint
CREATE INDEX "search_documents_type_idx" ON "search_documents" USING btree ("type_key");--> statement-breakpoint
CREATE INDEX "search_documents_issuer_idx" ON "search_documents" USING btree ("issuer_key");--> statement-breakpoint
CREATE INDEX "search_documents_arrival_idx" ON "search_documents" USING btree ("arrival_number","arrival_year");--> statement-breakpoint
CREATE INDEX "search_documents_author_idx" ON "search_documents" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "search_documents_units_idx" ON "search_documents" USING gin ("unit_ids");