CREATE TYPE "public"."signing_request_state" AS ENUM('QUEUED', 'DONE', 'FAILED');--> statement-breakpoint
CREATE TABLE "incoming_signature_reports" (
	"file_id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"verdict" text NOT NULL,
	"signature_count" integer NOT NULL,
	"report" jsonb NOT NULL,
	"validated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_sealed_files" (
	"file_id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"sealed_sha256" text NOT NULL,
	"size" integer NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_signing_requests" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"prepared_sha256" text NOT NULL,
	"byte_range" jsonb NOT NULL,
	"field_name" text NOT NULL,
	"signing_time" timestamp with time zone NOT NULL,
	"chain" jsonb NOT NULL,
	"signer_id" text NOT NULL,
	"signed_by" text NOT NULL,
	"state" "signing_request_state" DEFAULT 'QUEUED' NOT NULL,
	"error" text,
	"signed_sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incoming_signature_reports" ADD CONSTRAINT "incoming_signature_reports_file_id_incoming_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."incoming_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_signature_reports" ADD CONSTRAINT "incoming_signature_reports_document_id_incoming_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_sealed_files" ADD CONSTRAINT "outgoing_sealed_files_file_id_outgoing_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."outgoing_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_sealed_files" ADD CONSTRAINT "outgoing_sealed_files_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_signing_requests" ADD CONSTRAINT "outgoing_signing_requests_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_signing_requests" ADD CONSTRAINT "outgoing_signing_requests_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_signing_requests" ADD CONSTRAINT "outgoing_signing_requests_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incoming_signature_reports_document_idx" ON "incoming_signature_reports" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "outgoing_signing_requests_document_idx" ON "outgoing_signing_requests" USING btree ("document_id","created_at");