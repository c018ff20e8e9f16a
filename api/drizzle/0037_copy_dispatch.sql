CREATE TABLE "document_copy_recipients" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"copy_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" "outgoing_recipient_kind" NOT NULL,
	"organisation_id" text,
	"unit_id" text,
	"organ_code" text,
	"name" text NOT NULL,
	"route" text NOT NULL,
	"incoming_document_id" text
);
--> statement-breakpoint
ALTER TABLE "exchange_outbox" ALTER COLUMN "document_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD COLUMN "copy_id" text;--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD COLUMN "prepared" jsonb;--> statement-breakpoint
ALTER TABLE "document_copies" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_copy_recipients" ADD CONSTRAINT "document_copy_recipients_copy_id_document_copies_id_fk" FOREIGN KEY ("copy_id") REFERENCES "public"."document_copies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy_recipients" ADD CONSTRAINT "document_copy_recipients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy_recipients" ADD CONSTRAINT "document_copy_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copy_recipients" ADD CONSTRAINT "document_copy_recipients_incoming_document_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_copy_recipients_copy_idx" ON "document_copy_recipients" USING btree ("copy_id");--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_copy_id_document_copies_id_fk" FOREIGN KEY ("copy_id") REFERENCES "public"."document_copies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_copy_receiver_uq" UNIQUE("copy_id","receiver_organ_code");--> statement-breakpoint
ALTER TABLE "exchange_outbox" ADD CONSTRAINT "exchange_outbox_subject" CHECK (("exchange_outbox"."document_id" is not null and "exchange_outbox"."copy_id" is null and "exchange_outbox"."prepared" is null) or ("exchange_outbox"."document_id" is null and "exchange_outbox"."copy_id" is not null and "exchange_outbox"."prepared" is not null));