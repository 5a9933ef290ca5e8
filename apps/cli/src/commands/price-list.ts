/** `provider-cli price list [--model x]`: the price overrides, and what the bundled list says of a model. */
import { assertModelId } from '@router/store';
import { printJson, table } from '../io.js';
import { defineCommand } from './command.js';

/** A price per million tokens as shown: `$0.5`, `$0.075`, or `-` when there is none. */
export function formatPerMillion(value: number | null): string {
  return value === null ? '-' : `$${Number(value.toPrecision(6))}`;
}

export const priceListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List the price overrides; with --model, also what the bundled price list says of that model',
  builder: (inner) =>
    inner
      .option('model', { type: 'string', describe: 'Also show the bundled list\'s price for this model' })
      .example('$0 price list', 'Every override')
      .example('$0 price list --model gpt-4o', 'With the bundled price of gpt-4o'),
  run: async (context, argv) => {
    const model = argv.model === undefined ? undefined : assertModelId(argv.model, 'model');
    const prices = await context.client().listPrices({ model });
    if (argv.json) return printJson(context.io, prices);
    const out: string[] = [];
    if (prices.data.length === 0) out.push('No price overrides. Set one with `provider-cli price set <model> --input <usd> --output <usd>`.\n');
    else {
      out.push(
        table(
          ['MODEL', 'INPUT', 'OUTPUT', 'CACHED INPUT'],
          prices.data.map((price) => [price.model, formatPerMillion(price.inputPerMillion), formatPerMillion(price.outputPerMillion), price.cachedInputPerMillion === null ? '(input)' : formatPerMillion(price.cachedInputPerMillion)]),
        ),
        'US dollars per million tokens.\n',
      );
    }
    if (model !== undefined) {
      const own = prices.data.find((price) => price.model === model);
      const bundled = prices.bundled;
      const listed = !bundled
        ? `The bundled price list does not know ${model}`
        : bundled.tiered
          ? `The bundled price list prices ${model} (${bundled.provider} ${bundled.model}) by tiers or dates: no single rate`
          : `The bundled price list says ${model} (${bundled.provider} ${bundled.model}): input ${formatPerMillion(bundled.inputPerMillion)}, output ${formatPerMillion(bundled.outputPerMillion)}, cached input ${formatPerMillion(bundled.cachedInputPerMillion)} per million tokens`;
      out.push(`${listed}${own ? '; your override wins' : ''}.\n`);
    }
    out.push(`Bundled list: ${prices.catalogue.source}, ${prices.catalogue.date}.\n`);
    context.io.stdout(out.join(''));
  },
});
