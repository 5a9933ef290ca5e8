CREATE TABLE `config_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`source` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`old_value` text,
	`new_value` text
);
--> statement-breakpoint
CREATE INDEX `config_history_created_at` ON `config_history` (`created_at`);--> statement-breakpoint
CREATE TABLE `config_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_mappings` (
	`model` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`provider_id` text NOT NULL,
	`target_model` text,
	`weight` real DEFAULT 1 NOT NULL,
	`priority` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`model`, `position`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text,
	`description` text,
	`capabilities` text DEFAULT '[]' NOT NULL,
	`context_length` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `provider_config` (
	`provider_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`provider_id`, `key`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `provider_models` (
	`provider_id` text NOT NULL,
	`model_id` text NOT NULL,
	`upstream_model` text,
	`priority` integer DEFAULT 100 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`provider_id`, `model_id`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`default_model` text,
	`capabilities` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `request_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`endpoint` text NOT NULL,
	`provider_id` text,
	`model` text,
	`upstream_model` text,
	`stream` integer DEFAULT false NOT NULL,
	`status` integer NOT NULL,
	`outcome` text NOT NULL,
	`error_code` text,
	`error_message` text,
	`duration_ms` real NOT NULL,
	`ttfb_ms` real,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`total_tokens` integer,
	`finish_reason` text,
	`request_body` text,
	`response_body` text,
	`response_reasoning` text,
	`response_tool_calls` text,
	`attempts` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_logs_created_at` ON `request_logs` (`created_at`);--> statement-breakpoint
CREATE INDEX `request_logs_provider` ON `request_logs` (`provider_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `request_logs_model` ON `request_logs` (`model`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
