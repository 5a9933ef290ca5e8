/** `provider-cli route …` (alias `mapping`): which providers serve a requested model, in order. */
import type { Argv } from 'yargs';
import { colours, printJson, table } from '../io.js';
import { describeSource, effectiveConfig } from '../effective.js';
import { formatTargets, parseTargets } from '../parse.js';
import type { Command } from './command.js';

export const routeCommand: Command = (context) => ({
  command: 'route <command>',
  aliases: ['mapping', 'mappings', 'routes'],
  describe: 'Manage model mappings (routes): a requested model → an ordered list of provider targets',
  builder: (yargs: Argv) =>
    yargs
      .command({
        command: 'list',
        aliases: ['ls'],
        describe: 'List mappings from the database and (until migrated) MODEL_MAPPINGS',
        builder: (inner: Argv) => inner.example('$0 route list', 'Every mapping with its source'),
        handler: async (argv: any) => {
          const { mappings } = await effectiveConfig(context);
          if (argv.json) return printJson(context.io, mappings);
          if (mappings.length === 0) return context.io.stdout('No mappings. Add one with `provider-cli route set <model> <provider>[,<fallback>…]`.\n');
          const paint = colours(context.io.isTTY);
          context.io.stdout(
            table(
              ['MODEL', 'TARGETS', 'SOURCE'],
              mappings.map((mapping) => [mapping.model, formatTargets(mapping.targets), (mapping.source === 'database' ? paint.green : paint.yellow)(describeSource(mapping.source, mapping.variable))]),
            ),
          );
        },
      })
      .command({
        command: 'set <model> <targets>',
        describe: 'Route a model to providers, tried in order: provider[:upstream-model][*weight][@priority],…',
        builder: (inner: Argv) =>
          inner
            .positional('model', { type: 'string', describe: 'The model name clients ask for' })
            .positional('targets', { type: 'string', describe: 'Comma-separated targets; the first is tried first, the next on failure' })
            .option('balance', { type: 'boolean', default: false, describe: 'Share load among the targets by weight instead of trying them in order' })
            .example('$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'LM Studio first, DashScope when it fails')
            .example('$0 route set qwen3-coder lm-studio-home:qwen/qwen3-coder-30b,qwen-cloud:qwen3-coder-plus', 'With upstream model names')
            .example('$0 route set fast groq*3,together*1 --balance', 'Three quarters of the load to groq'),
        handler: async (argv: any) => {
          const store = await context.store();
          const targets = parseTargets(String(argv.targets), { balance: argv.balance });
          const mapping = await store.mappings.set(String(argv.model), targets, 'cli');
          if (argv.json) printJson(context.io, mapping);
          else context.io.stdout(`Route ${mapping.model} → ${formatTargets(mapping.targets)}\n`);
        },
      })
      .command({
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
      })
      .example('$0 route set qwen3-coder lm-studio-home,qwen-cloud', 'Map a model with a fallback')
      .demandCommand(1, 'Name a route subcommand: list, set or remove.'),
  handler: () => undefined,
});
