/** `provider-cli model unlink <provider-id> <model-id>`: stop a provider serving a model. */
import type { Argv } from 'yargs';
import { printJson } from '../io.js';
import type { Command } from './command.js';

export const modelUnlinkCommand: Command = (context) => ({
  command: 'unlink <provider-id> <model-id>',
  describe: 'Stop a provider serving a model',
  builder: (inner: Argv) => inner.positional('provider-id', { type: 'string' }).positional('model-id', { type: 'string' }).example('$0 model unlink qwen-cloud qwen3-coder', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    await store.models.unlink(String(argv.providerId), String(argv.modelId), 'cli');
    if (argv.json) printJson(context.io, { providerId: argv.providerId, modelId: argv.modelId, linked: false });
    else context.io.stdout(`Unlinked ${argv.modelId} from ${argv.providerId}.\n`);
  },
});
