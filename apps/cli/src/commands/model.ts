/** `provider-cli model …`: model definitions and their links to providers. */
import { modelAddCommand } from './model-add.js';
import { modelEditCommand } from './model-edit.js';
import { modelLinkCommand } from './model-link.js';
import { modelListCommand } from './model-list.js';
import { modelRemoveCommand } from './model-remove.js';
import { modelUnlinkCommand } from './model-unlink.js';
import { defineGroup } from './command.js';

export const modelCommand = defineGroup({
  command: 'model <command>',
  aliases: ['models'],
  describe: 'Manage model definitions and which providers serve them: list, add, edit, link, unlink, remove',
  subcommands: [modelListCommand, modelAddCommand, modelEditCommand, modelLinkCommand, modelUnlinkCommand, modelRemoveCommand],
  examples: [['$0 model add qwen3-coder --name "Qwen3 Coder" --capability tools', 'Define a model']],
  demand: 'Name a model subcommand: list, add, edit, link, unlink or remove.',
});
