ALTER TABLE "organisations" ADD COLUMN "dissolution_effective_at" timestamp with time zone;--> statement-breakpoint
-- Dissolutions already past took effect when they were recorded (or at seeding): the hourly housekeeping must not
-- disable again the accounts an administrator has enabled since.
UPDATE "organisations" SET "dissolution_effective_at" = now() WHERE "valid_to" < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
