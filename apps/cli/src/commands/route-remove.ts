/** `provider-cli route remove <model>`: remove a model's mapping. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const routeRemoveCommand = defineCommand({
  command: 'remove <model>',
  remote: true,
  aliases: ['rm'],
  describe: 'Remove a model\'s mapping (requests for it then go to the active provider)',
  builder: (inner) => inner.positional('model', { type: 'string', demandOption: true }).example('$0 route remove qwen3-coder', ''),
  run: async (context, argv) => {
    const removed = await context.client().removeMapping(String(argv.model));
    if (argv.json) printJson(context.io, { removed });
    else context.io.stdout(`Removed the route for ${removed.model}.\n`);
  },
});
