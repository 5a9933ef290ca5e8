/** `provider-cli key …`: client keys (virtual keys) with their model and provider scopes, rate limits, budgets and expiry. */
import { printJson, table } from '../io.js';
import { formatTime } from '../parse.js';
import { defineCommand, defineGroup } from './command.js';
import { describeKey, formatBudget } from './key-options.js';
import { keyCreateCommand, keyRotateCommand } from './key-create.js';
import { keyEditCommand } from './key-edit.js';
import { formatUsd } from './stats.js';

const keyListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List client keys with their limits and what they used this period',
  builder: (inner) => inner.example('$0 key list', ''),
  run: async (context, argv) => {
    const keys = await context.client().listClientKeys();
    if (argv.json) return printJson(context.io, keys);
    if (keys.length === 0) return context.io.stdout('No client keys. Create one with `provider-cli key create --name <name>`.\n');
    context.io.stdout(
      table(
        ['ID', 'NAME', 'KEY', 'STATUS', 'MODELS', 'RPM', 'TPM', 'BUDGET', 'SPENT', 'REQUESTS', 'LAST USED'],
        keys.map((key) => [
          key.id, key.name, `${key.keyPrefix}…`, key.status, key.models?.join(',') ?? 'any', key.rpm, key.tpm, formatBudget(key), formatUsd(key.usage.spent), key.usage.requests,
          key.lastUsedAt === null ? 'never' : formatTime(key.lastUsedAt),
        ]),
      ),
    );
  },
});

const keyShowCommand = defineCommand({
  command: 'show <key>',
  remote: true,
  describe: 'Show a client key: its limits, usage and spend this period, and when it was last used',
  builder: (inner) => inner.positional('key', { type: 'string', demandOption: true, describe: 'The key id or name' }).example('$0 key show ci-bot', ''),
  run: async (context, argv) => {
    const key = await context.client().showClientKey(String(argv.key));
    if (argv.json) printJson(context.io, key);
    else context.io.stdout(describeKey(key));
  },
});

const keyRevokeCommand = defineCommand({
  command: 'revoke <key>',
  remote: true,
  describe: 'Revoke a client key: a running router refuses it within a second',
  builder: (inner) => inner.positional('key', { type: 'string', demandOption: true, describe: 'The key id or name' }).example('$0 key revoke ci-bot', ''),
  run: async (context, argv) => {
    const { key, changed } = await context.client().revokeClientKey(String(argv.key));
    if (argv.json) printJson(context.io, { ...key, changed });
    else context.io.stdout(changed ? `Revoked client key ${key.name} (${key.id}).\n` : `Client key ${key.name} (${key.id}) was already revoked.\n`);
  },
});

const keyRemoveCommand = defineCommand({
  command: 'remove <key>',
  remote: true,
  aliases: ['rm'],
  describe: 'Remove a client key and its usage records (logged requests keep its id)',
  builder: (inner) => inner.positional('key', { type: 'string', demandOption: true, describe: 'The key id or name' }).example('$0 key remove old-bot', ''),
  run: async (context, argv) => {
    const removed = await context.client().removeClientKey(String(argv.key));
    if (argv.json) printJson(context.io, { ...removed, deleted: true });
    else context.io.stdout(`Removed client key ${removed.name} (${removed.id}).\n`);
  },
});

export const keyCommand = defineGroup({
  command: 'key <command>',
  aliases: ['keys'],
  describe: 'Manage client keys: who may call the router, which models and providers, rate limits and budgets',
  subcommands: [keyCreateCommand, keyListCommand, keyShowCommand, keyEditCommand, keyRevokeCommand, keyRotateCommand, keyRemoveCommand],
  examples: [['$0 key create --name ci-bot --models gpt-4o-mini --rpm 60 --budget 20 --period 30d', 'A key for CI, limited to one model, 60 requests a minute and $20 a month']],
  demand: 'Name a key subcommand: create, list, show, edit, revoke, rotate or remove.',
});
