ALTER TABLE `request_logs` ADD `cost` real;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `cost_source` text;