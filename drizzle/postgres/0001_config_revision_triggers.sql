INSERT INTO "config_revision" ("id", "revision") VALUES (1, 1) ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
-- Every write to a configuration table bumps the revision (so routers notice changes with one cheap read)
-- and tells every listening router at once (LISTEN router_config; the payload is the new revision).
CREATE OR REPLACE FUNCTION "router_bump_config_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_revision integer;
BEGIN
  UPDATE "config_revision" SET "revision" = "revision" + 1 WHERE "id" = 1 RETURNING "revision" INTO next_revision;
  PERFORM pg_notify('router_config', next_revision::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "providers_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "providers" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "provider_config_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "provider_config" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "models_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "models" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "provider_models_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "provider_models" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "settings_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "model_mappings_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "model_mappings" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "route_options_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "route_options" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "shadow_targets_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "shadow_targets" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "model_prices_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "model_prices" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
--> statement-breakpoint
CREATE TRIGGER "client_keys_bump_revision" AFTER INSERT OR UPDATE OR DELETE ON "client_keys" FOR EACH STATEMENT EXECUTE FUNCTION "router_bump_config_revision"();
