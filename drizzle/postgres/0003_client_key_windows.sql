CREATE TABLE "client_key_windows" (
	"key_id" text NOT NULL,
	"window_start" bigint NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "client_key_windows_key_id_window_start_pk" PRIMARY KEY("key_id","window_start")
);
--> statement-breakpoint
ALTER TABLE "client_key_windows" ADD CONSTRAINT "client_key_windows_key_id_client_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."client_keys"("id") ON DELETE cascade ON UPDATE no action;