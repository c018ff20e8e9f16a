CREATE TYPE "public"."exchange_inbox_outcome" AS ENUM('ACCEPTED', 'APPLIED', 'CHANGE_REFUSED', 'REFUSED', 'DUPLICATE');--> statement-breakpoint
CREATE TYPE "public"."exchange_status_state" AS ENUM('PENDING', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TABLE "exchange_inbox" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"receiver_organ_code" text NOT NULL,
	"organisation_id" text,
	"hub_message_id" text NOT NULL,
	"message_id" text NOT NULL,
	"sender_organ_code" text,
	"document_id" text,
	"business_type" integer,
	"raw_sha256" text,
	"size" bigint NOT NULL,
	"outcome" "exchange_inbox_outcome" NOT NULL,
	"reason_code" text,
	"reason_vi" text,
	"reason_en" text,
	"incoming_document_id" text,
	"signature" jsonb,
	"header" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_statuses_sent" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"message_id" text NOT NULL,
	"organisation_id" text,
	"from_organ_code" text NOT NULL,
	"to_organ_code" text NOT NULL,
	"document_ref" jsonb NOT NULL,
	"status_code" text NOT NULL,
	"description" text NOT NULL,
	"incoming_document_id" text,
	"inbox_id" text,
	"state" "exchange_status_state" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"hub_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incoming_documents" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "replaced_by_id" text;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "exchange_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "refused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "refused_reason" text;--> statement-breakpoint
ALTER TABLE "exchange_inbox" ADD CONSTRAINT "exchange_inbox_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_inbox" ADD CONSTRAINT "exchange_inbox_incoming_document_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_statuses_sent" ADD CONSTRAINT "exchange_statuses_sent_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_statuses_sent" ADD CONSTRAINT "exchange_statuses_sent_incoming_document_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_statuses_sent" ADD CONSTRAINT "exchange_statuses_sent_inbox_id_exchange_inbox_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."exchange_inbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_inbox_message_uq" ON "exchange_inbox" USING btree ("receiver_organ_code","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_inbox_document_uq" ON "exchange_inbox" USING btree ("receiver_organ_code","document_id") WHERE "exchange_inbox"."outcome" = 'ACCEPTED';--> statement-breakpoint
CREATE INDEX "exchange_inbox_incoming_idx" ON "exchange_inbox" USING btree ("incoming_document_id");--> statement-breakpoint
CREATE INDEX "exchange_inbox_unacked_idx" ON "exchange_inbox" USING btree ("receiver_organ_code") WHERE "exchange_inbox"."acked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_statuses_sent_message_uq" ON "exchange_statuses_sent" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "exchange_statuses_sent_pending_idx" ON "exchange_statuses_sent" USING btree ("created_at") WHERE "exchange_statuses_sent"."state" = 'PENDING';--> statement-breakpoint
CREATE INDEX "exchange_statuses_sent_incoming_idx" ON "exchange_statuses_sent" USING btree ("incoming_document_id");