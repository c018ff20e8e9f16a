CREATE TABLE "hub_agencies" (
	"organ_id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_deliveries" (
	"hub_message_id" text NOT NULL,
	"receiver" text NOT NULL,
	"fetch_count" integer DEFAULT 0 NOT NULL,
	"last_fetched_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "hub_deliveries_hub_message_id_receiver_pk" PRIMARY KEY("hub_message_id","receiver")
);
--> statement-breakpoint
CREATE TABLE "hub_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"sender" text NOT NULL,
	"message_id" text NOT NULL,
	"type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"body" "bytea" NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hub_messages_sender_message_id" UNIQUE("sender","message_id")
);
--> statement-breakpoint
ALTER TABLE "hub_deliveries" ADD CONSTRAINT "hub_deliveries_hub_message_id_hub_messages_id_fk" FOREIGN KEY ("hub_message_id") REFERENCES "public"."hub_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_deliveries" ADD CONSTRAINT "hub_deliveries_receiver_hub_agencies_organ_id_fk" FOREIGN KEY ("receiver") REFERENCES "public"."hub_agencies"("organ_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_messages" ADD CONSTRAINT "hub_messages_sender_hub_agencies_organ_id_fk" FOREIGN KEY ("sender") REFERENCES "public"."hub_agencies"("organ_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_deliveries_pending" ON "hub_deliveries" USING btree ("receiver") WHERE delivered_at is null;--> statement-breakpoint
CREATE INDEX "hub_messages_sent_at" ON "hub_messages" USING btree ("sent_at");