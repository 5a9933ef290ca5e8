/** `provider-cli provider …`: add and list providers. */
import type { Argv } from 'yargs';
import { maskProvider, parseConfigValue } from '@router/store';
import { CliError, table } from '../io.js';
import type { Command } from './command.js';

/** Parses repeated `--config key=value` options into an object. */
export function parseConfigPairs(pairs: unknown): Record<string, unknown> {
  const list = Array.isArray(pairs) ? pairs : pairs === undefined ? [] : [pairs];
  const config: Record<string, unknown> = {};
  for (const pair of list.map(String)) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new CliError(`--config expects key=value, got "${pair}"`);
    config[pair.slice(0, index).trim()] = parseConfigValue(pair.slice(index + 1));
  }
  return config;
}

export const providerCommand: Command = (context) => ({
  command: 'provider <command>',
  describe: 'Manage providers',
  builder: (yargs: Argv) =>
    yargs
      .command({
        command: 'add',
        describe: 'Add a provider',
        builder: (inner: Argv) =>
          inner
            .option('id', { type: 'string', demandOption: true, describe: 'Unique id (letters, digits, . _ -)' })
            .option('name', { type: 'string', describe: 'Display name (default: the id)' })
            .option('type', { type: 'string', default: 'openai-compatible', describe: 'Adapter type' })
            .option('priority', { type: 'number', describe: 'Lower is preferred' })
            .option('disabled', { type: 'boolean', default: false, describe: 'Add it disabled' })
            .option('config', { type: 'string', array: true, describe: 'Configuration key=value (repeatable)' })
            .example('$0 provider add --id groq --type openai-compatible --config baseURL=https://api.groq.com/openai/v1 --config apiKey=$GROQ_API_KEY', ''),
        handler: async (argv: any) => {
          const store = await context.store();
          const record = await store.providers.create(
            { id: argv.id, name: argv.name, type: argv.type, priority: argv.priority, enabled: !argv.disabled, config: parseConfigPairs(argv.config) },
            'cli',
          );
          const masked = maskProvider(record);
          if (argv.json) context.io.stdout(`${JSON.stringify(masked, null, 2)}\n`);
          else context.io.stdout(`Added provider ${masked.id} (${masked.type}).\n`);
        },
      })
      .command({
        command: 'list',
        aliases: ['ls'],
        describe: 'List providers',
        builder: (inner: Argv) => inner.example('$0 provider list --json', ''),
        handler: async (argv: any) => {
          const store = await context.store();
          const [providers, active] = await Promise.all([store.providers.list(), store.settings.getActiveProvider()]);
          const masked = providers.map(maskProvider);
          if (argv.json) {
            context.io.stdout(`${JSON.stringify(masked.map((provider) => ({ ...provider, active: provider.id === active })), null, 2)}\n`);
            return;
          }
          if (masked.length === 0) {
            context.io.stdout('No providers. Add one with `provider-cli provider add --id <id> --config baseURL=<url>`.\n');
            return;
          }
          context.io.stdout(
            table(
              ['', 'ID', 'NAME', 'TYPE', 'ENABLED', 'PRIORITY', 'BASE URL'],
              masked.map((provider) => [provider.id === active ? '*' : '', provider.id, provider.name, provider.type, provider.enabled ? 'yes' : 'no', provider.priority, (provider.config.baseURL as string) ?? '']),
            ),
          );
        },
      })
      .demandCommand(1, 'Name a provider subcommand (add, list).'),
  handler: () => undefined,
});
