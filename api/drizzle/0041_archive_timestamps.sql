CREATE TYPE "public"."archive_timestamp_kind" AS ENUM('TRANSFER', 'RETIMESTAMP');--> statement-breakpoint
CREATE TABLE "archived_signed_file_revisions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"archived_file_id" text NOT NULL,
	"kind" "archive_timestamp_kind" NOT NULL,
	"previous_sha256" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"timestamped_at" timestamp with time zone NOT NULL,
	"timestamp_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "archived_signed_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"case_file_id" text NOT NULL,
	"source_sha256" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"timestamped_at" timestamp with time zone NOT NULL,
	"timestamp_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "archived_signed_files_uq" UNIQUE("case_file_id","source_sha256")
);
--> statement-breakpoint
ALTER TABLE "archived_signed_file_revisions" ADD CONSTRAINT "archived_signed_file_revisions_archived_file_id_archived_signed_files_id_fk" FOREIGN KEY ("archived_file_id") REFERENCES "public"."archived_signed_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archived_signed_files" ADD CONSTRAINT "archived_signed_files_case_file_id_case_files_id_fk" FOREIGN KEY ("case_file_id") REFERENCES "public"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "archived_signed_file_revisions_file_idx" ON "archived_signed_file_revisions" USING btree ("archived_file_id","created_at");--> statement-breakpoint
CREATE INDEX "archived_signed_files_expiry_idx" ON "archived_signed_files" USING btree ("timestamp_expires_at");