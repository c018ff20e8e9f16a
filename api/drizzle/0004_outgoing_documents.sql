CREATE TYPE "public"."approval_decision" AS ENUM('PENDING', 'APPROVED', 'FORWARDED');--> statement-breakpoint
CREATE TYPE "public"."outgoing_delivery_status" AS ENUM('DELIVERED', 'WAITING_FOR_EXCHANGE');--> statement-breakpoint
CREATE TYPE "public"."outgoing_file_role" AS ENUM('MAIN', 'SOURCE', 'ATTACHMENT');--> statement-breakpoint
CREATE TYPE "public"."outgoing_status" AS ENUM('DRAFT', 'IN_REVIEW', 'RETURNED', 'REJECTED', 'APPROVED_AWAITING_SIGNATURE', 'SIGNED', 'ISSUED', 'DISPATCHED');--> statement-breakpoint
CREATE TYPE "public"."outgoing_recipient_kind" AS ENUM('ORGANISATION', 'UNIT', 'EXTERNAL');--> statement-breakpoint
CREATE TYPE "public"."approval_step_mode" AS ENUM('ANY_ONE', 'ALL_OF');--> statement-breakpoint
CREATE TYPE "public"."approval_step_status" AS ENUM('PENDING', 'ACTIVE', 'DONE', 'SKIPPED');--> statement-breakpoint
ALTER TYPE "public"."incoming_channel" ADD VALUE 'INTERNAL';--> statement-breakpoint
CREATE TABLE "approval_chain_templates" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"document_type" text,
	"name" text NOT NULL,
	"allow_add_reviewers" boolean DEFAULT false NOT NULL,
	"steps" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_delegations" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"delegator_id" text NOT NULL,
	"deputy_id" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"can_sign" boolean DEFAULT true NOT NULL,
	"note" text,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_comments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"version_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_deliveries" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"recipient_id" text NOT NULL,
	"status" "outgoing_delivery_status" NOT NULL,
	"incoming_document_id" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outgoing_deliveries_recipient_uq" UNIQUE("recipient_id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_documents" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"drafting_unit_id" text,
	"author_id" text NOT NULL,
	"status" "outgoing_status" DEFAULT 'DRAFT' NOT NULL,
	"document_type" text NOT NULL,
	"subject" text NOT NULL,
	"urgency" "urgency" DEFAULT 'THUONG' NOT NULL,
	"secrecy" "secrecy" DEFAULT 'KHONG' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"chain_template_id" text,
	"allow_add_reviewers" boolean DEFAULT false NOT NULL,
	"current_step" integer,
	"returned_step" integer,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"signer_id" text,
	"signer_acted_by" text,
	"signed_sha256" text,
	"signed_at" timestamp with time zone,
	"register_id" text,
	"issued_year" integer,
	"issued_number" integer,
	"symbol" text,
	"issue_date" date,
	"issued_at" timestamp with time zone,
	"issued_by" text,
	"paper_signature" boolean,
	"issued_sha256" text,
	"dispatched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_files" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"version_id" text NOT NULL,
	"role" "outgoing_file_role" NOT NULL,
	"ordinal" integer NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"page_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_recipients" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" "outgoing_recipient_kind" NOT NULL,
	"organisation_id" text,
	"unit_id" text,
	"organ_code" text,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_step_assignees" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"step_id" text NOT NULL,
	"document_id" text NOT NULL,
	"user_id" text NOT NULL,
	"decision" "approval_decision" DEFAULT 'PENDING' NOT NULL,
	"acted_by" text,
	"decided_at" timestamp with time zone,
	"forwarded_from" text
);
--> statement-breakpoint
CREATE TABLE "outgoing_steps" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"label" text NOT NULL,
	"mode" "approval_step_mode" NOT NULL,
	"is_signer" boolean NOT NULL,
	"added" boolean DEFAULT false NOT NULL,
	"status" "approval_step_status" DEFAULT 'PENDING' NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "outgoing_steps_uq" UNIQUE("document_id","ordinal")
);
--> statement-breakpoint
CREATE TABLE "outgoing_versions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"number" integer NOT NULL,
	"reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outgoing_versions_uq" UNIQUE("document_id","number")
);
--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "source_outgoing_id" text;--> statement-breakpoint
ALTER TABLE "approval_chain_templates" ADD CONSTRAINT "approval_chain_templates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_chain_templates" ADD CONSTRAINT "approval_chain_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_delegator_id_users_id_fk" FOREIGN KEY ("delegator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_deputy_id_users_id_fk" FOREIGN KEY ("deputy_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_comments" ADD CONSTRAINT "outgoing_comments_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_comments" ADD CONSTRAINT "outgoing_comments_version_id_outgoing_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."outgoing_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_comments" ADD CONSTRAINT "outgoing_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD CONSTRAINT "outgoing_deliveries_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD CONSTRAINT "outgoing_deliveries_recipient_id_outgoing_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."outgoing_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD CONSTRAINT "outgoing_deliveries_incoming_document_id_incoming_documents_id_fk" FOREIGN KEY ("incoming_document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_drafting_unit_id_units_id_fk" FOREIGN KEY ("drafting_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_chain_template_id_approval_chain_templates_id_fk" FOREIGN KEY ("chain_template_id") REFERENCES "public"."approval_chain_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_signer_acted_by_users_id_fk" FOREIGN KEY ("signer_acted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD CONSTRAINT "outgoing_documents_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD CONSTRAINT "outgoing_files_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_files" ADD CONSTRAINT "outgoing_files_version_id_outgoing_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."outgoing_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_recipients" ADD CONSTRAINT "outgoing_recipients_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_recipients" ADD CONSTRAINT "outgoing_recipients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_recipients" ADD CONSTRAINT "outgoing_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_step_assignees" ADD CONSTRAINT "outgoing_step_assignees_step_id_outgoing_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."outgoing_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_step_assignees" ADD CONSTRAINT "outgoing_step_assignees_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_step_assignees" ADD CONSTRAINT "outgoing_step_assignees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_step_assignees" ADD CONSTRAINT "outgoing_step_assignees_acted_by_users_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_steps" ADD CONSTRAINT "outgoing_steps_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_versions" ADD CONSTRAINT "outgoing_versions_document_id_outgoing_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."outgoing_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_versions" ADD CONSTRAINT "outgoing_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_chain_templates_org_idx" ON "approval_chain_templates" USING btree ("organisation_id","document_type");--> statement-breakpoint
CREATE INDEX "approval_delegations_deputy_idx" ON "approval_delegations" USING btree ("deputy_id");--> statement-breakpoint
CREATE INDEX "approval_delegations_delegator_idx" ON "approval_delegations" USING btree ("delegator_id");--> statement-breakpoint
CREATE INDEX "outgoing_comments_document_idx" ON "outgoing_comments" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "outgoing_deliveries_document_idx" ON "outgoing_deliveries" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_issued_uq" ON "outgoing_documents" USING btree ("register_id","issued_year","issued_number");--> statement-breakpoint
CREATE INDEX "outgoing_org_status_idx" ON "outgoing_documents" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "outgoing_author_idx" ON "outgoing_documents" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "outgoing_files_version_idx" ON "outgoing_files" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "outgoing_files_sha_idx" ON "outgoing_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "outgoing_recipients_document_idx" ON "outgoing_recipients" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "outgoing_step_assignees_user_idx" ON "outgoing_step_assignees" USING btree ("user_id","decision");--> statement-breakpoint
CREATE INDEX "outgoing_step_assignees_step_idx" ON "outgoing_step_assignees" USING btree ("step_id");