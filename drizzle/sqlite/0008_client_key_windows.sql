CREATE TABLE `client_key_windows` (
	`key_id` text NOT NULL,
	`window_start` integer NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`tokens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key_id`, `window_start`),
	FOREIGN KEY (`key_id`) REFERENCES `client_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
