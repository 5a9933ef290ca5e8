/** `provider-cli settings list|set|unset`: the tunable settings (retries, circuit breaker, deadline, timeouts, fallbacks). */
import type { Argv } from 'yargs';
import { normalizeTunableSetting, TUNABLE_SETTINGS } from '@router/store';
import { printJson, table } from '../io.js';
import type { Command } from './command.js';

export const settingsCommand: Command = (context) => ({
  command: 'settings <command>',
  aliases: ['setting'],
  describe: 'Show and change tunable settings: retries, circuit breaker, deadline, timeouts, fallback providers',
  builder: (yargs: Argv) =>
    yargs
      .command({
        command: 'list',
        aliases: ['ls'],
        describe: 'List every tunable setting with its value',
        builder: (inner: Argv) => inner.example('$0 settings list', ''),
        handler: async (argv: any) => {
          const values = await (await context.store()).settings.all();
          const rows = Object.entries(TUNABLE_SETTINGS).map(([key, description]) => ({ key, value: values[key] ?? null, description }));
          if (argv.json) printJson(context.io, rows);
          else context.io.stdout(table(['KEY', 'VALUE', 'MEANING'], rows.map((row) => [row.key, row.value ?? '(default)', row.description])));
        },
      })
      .command({
        command: 'set <key> <value>',
        describe: 'Set a tunable setting (a running server obeys it within a second)',
        builder: (inner: Argv) =>
          inner.positional('key', { type: 'string' }).positional('value', { type: 'string' })
            .example('$0 settings set retry_attempts 3', '')
            .example('$0 settings set fallback_providers groq,qwen-cloud', ''),
        handler: async (argv: any) => {
          const key = String(argv.key);
          const value = normalizeTunableSetting(key, String(argv.value));
          await (await context.store()).settings.set(key, value, 'cli');
          if (argv.json) printJson(context.io, { key, value });
          else context.io.stdout(`${key} = ${value}\n`);
        },
      })
      .command({
        command: 'unset <key>',
        describe: 'Return a tunable setting to its default',
        builder: (inner: Argv) => inner.positional('key', { type: 'string' }).example('$0 settings unset retry_attempts', ''),
        handler: async (argv: any) => {
          const key = String(argv.key);
          normalizeTunableSetting(key, '1');
          await (await context.store()).settings.set(key, null, 'cli');
          if (argv.json) printJson(context.io, { key, value: null });
          else context.io.stdout(`${key} is back to its default.\n`);
        },
      })
      .demandCommand(1, 'Name a settings subcommand: list, set or unset.'),
  handler: () => undefined,
});
