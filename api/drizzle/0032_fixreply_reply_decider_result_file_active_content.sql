ALTER TABLE "incoming_assignment_files" ADD COLUMN "active_content" text[];--> statement-breakpoint
ALTER TABLE "incoming_assignment_files" ADD COLUMN "original_sha256" text;--> statement-breakpoint
ALTER TABLE "outgoing_replies" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "outgoing_replies" ADD CONSTRAINT "outgoing_replies_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;