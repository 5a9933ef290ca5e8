/** `provider-cli model remove <id>`: remove a model definition and its links. */
import type { Argv } from 'yargs';
import { printJson } from '../io.js';
import type { Command } from './command.js';

export const modelRemoveCommand: Command = (context) => ({
  command: 'remove <id>',
  aliases: ['rm'],
  describe: 'Remove a model definition and its links',
  builder: (inner: Argv) => inner.positional('id', { type: 'string' }).example('$0 model remove old-model', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    const removed = await store.models.remove(String(argv.id), 'cli');
    if (argv.json) printJson(context.io, removed);
    else context.io.stdout(`Removed model ${removed.id}.\n`);
  },
});
