/** `provider-cli provider …`: manage providers. */
import type { Argv } from 'yargs';
import type { Command } from './command.js';
import { listOptions, listProviders } from './list.js';
import { providerAddCommand } from './provider-add.js';
import { providerConfigCommand } from './provider-config.js';
import { providerEditCommand } from './provider-edit.js';
import { providerReloadCommand } from './provider-reload.js';
import { providerRemoveCommand } from './provider-remove.js';
import { providerToggleCommand } from './provider-toggle.js';
import { providerTestCommand } from './test.js';

export const providerCommand: Command = (context) => ({
  command: 'provider <command>',
  aliases: ['providers'],
  describe: 'Manage providers: list, add, edit, remove, enable, disable, test, reload, config',
  builder: (yargs: Argv) =>
    yargs
      .command({
        command: 'list',
        aliases: ['ls'],
        describe: 'List providers (secrets masked)',
        builder: (inner: Argv) => listOptions(inner).example('$0 provider list --json', 'Every provider as JSON'),
        handler: (argv: any) => listProviders(context, argv),
      })
      .command(providerAddCommand(context))
      .command(providerEditCommand(context))
      .command(providerRemoveCommand(context))
      .command(providerToggleCommand(true)(context))
      .command(providerToggleCommand(false)(context))
      .command(providerTestCommand(context))
      .command(providerReloadCommand(context))
      .command(providerConfigCommand(context))
      .example('$0 provider add --id groq --config baseURL=https://api.groq.com/openai/v1 --config apiKey=$GROQ_API_KEY', 'Add a provider')
      .demandCommand(1, 'Name a provider subcommand: list, add, edit, remove, enable, disable, test, reload or config.'),
  handler: () => undefined,
});
