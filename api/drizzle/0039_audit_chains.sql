ALTER TABLE "audit_events" ADD COLUMN "chain" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_chain_idx" ON "audit_events" USING btree ("chain","id");