/** `provider-cli price set <model> --input N --output N [--cached-input N]`: set a model's price override. */
import { InvalidRequestError } from '@router/core';
import { normalizePriceInput } from '@router/store';
import { CliError, printJson } from '../io.js';
import { defineCommand } from './command.js';
import { formatPerMillion } from './price-list.js';

export const priceSetCommand = defineCommand({
  command: 'set <model>',
  remote: true,
  describe: 'Set what a model costs, in US dollars per million tokens (wins over the bundled price list; a provider\'s own reported cost still wins)',
  builder: (inner) =>
    inner
      .positional('model', { type: 'string', demandOption: true, describe: 'The model as the upstream names it (the log\'s upstream model), or as clients ask for it' })
      .option('input', { type: 'string', demandOption: true, describe: 'US dollars per million prompt tokens' })
      .option('output', { type: 'string', demandOption: true, describe: 'US dollars per million completion tokens' })
      .option('cached-input', { type: 'string', describe: 'US dollars per million cached prompt tokens (default: the input price)' })
      .example('$0 price set my-finetune --input 0.5 --output 1.5', '')
      .example('$0 price set gpt-4o --input 2.5 --output 10 --cached-input 1.25', 'Your negotiated rate instead of the list price'),
  run: async (context, argv) => {
    // checked here first, so a bad value is refused before anything is sent or written, in either mode
    const { model, price } = checked(argv.model, argv.input, argv.output, argv.cachedInput);
    const saved = await context.client().setPrice(model, price);
    if (argv.json) return printJson(context.io, saved);
    const cached = saved.cachedInputPerMillion === null ? '' : `, cached input ${formatPerMillion(saved.cachedInputPerMillion)}`;
    context.io.stdout(`Price of ${saved.model}: input ${formatPerMillion(saved.inputPerMillion)}, output ${formatPerMillion(saved.outputPerMillion)}${cached} per million tokens.\n`);
  },
});

const OPTION: Record<string, string> = { inputPerMillion: '--input', outputPerMillion: '--output', cachedInputPerMillion: '--cached-input' };

/** The override as the configuration service will take it, its errors naming the command's options. */
function checked(model: unknown, input: unknown, output: unknown, cachedInput: unknown) {
  try {
    return normalizePriceInput(model, { inputPerMillion: input, outputPerMillion: output, cachedInputPerMillion: cachedInput });
  } catch (error) {
    const option = error instanceof InvalidRequestError && error.param ? OPTION[error.param] : undefined;
    if (option) throw new CliError(`${option} ${error instanceof Error ? error.message.replace(/^\S+ /, '') : ''}`);
    throw error;
  }
}
