CREATE TYPE "public"."exchange_inbox_outcome" AS ENUM('ACCEPTED', 'APPLIED', 'CHANGE_REFUSED', 'REFUSED', 'DUPLICATE');--> statement-breakpoint
CREATE TYPE "public"."exchange_status_state" AS ENUM('PENDING', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."exchange_outbox_status" AS ENUM('QUEUED', 'SENT', 'FAILED', 'RECEIVED', 'REGISTERED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED', 'REFUSED');--> statement-breakpoint
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
CREATE TABLE "exchange_outbox" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"sender_organ_code" text NOT NULL,
	"receiver_organ_code" text NOT NULL,
	"receiver_name" text NOT NULL,
	"edxml_document_id" text NOT NULL,
	"message_id" text NOT NULL,
	"status" "exchange_outbox_status" DEFAULT 'QUEUED' NOT NULL,
	"status_code" text,
	"reason" text,
	"hub_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_outbox_document_receiver_uq" UNIQUE("document_id","receiver_organ_code")
);
--> statement-breakpoint
CREATE TABLE "exchange_outbox_events" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"outbox_id" text NOT NULL,
	"status" "exchange_outbox_status" NOT NULL,
	"status_code" text,
	"description" text,
	"staff" jsonb,
	"hub_message_id" text,
	"applied" boolean DEFAULT true NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_outbox_events_hub_uq" UNIQUE("outbox_id","hub_message_id")
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
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_outbox_events" ADD CONSTRAINT "exchange_outbox_events_outbox_id_exchange_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."exchange_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_inbox_message_uq" ON "exchange_inbox" USING btree ("receiver_organ_code","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_inbox_document_uq" ON "exchange_inbox" USING btree ("receiver_organ_code","document_id") WHERE "exchange_inbox"."outcome" = 'ACCEPTED';--> statement-breakpoint
CREATE INDEX "exchange_inbox_incoming_idx" ON "exchange_inbox" USING btree ("incoming_document_id");--> statement-breakpoint
CREATE INDEX "exchange_inbox_unacked_idx" ON "exchange_inbox" USING btree ("receiver_organ_code") WHERE "exchange_inbox"."acked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_statuses_sent_message_uq" ON "exchange_statuses_sent" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "exchange_statuses_sent_pending_idx" ON "exchange_statuses_sent" USING btree ("created_at") WHERE "exchange_statuses_sent"."state" = 'PENDING';--> statement-breakpoint
CREATE INDEX "exchange_statuses_sent_incoming_idx" ON "exchange_statuses_sent" USING btree ("incoming_document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_message_uq" ON "exchange_outbox" USING btree ("sender_organ_code","message_id");--> statement-breakpoint
CREATE INDEX "exchange_outbox_edxml_idx" ON "exchange_outbox" USING btree ("edxml_document_id","receiver_organ_code");--> statement-breakpoint
CREATE INDEX "exchange_outbox_org_idx" ON "exchange_outbox" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "exchange_outbox_events_outbox_idx" ON "exchange_outbox_events" USING btree ("outbox_id","occurred_at");