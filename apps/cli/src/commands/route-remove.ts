/** `provider-cli route remove <model>`: remove a model's mapping. */
import type { Argv } from 'yargs';
import { printJson } from '../io.js';
import type { Command } from './command.js';

export const routeRemoveCommand: Command = (context) => ({
  command: 'remove <model>',
  aliases: ['rm'],
  describe: 'Remove a model\'s mapping (requests for it then go to the active provider)',
  builder: (inner: Argv) => inner.positional('model', { type: 'string' }).example('$0 route remove qwen3-coder', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    const removed = await store.mappings.remove(String(argv.model), 'cli');
    if (argv.json) printJson(context.io, { removed });
    else context.io.stdout(`Removed the route for ${removed.model}.\n`);
  },
});
