/** `provider-cli route set <model> <targets>`: route a model to ordered provider targets. */
import { assertModelId } from '@router/store';
import { printJson } from '../io.js';
import { formatTargets, parseTargets } from '../parse.js';
import { defineCommand } from './command.js';

export const routeSetCommand = defineCommand({
  command: 'set <model> <targets>',
  remote: true,
  describe: 'Route a model to providers, tried in order: provider[:upstream-model][*weight][@priority],…',
  builder: (inner) =>
    inner
      .positional('model', { type: 'string', demandOption: true, describe: 'The model name clients ask for' })
      .positional('targets', { type: 'string', demandOption: true, describe: 'Comma-separated targets; the first is tried first, the next on failure' })
      .option('balance', { type: 'boolean', default: false, describe: 'Share load among the targets by weight instead of trying them in order' })
      .example('$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'LM Studio first, DashScope when it fails')
      .example('$0 route set qwen3-coder lm-studio-home:qwen/qwen3-coder-30b,qwen-cloud:qwen3-coder-plus', 'With upstream model names')
      .example('$0 route set fast groq*3,together*1 --balance', 'Three quarters of the load to groq'),
  run: async (context, argv) => {
    assertModelId(String(argv.model), 'model');
    const targets = parseTargets(argv.targets, { balance: argv.balance });
    const mapping = await context.client().setMapping(String(argv.model), targets);
    if (argv.json) printJson(context.io, mapping);
    else context.io.stdout(`Route ${mapping.model} → ${formatTargets(mapping.targets)}\n`);
  },
});
