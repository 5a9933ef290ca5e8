/** `provider-cli model remove <id>`: remove a model definition and its links. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const modelRemoveCommand = defineCommand({
  command: 'remove <id>',
  remote: true,
  aliases: ['rm'],
  describe: 'Remove a model definition and its links',
  builder: (inner) => inner.positional('id', { type: 'string', demandOption: true }).example('$0 model remove old-model', ''),
  run: async (context, argv) => {
    const removed = await context.client().removeModel(String(argv.id));
    if (argv.json) printJson(context.io, removed);
    else context.io.stdout(`Removed model ${removed.id}.\n`);
  },
});
