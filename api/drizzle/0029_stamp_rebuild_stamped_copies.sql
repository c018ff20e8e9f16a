-- The ĐẾN-stamped copies made so far were rewrites drawn at a fixed spot: for a signed PDF they broke the
-- sender's signature ("Digest Mismatch"), and they kept any active content. They are derived data, rebuilt on
-- the next download (incoming/service.ts ensureStampedCopy) as an incremental update in blank space.
UPDATE "incoming_files" SET "stamped_sha256" = NULL WHERE "stamped_sha256" IS NOT NULL;
