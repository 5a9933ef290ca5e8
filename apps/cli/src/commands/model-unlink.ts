/** `provider-cli model unlink <provider-id> <model-id>`: stop a provider serving a model. */
import { printJson } from '../io.js';
import { defineCommand } from './command.js';

export const modelUnlinkCommand = defineCommand({
  command: 'unlink <provider-id> <model-id>',
  remote: true,
  describe: 'Stop a provider serving a model',
  builder: (inner) => inner.positional('provider-id', { type: 'string', demandOption: true }).positional('model-id', { type: 'string', demandOption: true }).example('$0 model unlink qwen-cloud qwen3-coder', ''),
  run: async (context, argv) => {
    await context.client().unlinkModel(String(argv.providerId), String(argv.modelId));
    if (argv.json) printJson(context.io, { providerId: argv.providerId, modelId: argv.modelId, linked: false });
    else context.io.stdout(`Unlinked ${argv.modelId} from ${argv.providerId}.\n`);
  },
});
