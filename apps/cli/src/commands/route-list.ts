/** `provider-cli route list`: mappings from the database and, until migrated, MODEL_MAPPINGS. */
import { colours, printJson, table } from '../io.js';
import { describeSource } from '../effective.js';
import { formatTargets } from '../parse.js';
import { defineCommand } from './command.js';

export const routeListCommand = defineCommand({
  command: 'list',
  remote: true,
  aliases: ['ls'],
  describe: 'List mappings from the database and (until migrated) MODEL_MAPPINGS',
  builder: (inner) => inner.example('$0 route list', 'Every mapping with its source'),
  run: async (context, argv) => {
    const mappings = await context.client().listMappings();
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
});
