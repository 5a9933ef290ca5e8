/** `provider-cli changes`: the configuration history (what changed, when, through which door). */
import { printJson, table } from '../io.js';
import { formatTime, parseSince, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';

const brief = (value: unknown) => (value === null || value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 50);

export const changesCommand = defineCommand({
  command: 'changes',
  remote: true,
  describe: 'Show configuration changes: what, when, through which door (secrets masked)',
  builder: (yargs) =>
    yargs
      .option('limit', { type: 'string', default: 20, describe: 'How many rows (1-1000)' })
      .option('entity', { type: 'string', choices: ['provider', 'setting', 'mapping', 'model', 'route_options', 'price', 'client_key'], describe: 'Only changes to this kind of thing' })
      .option('id', { type: 'string', describe: 'Only changes to this provider, setting, mapping or model id' })
      .option('since', { type: 'string', describe: 'Only newer changes: a duration (1h, 7d) or an ISO date' })
      .example('$0 changes --entity provider --id groq', 'Every change to groq'),
  run: async (context, argv) => {
    const entries = await context.client().changes({
      limit: positiveInt(argv.limit, 'limit', 1000),
      entity: argv.entity,
      entityId: argv.id,
      since: argv.since === undefined ? undefined : parseSince(argv.since),
    });
    if (argv.json) {
      printJson(context.io, entries);
      return;
    }
    if (entries.length === 0) {
      context.io.stdout('No configuration changes recorded.\n');
      return;
    }
    context.io.stdout(
      table(
        ['TIME (UTC)', 'SOURCE', 'ACTION', 'ENTITY', 'ID', 'OLD', 'NEW'],
        entries.map((entry) => [formatTime(entry.createdAt), entry.source, entry.action, entry.entity, entry.entityId, brief(entry.oldValue), brief(entry.newValue)]),
      ),
    );
  },
});
