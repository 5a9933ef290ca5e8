/** `provider-cli key create` and `key rotate`: the two commands that show a key's value, once. */
import type { ClientKeyRecord } from '@router/store';
import type { CliContext } from '../context.js';
import { printJson } from '../io.js';
import { defineCommand } from './command.js';
import { checkKeyName, parseKeyOptions, withKeyOptions } from './key-options.js';

/** Prints a new key value with the warning that it is not kept. */
function printIssued(context: CliContext, json: boolean | undefined, verb: string, key: ClientKeyRecord, value: string): void {
  if (json) return printJson(context.io, { ...key, value });
  context.io.stdout(
    `${verb} client key ${key.name} (${key.id}):\n\n  ${value}\n\n` +
      'Copy it now: it will not be shown again (the router keeps only its hash). Clients send it as Authorization: Bearer <key> or x-api-key: <key>.\n',
  );
}

export const keyCreateCommand = defineCommand({
  command: 'create',
  remote: true,
  aliases: ['add'],
  describe: 'Create a client key; its value is printed once',
  database: 'create',
  builder: (inner) =>
    withKeyOptions(inner.option('name', { type: 'string', demandOption: true, describe: 'A name for the key (who or what uses it)' }), false)
      .example('$0 key create --name ci-bot', 'A key without limits')
      .example('$0 key create --name ci-bot --models gpt-4o-mini,qwen/* --rpm 60 --tpm 100000', 'Two models (one a prefix), rate limits')
      .example('$0 key create --name intern --budget 20 --period 30d --expires 2027-01-01', '$20 every 30 days, until 2027'),
  run: async (context, argv) => {
    checkKeyName(String(argv.name));
    const change = parseKeyOptions(argv, false);
    const { key, value } = await context.client().createClientKey({ ...change, name: String(argv.name) });
    printIssued(context, argv.json, 'Created', key, value);
  },
});

export const keyRotateCommand = defineCommand({
  command: 'rotate <key>',
  remote: true,
  describe: 'Give a client key a new value (printed once); the old value is refused from then on',
  builder: (inner) => inner.positional('key', { type: 'string', demandOption: true, describe: 'The key id or name' }).example('$0 key rotate ci-bot', ''),
  run: async (context, argv) => {
    const { key, value } = await context.client().rotateClientKey(String(argv.key));
    printIssued(context, argv.json, 'Rotated', key, value);
  },
});
