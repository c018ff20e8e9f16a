CREATE TABLE "incoming_assignment_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"assignment_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_replies" (
	"outgoing_id" text NOT NULL,
	"incoming_id" text NOT NULL,
	"complete_on_issue" boolean DEFAULT true NOT NULL,
	"linked_by" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "outgoing_replies_outgoing_id_incoming_id_pk" PRIMARY KEY("outgoing_id","incoming_id")
);
--> statement-breakpoint
ALTER TABLE "incoming_assignments" DROP CONSTRAINT "incoming_assignments_target";--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "signer_authority" text;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD COLUMN "organisation_id" text;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD COLUMN "forwarded_document_id" text;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD COLUMN "result_outgoing_id" text;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "incoming_assignment_files" ADD CONSTRAINT "incoming_assignment_files_assignment_id_incoming_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."incoming_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignment_files" ADD CONSTRAINT "incoming_assignment_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_replies" ADD CONSTRAINT "outgoing_replies_outgoing_id_outgoing_documents_id_fk" FOREIGN KEY ("outgoing_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_replies" ADD CONSTRAINT "outgoing_replies_incoming_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_replies" ADD CONSTRAINT "outgoing_replies_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incoming_assignment_files_assignment_idx" ON "incoming_assignment_files" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "incoming_assignment_files_sha_idx" ON "incoming_assignment_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "outgoing_replies_incoming_idx" ON "outgoing_replies" USING btree ("incoming_id");--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_forwarded_document_id_incoming_documents_id_fk" FOREIGN KEY ("forwarded_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incoming_assignments_forwarded_idx" ON "incoming_assignments" USING btree ("forwarded_document_id");--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_target" CHECK (num_nonnulls("incoming_assignments"."unit_id", "incoming_assignments"."user_id", "incoming_assignments"."organisation_id") = 1);