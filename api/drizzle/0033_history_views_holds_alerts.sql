CREATE TABLE "document_views" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" text NOT NULL,
	"document_kind" text NOT NULL,
	"document_id" text NOT NULL,
	"file_id" text,
	"what" text NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"scope" text NOT NULL,
	"organisation_id" text NOT NULL,
	"case_file_id" text,
	"document_kind" text,
	"document_id" text,
	"year" integer,
	"reason" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_by" text,
	"lifted_at" timestamp with time zone,
	"lift_reason" text,
	CONSTRAINT "legal_holds_target" CHECK (("legal_holds"."scope" = 'CASE_FILE' and "legal_holds"."case_file_id" is not null and "legal_holds"."document_id" is null and "legal_holds"."year" is null)
        or ("legal_holds"."scope" = 'DOCUMENT' and "legal_holds"."document_id" is not null and "legal_holds"."document_kind" is not null and "legal_holds"."case_file_id" is null and "legal_holds"."year" is null)
        or ("legal_holds"."scope" = 'ORGANISATION_YEAR' and "legal_holds"."year" is not null and "legal_holds"."case_file_id" is null and "legal_holds"."document_id" is null))
);
--> statement-breakpoint
CREATE TABLE "permission_alerts" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"organisation_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_user_id" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"confirm_note" text
);
--> statement-breakpoint
ALTER TABLE "document_views" ADD CONSTRAINT "document_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_case_file_id_case_files_id_fk" FOREIGN KEY ("case_file_id") REFERENCES "public"."case_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_lifted_by_users_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permission_alerts" ADD CONSTRAINT "permission_alerts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permission_alerts" ADD CONSTRAINT "permission_alerts_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permission_alerts" ADD CONSTRAINT "permission_alerts_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permission_alerts" ADD CONSTRAINT "permission_alerts_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_views_doc_idx" ON "document_views" USING btree ("document_kind","document_id","at");--> statement-breakpoint
CREATE INDEX "document_views_at_idx" ON "document_views" USING btree ("at");--> statement-breakpoint
CREATE INDEX "legal_holds_active_idx" ON "legal_holds" USING btree ("organisation_id") WHERE "legal_holds"."lifted_at" is null;--> statement-breakpoint
CREATE INDEX "permission_alerts_open_idx" ON "permission_alerts" USING btree ("organisation_id","changed_at") WHERE "permission_alerts"."confirmed_at" is null;