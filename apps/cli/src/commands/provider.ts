/** `provider-cli provider …`: manage providers. */
import { defineCommand, defineGroup } from './command.js';
import { listOptions, listProviders } from './list.js';
import { providerAddCommand } from './provider-add.js';
import { providerConfigCommand } from './provider-config.js';
import { providerEditCommand } from './provider-edit.js';
import { providerReloadCommand } from './provider-reload.js';
import { providerRemoveCommand } from './provider-remove.js';
import { providerToggleCommand } from './provider-toggle.js';
import { providerTestCommand } from './test.js';

const providerListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List providers (secrets masked)',
  builder: (inner) => listOptions(inner).example('$0 provider list --json', 'Every provider as JSON'),
  run: (context, argv) => listProviders(context, argv),
});

export const providerCommand = defineGroup({
  command: 'provider <command>',
  aliases: ['providers'],
  describe: 'Manage providers: list, add, edit, remove, enable, disable, test, reload, config',
  subcommands: [
    providerListCommand,
    providerAddCommand,
    providerEditCommand,
    providerRemoveCommand,
    providerToggleCommand(true),
    providerToggleCommand(false),
    providerTestCommand,
    providerReloadCommand,
    providerConfigCommand,
  ],
  examples: [['$0 provider add --id groq --config baseURL=https://api.groq.com/openai/v1 --config apiKey=$GROQ_API_KEY', 'Add a provider']],
  demand: 'Name a provider subcommand: list, add, edit, remove, enable, disable, test, reload or config.',
});
