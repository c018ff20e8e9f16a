CREATE TABLE "integrity_checks" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"blobs_checked" integer NOT NULL,
	"bytes_checked" bigint NOT NULL,
	"missing" integer NOT NULL,
	"mismatched" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_findings" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"check_id" text NOT NULL,
	"sha256" text NOT NULL,
	"problem" text NOT NULL,
	"actual_sha256" text,
	"tables" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integrity_findings" ADD CONSTRAINT "integrity_findings_check_id_integrity_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."integrity_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integrity_checks_finished_idx" ON "integrity_checks" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "integrity_findings_check_idx" ON "integrity_findings" USING btree ("check_id");