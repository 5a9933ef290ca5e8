/** `provider-cli history`: the latest requests from the request log. */
import { logEndpointName } from '@router/store';
import { CliError, colours, printJson, table } from '../io.js';
import { endpointOption, formatTime, parseEndpoint, parseSince, positiveInt } from '../parse.js';
import { defineCommand } from './command.js';

const STATUS = /^([1-5]\d\d|success|ok|error|client_closed|stream_error)$/;

export const historyCommand = defineCommand({
  command: 'history',
  remote: true,
  describe: 'Show recent requests from the request log, newest first',
  builder: (yargs) =>
    yargs
      .option('limit', { type: 'string', default: 20, describe: 'How many rows (1-1000)' })
      .option('endpoint', endpointOption)
      .option('provider', { type: 'string', describe: 'Only this provider' })
      .option('model', { type: 'string', describe: 'Only this requested model' })
      .option('status', { type: 'string', describe: 'An HTTP status (502) or an outcome (success, error, client_closed, stream_error)' })
      .option('since', { type: 'string', describe: 'Only newer requests: a duration (30m, 1h, 7d) or an ISO date (2025-01-31)' })
      .example('$0 history --limit 5', 'The five latest requests')
      .example('$0 history --provider groq --status error --since 1h', 'Groq\'s failures in the last hour')
      .example('$0 history --endpoint messages', 'Anthropic Messages requests only'),
  run: async (context, argv) => {
    const limit = positiveInt(argv.limit, 'limit', 1000);
    const status = argv.status === undefined ? undefined : String(argv.status).trim();
    if (status !== undefined && !STATUS.test(status)) throw new CliError(`--status expects an HTTP status like 502 or an outcome like success, error, client_closed; got "${status}"`);
    const since = argv.since === undefined ? undefined : parseSince(argv.since);
    const endpoint = parseEndpoint(argv.endpoint);
    const listed = await context.client().listRequests({ limit, endpoint, provider: argv.provider, model: argv.model, status, since, details: argv.json === true });
    const { total } = listed;
    // a row may hold what its providers sent back: their secrets are masked in it, however short
    const rows = listed.rows.map((row) => context.redactFrom(row, providersOf(row)));
    if (argv.json) {
      // The assembled response is there; the raw SSE text it came from is left to the API's detail view.
      printJson(context.io, { total, rows: rows.map(({ responseStream: _stream, ...row }) => row) });
      return;
    }
    if (rows.length === 0) {
      context.io.stdout(total === 0 && !endpoint && !argv.provider && !argv.model && !status && since === undefined ? 'No requests logged yet.\n' : 'No request matches.\n');
      return;
    }
    const paint = colours(context.io.isTTY);
    context.io.stdout(
      table(
        ['TIME (UTC)', 'ID', 'ENDPOINT', 'PROVIDER', 'MODEL', 'STATUS', 'MS', 'TTFB', 'TOKENS', 'ERROR'],
        rows.map((row) => [
          formatTime(row.createdAt),
          row.id,
          logEndpointName(row.endpoint),
          row.providerId,
          row.model,
          (row.outcome === 'success' ? paint.green : paint.red)(`${row.status} ${row.outcome}`),
          Math.round(row.durationMs),
          row.ttfbMs === null ? null : Math.round(row.ttfbMs),
          row.totalTokens,
          row.errorMessage ? row.errorMessage.replace(/\s+/g, ' ').slice(0, 60) : null,
        ]),
      ) + (total > rows.length ? paint.dim(`Showing ${rows.length} of ${total}; use --limit for more.\n`) : ''),
    );
  },
});

/** The providers a log row went to: its own and every attempt's. */
function providersOf(row: { providerId: string | null; attempts: string }): string[] {
  const ids = [row.providerId ?? ''];
  try {
    const attempts: unknown = JSON.parse(row.attempts);
    if (Array.isArray(attempts)) for (const attempt of attempts) if (typeof attempt?.providerId === 'string') ids.push(attempt.providerId);
  } catch {
    // not JSON: the row's own provider is all there is
  }
  return ids;
}
