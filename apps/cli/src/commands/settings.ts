/** `provider-cli settings list|set|unset`: the tunable settings (retries, circuit breaker, deadline, timeouts, fallbacks). */
import { normalizeTunableSetting } from '@router/store';
import { printJson, table } from '../io.js';
import { defineCommand, defineGroup } from './command.js';

const settingsListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List every tunable setting with its value',
  builder: (inner) => inner.example('$0 settings list', ''),
  run: async (context, argv) => {
    const rows = await context.client().listTuning();
    if (argv.json) printJson(context.io, rows);
    else context.io.stdout(table(['KEY', 'VALUE', 'MEANING'], rows.map((row) => [row.key, row.value ?? '(default)', row.description])));
  },
});

const settingsSetCommand = defineCommand({
  command: 'set <key> <value>',
  remote: true,
  describe: 'Set a tunable setting (a running server obeys it within a second)',
  database: 'create',
  builder: (inner) =>
    inner
      .positional('key', { type: 'string', demandOption: true })
      .positional('value', { type: 'string', demandOption: true })
      .example('$0 settings set retry_attempts 3', '')
      .example('$0 settings set fallback_providers groq,qwen-cloud', ''),
  run: async (context, argv) => {
    const key = String(argv.key);
    // checked here first (the service's own rule) so a bad value is refused before the database is opened or created
    normalizeTunableSetting(key, String(argv.value));
    const value = await context.client().setTuning(key, String(argv.value));
    if (argv.json) printJson(context.io, { key, value });
    else context.io.stdout(`${key} = ${value}\n`);
  },
});

const settingsUnsetCommand = defineCommand({
  command: 'unset <key>',
  remote: true,
  describe: 'Return a tunable setting to its default',
  builder: (inner) => inner.positional('key', { type: 'string', demandOption: true }).example('$0 settings unset retry_attempts', ''),
  run: async (context, argv) => {
    const key = String(argv.key);
    normalizeTunableSetting(key, '1');
    await context.client().unsetTuning(key);
    if (argv.json) printJson(context.io, { key, value: null });
    else context.io.stdout(`${key} is back to its default.\n`);
  },
});

export const settingsCommand = defineGroup({
  command: 'settings <command>',
  aliases: ['setting'],
  describe: 'Show and change tunable settings: retries, circuit breaker, deadline, timeouts, fallback providers',
  subcommands: [settingsListCommand, settingsSetCommand, settingsUnsetCommand],
  examples: [['$0 settings set retry_attempts 3', 'Retry a failed attempt up to three times']],
  demand: 'Name a settings subcommand: list, set or unset.',
});
