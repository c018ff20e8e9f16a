CREATE INDEX "incoming_org_registered_idx" ON "incoming_documents" USING btree ("organisation_id","registered_at");--> statement-breakpoint
CREATE INDEX "incoming_assignments_completed_idx" ON "incoming_assignments" USING btree ("completed_at");--> statement-breakpoint
CREATE INDEX "incoming_assignments_open_due_idx" ON "incoming_assignments" USING btree ("due_date") WHERE "incoming_assignments"."active" and "incoming_assignments"."status" <> 'DONE';--> statement-breakpoint
CREATE INDEX "outgoing_org_issued_idx" ON "outgoing_documents" USING btree ("organisation_id","issued_at");