CREATE TABLE "outgoing_external_signings" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"prepared_sha256" text NOT NULL,
	"byte_range" jsonb NOT NULL,
	"field_name" text NOT NULL,
	"signing_time" timestamp with time zone NOT NULL,
	"chain" jsonb NOT NULL,
	"certificate_subject" text NOT NULL,
	"certificate_serial" text NOT NULL,
	"signed_attributes" text NOT NULL,
	"signer_id" text NOT NULL,
	"signed_by" text NOT NULL,
	"signing_request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "outgoing_external_signings" ADD CONSTRAINT "outgoing_external_signings_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_external_signings" ADD CONSTRAINT "outgoing_external_signings_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_external_signings" ADD CONSTRAINT "outgoing_external_signings_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_external_signings" ADD CONSTRAINT "outgoing_external_signings_signing_request_id_outgoing_signing_requests_id_fk" FOREIGN KEY ("signing_request_id") REFERENCES "public"."outgoing_signing_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outgoing_external_signings_document_idx" ON "outgoing_external_signings" USING btree ("document_id");