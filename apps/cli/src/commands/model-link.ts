/** `provider-cli model link <provider-id> <model-id>`: let a provider serve a model. */
import { printJson } from '../io.js';
import { positiveInt } from '../parse.js';
import { defineCommand } from './command.js';

export const modelLinkCommand = defineCommand({
  command: 'link <provider-id> <model-id>',
  remote: true,
  describe: 'Let a provider serve a model (optionally under another upstream name)',
  builder: (inner) =>
    inner
      .positional('provider-id', { type: 'string', demandOption: true })
      .positional('model-id', { type: 'string', demandOption: true })
      .option('upstream-model', { type: 'string', describe: 'The name the provider knows the model by' })
      .option('priority', { type: 'string', describe: 'Lower is tried first among the model\'s providers (default 100)' })
      .example('$0 model link qwen-cloud qwen3-coder --upstream-model qwen3-coder-plus', 'Serve qwen3-coder from DashScope'),
  run: async (context, argv) => {
    const priority = argv.priority === undefined ? undefined : positiveInt(argv.priority, 'priority');
    const model = await context.client().linkModel(String(argv.providerId), String(argv.modelId), { upstreamModel: argv.upstreamModel ?? null, priority });
    if (argv.json) printJson(context.io, model);
    else context.io.stdout(`Linked ${argv.modelId} to ${argv.providerId}${argv.upstreamModel ? ` (as ${argv.upstreamModel})` : ''}.\n`);
  },
});
