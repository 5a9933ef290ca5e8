/** `provider-cli key edit <key>`: change a client key's name, scopes or limits (`none` removes one). */
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';
import { describeKey, parseKeyOptions, withKeyOptions } from './key-options.js';

export const keyEditCommand = defineCommand({
  command: 'edit <key>',
  remote: true,
  describe: 'Change a client key\'s name, models, providers, limits, budget or expiry ("none" removes a limit)',
  builder: (inner) =>
    withKeyOptions(inner.positional('key', { type: 'string', demandOption: true, describe: 'The key id or name' }).option('name', { type: 'string', describe: 'A new name' }), true)
      .example('$0 key edit ci-bot --rpm 120', 'Raise the request limit')
      .example('$0 key edit ci-bot --budget none', 'Remove the budget'),
  run: async (context, argv) => {
    const change = parseKeyOptions(argv, true);
    if (Object.keys(change).length === 0) throw new CliError('nothing to change: give --name, --models, --providers, --rpm, --tpm, --budget, --period or --expires');
    const client = context.client();
    const updated = await client.updateClientKey(String(argv.key), change);
    const key = await client.showClientKey(updated.id);
    if (argv.json) printJson(context.io, key);
    else context.io.stdout(describeKey(key));
  },
});
