CREATE TABLE "search_lexicon" (
	"organisation_id" text NOT NULL,
	"word" text NOT NULL
);
--> statement-breakpoint
DROP TABLE "search_words" CASCADE;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "separation_of_duties" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "search_lexicon_word_idx" ON "search_lexicon" USING btree ("organisation_id","word");