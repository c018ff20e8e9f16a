CREATE TYPE "public"."ocr_state" AS ENUM('PENDING', 'RUNNING', 'DONE', 'FAILED', 'UNAVAILABLE');--> statement-breakpoint
ALTER TABLE "incoming_files" ADD COLUMN "ocr_state" "ocr_state";--> statement-breakpoint
ALTER TABLE "incoming_files" ADD COLUMN "ocr_sha256" text;--> statement-breakpoint
ALTER TABLE "incoming_files" ADD COLUMN "ocr_error" text;--> statement-breakpoint
ALTER TABLE "incoming_files" ADD COLUMN "ocr_at" timestamp with time zone;