CREATE TYPE "public"."assignment_role" AS ENUM('CHU_TRI', 'PHOI_HOP', 'DE_BIET');--> statement-breakpoint
CREATE TYPE "public"."assignment_status" AS ENUM('OPEN', 'IN_PROGRESS', 'DONE', 'READ');--> statement-breakpoint
ALTER TYPE "public"."incoming_status" ADD VALUE 'SUBMITTED';--> statement-breakpoint
ALTER TYPE "public"."incoming_status" ADD VALUE 'ASSIGNED';--> statement-breakpoint
ALTER TYPE "public"."incoming_status" ADD VALUE 'IN_PROGRESS';--> statement-breakpoint
ALTER TYPE "public"."incoming_status" ADD VALUE 'COMPLETED';--> statement-breakpoint
CREATE TABLE "incoming_access_grants" (
	"document_id" text NOT NULL,
	"user_id" text NOT NULL,
	"granted_by" text,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incoming_access_grants_document_id_user_id_pk" PRIMARY KEY("document_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "incoming_assignments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"parent_id" text,
	"role" "assignment_role" NOT NULL,
	"unit_id" text,
	"user_id" text,
	"due_date" date,
	"instruction" text,
	"status" "assignment_status" DEFAULT 'OPEN' NOT NULL,
	"result_note" text,
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "incoming_assignments_target" CHECK (("incoming_assignments"."unit_id" is null) <> ("incoming_assignments"."user_id" is null))
);
--> statement-breakpoint
CREATE TABLE "incoming_comments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"document_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "submitted_to" text;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incoming_access_grants" ADD CONSTRAINT "incoming_access_grants_document_id_incoming_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_access_grants" ADD CONSTRAINT "incoming_access_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_access_grants" ADD CONSTRAINT "incoming_access_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_document_id_incoming_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_parent_id_incoming_assignments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."incoming_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_assignments" ADD CONSTRAINT "incoming_assignments_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_comments" ADD CONSTRAINT "incoming_comments_document_id_incoming_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."incoming_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_comments" ADD CONSTRAINT "incoming_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incoming_assignments_document_idx" ON "incoming_assignments" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "incoming_assignments_user_idx" ON "incoming_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "incoming_assignments_unit_idx" ON "incoming_assignments" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "incoming_comments_document_idx" ON "incoming_comments" USING btree ("document_id");--> statement-breakpoint
ALTER TABLE "incoming_documents" ADD CONSTRAINT "incoming_documents_submitted_to_users_id_fk" FOREIGN KEY ("submitted_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;