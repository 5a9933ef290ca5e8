/** `provider-cli price remove <model>`: remove a model's price override. */
import { assertModelId } from '@router/store';
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const priceRemoveCommand = defineCommand({
  command: 'remove <model>',
  remote: true,
  aliases: ['rm'],
  describe: 'Remove a model\'s price override (its requests are priced from the bundled list again, if it knows the model)',
  builder: (inner) => inner.positional('model', { type: 'string', demandOption: true }).example('$0 price remove my-finetune', ''),
  run: async (context, argv) => {
    const removed = await context.client().removePrice(assertModelId(argv.model, 'model'));
    if (argv.json) return printJson(context.io, { removed });
    context.io.stdout(`Removed the price override for ${removed.model}.\n`);
  },
});
