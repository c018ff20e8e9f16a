ALTER TABLE "incoming_files" ADD COLUMN "active_content" text[];--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD COLUMN "active_content" text[];--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD COLUMN "original_sha256" text;