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
ALTER TABLE "document_views" ADD CONSTRAINT "document_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_views_doc_idx" ON "document_views" USING btree ("document_kind","document_id","at");--> statement-breakpoint
CREATE INDEX "document_views_at_idx" ON "document_views" USING btree ("at");