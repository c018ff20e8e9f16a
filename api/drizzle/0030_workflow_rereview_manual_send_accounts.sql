CREATE TYPE "public"."outgoing_manual_send_method" AS ENUM('POST', 'EMAIL', 'HAND');--> statement-breakpoint
ALTER TYPE "public"."outgoing_delivery_status" ADD VALUE 'AWAITING_MANUAL_SEND';--> statement-breakpoint
ALTER TYPE "public"."outgoing_delivery_status" ADD VALUE 'SENT_MANUALLY';--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_chain_templates" ADD COLUMN "after_return" text DEFAULT 'RESTART' NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD COLUMN "manual_method" "outgoing_manual_send_method";--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD COLUMN "manual_sent_on" date;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD COLUMN "manual_note" text;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD COLUMN "manual_recorded_by" text;--> statement-breakpoint
ALTER TABLE "outgoing_documents" ADD COLUMN "after_return" text DEFAULT 'RESTART' NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_deliveries" ADD CONSTRAINT "outgoing_deliveries_manual_recorded_by_users_id_fk" FOREIGN KEY ("manual_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;