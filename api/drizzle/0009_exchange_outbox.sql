CREATE TYPE "public"."exchange_outbox_status" AS ENUM('QUEUED', 'SENT', 'FAILED', 'RECEIVED', 'REGISTERED', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED', 'REFUSED');--> statement-breakpoint
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
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_outbox_events" ADD CONSTRAINT "exchange_outbox_events_outbox_id_exchange_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."exchange_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_message_uq" ON "exchange_outbox" USING btree ("sender_organ_code","message_id");--> statement-breakpoint
CREATE INDEX "exchange_outbox_edxml_idx" ON "exchange_outbox" USING btree ("edxml_document_id","receiver_organ_code");--> statement-breakpoint
CREATE INDEX "exchange_outbox_org_idx" ON "exchange_outbox" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "exchange_outbox_events_outbox_idx" ON "exchange_outbox_events" USING btree ("outbox_id","occurred_at");