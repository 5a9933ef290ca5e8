/** `provider-cli history`: the latest requests from the log. */
import type { Command } from './command.js';
import { table } from '../io.js';

export const historyCommand: Command = (context) => ({
  command: 'history',
  describe: 'Show recent requests from the request log',
  builder: (yargs) =>
    yargs
      .option('limit', { type: 'number', default: 20, describe: 'How many rows' })
      .option('provider', { type: 'string', describe: 'Only this provider' })
      .option('status', { type: 'string', describe: 'HTTP status or outcome (success, error, client_closed)' })
      .example('$0 history --limit 5', ''),
  handler: async (argv: any) => {
    const store = await context.store();
    const { rows } = await store.logs.list({ limit: argv.limit, providerId: argv.provider, status: argv.status });
    if (argv.json) {
      context.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) {
      context.io.stdout('No requests logged yet.\n');
      return;
    }
    context.io.stdout(
      table(
        ['TIME', 'ID', 'PROVIDER', 'MODEL', 'STATUS', 'MS', 'TOKENS'],
        rows.map((row) => [
          new Date(row.createdAt).toISOString().replace('T', ' ').slice(0, 19),
          row.id.slice(0, 12),
          row.providerId,
          row.model,
          `${row.status} ${row.outcome}`,
          Math.round(row.durationMs),
          row.totalTokens,
        ]),
      ),
    );
  },
});
