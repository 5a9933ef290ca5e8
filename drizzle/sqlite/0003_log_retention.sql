ALTER TABLE `request_logs` ADD `client_request_id` text;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `truncated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `response_bytes` integer;--> statement-breakpoint
CREATE INDEX `request_logs_client_request_id` ON `request_logs` (`client_request_id`) WHERE "request_logs"."client_request_id" is not null;