CREATE TYPE "public"."copy_form" AS ENUM('SAO_Y', 'SAO_LUC', 'TRICH_SAO');--> statement-breakpoint
CREATE TYPE "public"."copy_source_kind" AS ENUM('OUTGOING', 'INCOMING');--> statement-breakpoint
CREATE TYPE "public"."copy_state" AS ENUM('AWAITING_SIGNATURE', 'SIGNING', 'SIGNED');--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'COPY_SIGN';--> statement-breakpoint
CREATE TABLE "copy_counters" (
	"organisation_id" text NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "copy_counters_organisation_id_year_pk" PRIMARY KEY("organisation_id","year")
);
--> statement-breakpoint
CREATE TABLE "document_copies" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"form" "copy_form" NOT NULL,
	"source_kind" "copy_source_kind" NOT NULL,
	"source_id" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"symbol" text NOT NULL,
	"content_sha256" text NOT NULL,
	"signed_sha256" text,
	"state" "copy_state" DEFAULT 'AWAITING_SIGNATURE' NOT NULL,
	"secret_authorisation" text,
	"created_by" text NOT NULL,
	"signed_by" text,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_copies_number_uq" UNIQUE("organisation_id","year","number")
);
--> statement-breakpoint
ALTER TABLE "copy_counters" ADD CONSTRAINT "copy_counters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copies" ADD CONSTRAINT "document_copies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copies" ADD CONSTRAINT "document_copies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_copies" ADD CONSTRAINT "document_copies_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_copies_source_idx" ON "document_copies" USING btree ("source_kind","source_id");