CREATE TYPE "public"."case_file_status" AS ENUM('OPEN', 'CLOSED', 'TRANSFERRED', 'DISPOSED');--> statement-breakpoint
CREATE TYPE "public"."case_file_disposal_capacity" AS ENUM('ARCHIVIST', 'LEADER');--> statement-breakpoint
CREATE TYPE "public"."case_file_document_kind" AS ENUM('INCOMING', 'OUTGOING');--> statement-breakpoint
CREATE TABLE "case_file_disposal_approvals" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"case_file_id" text NOT NULL,
	"capacity" "case_file_disposal_capacity" NOT NULL,
	"user_id" text NOT NULL,
	"reason" text NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_file_disposal_approvals_uq" UNIQUE("case_file_id","capacity"),
	CONSTRAINT "case_file_disposal_approvals_person_uq" UNIQUE("case_file_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_file_documents" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"case_file_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"incoming_document_id" text,
	"outgoing_document_id" text,
	"imported_kind" "case_file_document_kind",
	"imported_metadata" jsonb,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_file_documents_one_source" CHECK (num_nonnulls("case_file_documents"."incoming_document_id", "case_file_documents"."outgoing_document_id", "case_file_documents"."imported_metadata") = 1 and ("case_file_documents"."imported_metadata" is null) = ("case_file_documents"."imported_kind" is null))
);
--> statement-breakpoint
CREATE TABLE "case_file_headings" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"ordinal" integer NOT NULL,
	CONSTRAINT "case_file_headings_uq" UNIQUE("organisation_id","year","code")
);
--> statement-breakpoint
CREATE TABLE "case_file_imported_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"case_file_document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	CONSTRAINT "case_file_imported_files_uq" UNIQUE("case_file_document_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "case_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"unit_id" text,
	"heading_id" text,
	"organ_id" text NOT NULL,
	"year" integer NOT NULL,
	"notation" text NOT NULL,
	"title" text NOT NULL,
	"retention_years" integer,
	"rights" text NOT NULL,
	"language" text NOT NULL,
	"creator_id" text,
	"creator_name" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"description" text,
	"status" "case_file_status" DEFAULT 'OPEN' NOT NULL,
	"closed_at" timestamp with time zone,
	"transferred_at" timestamp with time zone,
	"transferred_by" text,
	"imported_at" timestamp with time zone,
	"disposed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_files_retention_positive" CHECK ("case_files"."retention_years" is null or "case_files"."retention_years" > 0),
	CONSTRAINT "case_files_dates" CHECK ("case_files"."end_date" is null or "case_files"."start_date" is null or "case_files"."end_date" >= "case_files"."start_date")
);
--> statement-breakpoint
ALTER TABLE "case_file_disposal_approvals" ADD CONSTRAINT "case_file_disposal_approvals_case_file_id_case_files_id_fk" FOREIGN KEY ("case_file_id") REFERENCES "public"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_disposal_approvals" ADD CONSTRAINT "case_file_disposal_approvals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_documents" ADD CONSTRAINT "case_file_documents_case_file_id_case_files_id_fk" FOREIGN KEY ("case_file_id") REFERENCES "public"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_documents" ADD CONSTRAINT "case_file_documents_incoming_document_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_documents" ADD CONSTRAINT "case_file_documents_outgoing_document_id_outgoing_documents_id_fk" FOREIGN KEY ("outgoing_document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_documents" ADD CONSTRAINT "case_file_documents_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_headings" ADD CONSTRAINT "case_file_headings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file_imported_files" ADD CONSTRAINT "case_file_imported_files_case_file_document_id_case_file_documents_id_fk" FOREIGN KEY ("case_file_document_id") REFERENCES "public"."case_file_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_heading_id_case_file_headings_id_fk" FOREIGN KEY ("heading_id") REFERENCES "public"."case_file_headings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_transferred_by_users_id_fk" FOREIGN KEY ("transferred_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_file_documents_file_idx" ON "case_file_documents" USING btree ("case_file_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "case_file_documents_incoming_uq" ON "case_file_documents" USING btree ("incoming_document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_file_documents_outgoing_uq" ON "case_file_documents" USING btree ("outgoing_document_id");--> statement-breakpoint
CREATE INDEX "case_file_imported_files_sha_idx" ON "case_file_imported_files" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "case_files_code_uq" ON "case_files" USING btree ("organisation_id","organ_id","year","notation");--> statement-breakpoint
CREATE INDEX "case_files_org_year_idx" ON "case_files" USING btree ("organisation_id","year","status");