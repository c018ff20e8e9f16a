CREATE TYPE "public"."register_direction" AS ENUM('DEN', 'DI');--> statement-breakpoint
CREATE TYPE "public"."register_scope" AS ENUM('ALL', 'SECRET');--> statement-breakpoint
CREATE TYPE "public"."extraction_state" AS ENUM('PENDING', 'DONE', 'NO_TEXT', 'FAILED', 'NOT_APPLICABLE');--> statement-breakpoint
CREATE TYPE "public"."file_role" AS ENUM('MAIN', 'ATTACHMENT');--> statement-breakpoint
CREATE TYPE "public"."incoming_channel" AS ENUM('PAPER', 'EMAIL', 'AXIS', 'HAND');--> statement-breakpoint
CREATE TYPE "public"."incoming_status" AS ENUM('DRAFT', 'REGISTERED');--> statement-breakpoint
CREATE TYPE "public"."secrecy" AS ENUM('KHONG', 'MAT', 'TOI_MAT', 'TUYET_MAT');--> statement-breakpoint
CREATE TYPE "public"."urgency" AS ENUM('THUONG', 'KHAN', 'THUONG_KHAN', 'HOA_TOC');--> statement-breakpoint
CREATE TABLE "register_counters" (
	"register_id" text NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "register_counters_register_id_year_pk" PRIMARY KEY("register_id","year")
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"direction" "register_direction" NOT NULL,
	"name" text NOT NULL,
	"scope" "register_scope" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incoming_documents" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"status" "incoming_status" DEFAULT 'DRAFT' NOT NULL,
	"channel" "incoming_channel" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issuer_name" text,
	"issuer_organ_code" text,
	"number" text,
	"symbol" text,
	"issue_date" date,
	"document_type" text,
	"subject" text,
	"signer_name" text,
	"signer_position" text,
	"urgency" "urgency" DEFAULT 'THUONG' NOT NULL,
	"secrecy" "secrecy" DEFAULT 'KHONG' NOT NULL,
	"page_count" integer,
	"due_date" date,
	"duplicate_key" text,
	"register_id" text,
	"arrival_year" integer,
	"arrival_number" integer,
	"registered_at" timestamp with time zone,
	"registered_by" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incoming_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"role" "file_role" NOT NULL,
	"ordinal" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"page_count" integer,
	"extraction_state" "extraction_state" NOT NULL,
	"extracted_text" text,
	"extraction_error" text,
	"extracted_at" timestamp with time zone,
	"stamped_sha256" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "register_counters" ADD CONSTRAINT "register_counters_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD CONSTRAINT "incoming_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD CONSTRAINT "incoming_documents_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD CONSTRAINT "incoming_documents_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD CONSTRAINT "incoming_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_files" ADD CONSTRAINT "incoming_files_document_id_incoming_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registers_organisation_idx" ON "registers" USING btree ("organisation_id","direction");--> statement-breakpoint
CREATE UNIQUE INDEX "incoming_arrival_uq" ON "incoming_documents" USING btree ("register_id","arrival_year","arrival_number");--> statement-breakpoint
CREATE INDEX "incoming_org_status_idx" ON "incoming_documents" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "incoming_duplicate_idx" ON "incoming_documents" USING btree ("organisation_id","duplicate_key");--> statement-breakpoint
CREATE INDEX "incoming_files_document_idx" ON "incoming_files" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "incoming_files_sha_idx" ON "incoming_files" USING btree ("sha256");