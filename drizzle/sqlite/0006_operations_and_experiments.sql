CREATE TABLE `client_key_usage` (
	`key_id` text NOT NULL,
	`period_start` integer NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`spent` real DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`key_id`, `period_start`),
	FOREIGN KEY (`key_id`) REFERENCES `client_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `client_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`models` text,
	`providers` text,
	`rpm` integer,
	`tpm` integer,
	`budget` real,
	`budget_period_ms` integer,
	`expires_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_keys_key_hash` ON `client_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `model_prices` (
	`model` text PRIMARY KEY NOT NULL,
	`input_per_million` real NOT NULL,
	`output_per_million` real NOT NULL,
	`cached_input_per_million` real,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `route_options` (
	`model` text PRIMARY KEY NOT NULL,
	`stickiness` text,
	`shadow_percent` real DEFAULT 0 NOT NULL,
	`shadow_per_minute` integer,
	`shadow_timeout_ms` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shadow_targets` (
	`model` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`provider_id` text NOT NULL,
	`target_model` text,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`model`, `position`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `request_logs` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `pair_id` text;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `pair_role` text;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `cold_start_ms` real;--> statement-breakpoint
CREATE INDEX `request_logs_key` ON `request_logs` (`key_id`,`created_at`) WHERE "request_logs"."key_id" is not null;--> statement-breakpoint
CREATE INDEX `request_logs_pair` ON `request_logs` (`pair_id`) WHERE "request_logs"."pair_id" is not null;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `route_options_insert_bump_revision` AFTER INSERT ON `route_options` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `route_options_update_bump_revision` AFTER UPDATE ON `route_options` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `route_options_delete_bump_revision` AFTER DELETE ON `route_options` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `shadow_targets_insert_bump_revision` AFTER INSERT ON `shadow_targets` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `shadow_targets_update_bump_revision` AFTER UPDATE ON `shadow_targets` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `shadow_targets_delete_bump_revision` AFTER DELETE ON `shadow_targets` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_prices_insert_bump_revision` AFTER INSERT ON `model_prices` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_prices_update_bump_revision` AFTER UPDATE ON `model_prices` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_prices_delete_bump_revision` AFTER DELETE ON `model_prices` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `client_keys_insert_bump_revision` AFTER INSERT ON `client_keys` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `client_keys_update_bump_revision` AFTER UPDATE ON `client_keys` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `client_keys_delete_bump_revision` AFTER DELETE ON `client_keys` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
