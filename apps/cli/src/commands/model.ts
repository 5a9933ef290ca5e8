/** `provider-cli model …`: model definitions and their links to providers. */
import type { Argv } from 'yargs';
import { modelAddCommand } from './model-add.js';
import { modelLinkCommand } from './model-link.js';
import { modelListCommand } from './model-list.js';
import { modelRemoveCommand } from './model-remove.js';
import { modelUnlinkCommand } from './model-unlink.js';
import type { Command } from './command.js';

export const modelCommand: Command = (context) => ({
  command: 'model <command>',
  aliases: ['models'],
  describe: 'Manage model definitions and which providers serve them: list, add, link, unlink, remove',
  builder: (yargs: Argv) =>
    yargs
      .command(modelListCommand(context))
      .command(modelAddCommand(context))
      .command(modelLinkCommand(context))
      .command(modelUnlinkCommand(context))
      .command(modelRemoveCommand(context))
      .example('$0 model add qwen3-coder --capability tools', 'Define a model')
      .demandCommand(1, 'Name a model subcommand: list, add, link, unlink or remove.'),
  handler: () => undefined,
});
