INSERT OR IGNORE INTO `config_revision` (`id`, `revision`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `providers_insert_bump_revision` AFTER INSERT ON `providers` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `providers_update_bump_revision` AFTER UPDATE ON `providers` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `providers_delete_bump_revision` AFTER DELETE ON `providers` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_config_insert_bump_revision` AFTER INSERT ON `provider_config` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_config_update_bump_revision` AFTER UPDATE ON `provider_config` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_config_delete_bump_revision` AFTER DELETE ON `provider_config` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `models_insert_bump_revision` AFTER INSERT ON `models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `models_update_bump_revision` AFTER UPDATE ON `models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `models_delete_bump_revision` AFTER DELETE ON `models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_models_insert_bump_revision` AFTER INSERT ON `provider_models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_models_update_bump_revision` AFTER UPDATE ON `provider_models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `provider_models_delete_bump_revision` AFTER DELETE ON `provider_models` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `settings_insert_bump_revision` AFTER INSERT ON `settings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `settings_update_bump_revision` AFTER UPDATE ON `settings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `settings_delete_bump_revision` AFTER DELETE ON `settings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_mappings_insert_bump_revision` AFTER INSERT ON `model_mappings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_mappings_update_bump_revision` AFTER UPDATE ON `model_mappings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `model_mappings_delete_bump_revision` AFTER DELETE ON `model_mappings` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
