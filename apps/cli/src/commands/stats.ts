/** `provider-cli stats`: aggregates per endpoint, provider and model over a period. */
import { logEndpointName } from '@router/store';
import { CliError, printJson, table } from '../io.js';
import { printScorecard } from './stats-scorecard.js';
import { endpointOption, formatTime, parseEndpoint, parseSince } from '../parse.js';
import { defineCommand } from './command.js';
import type { CliContext } from '../context.js';

const ms = (value: number | null) => (value === null ? null : `${Math.round(value)}`);

/** US dollars to the cent, or to the first significant digits below a dollar. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  return `$${Number(value.toPrecision(2)).toFixed(Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(value))))))}`;
}

/** A row's cost: unknown when no request of it has a known price, and how many were priced when only some were. */
function costCell(row: { cost: number | null; costedRequests: number; requests: number }): string {
  if (row.cost === null || row.costedRequests === 0) return 'unknown';
  return row.costedRequests < row.requests ? `${formatUsd(row.cost)} (${row.costedRequests} of ${row.requests})` : formatUsd(row.cost);
}

const rate = (value: number) => `${(value * 100).toFixed(1)}%`;

/** `stats --by target`: one row per arm of each route. */
async function printTargetStats(context: CliContext, query: { since?: number; endpoint?: string; provider?: string; model?: string }, json: boolean): Promise<void> {
  const rows = await context.client().targetStats(query);
  if (json) return printJson(context.io, { since: query.since === undefined ? null : new Date(query.since).toISOString(), by: 'target', rows });
  const period = query.since === undefined ? 'all time' : `since ${formatTime(query.since)} UTC`;
  if (rows.length === 0) return context.io.stdout(`No requests ${period}.\n`);
  context.io.stdout(
    `Per arm, ${period} (live traffic; shadow and replay calls are in \`shadow report\`)\n` +
      table(
        ['ROUTE', 'PROVIDER', 'UPSTREAM MODEL', 'REQUESTS', 'SUCCESS', 'P50 MS', 'P95 MS', 'TTFT P50', 'TTFT P95', 'TOKENS IN', 'TOKENS OUT', 'COST'],
        rows.map((row) => [row.model, row.providerId, row.upstreamModel, row.requests, rate(row.successRate), ms(row.p50Ms), ms(row.p95Ms), ms(row.ttftP50Ms), ms(row.ttftP95Ms), row.promptTokens, row.completionTokens, costCell(row)]),
      ),
  );
}

export const statsCommand = defineCommand({
  command: 'stats',
  remote: true,
  describe: 'Requests, success rate, p50/p95 latency, time to first byte, tokens and cost per endpoint, provider and model',
  builder: (yargs) =>
    yargs
      .option('since', { type: 'string', describe: 'Period start: a duration (1h, 7d), an ISO date, or "all" (default 24h; 7d with --scorecard)' })
      .option('scorecard', { type: 'boolean', default: false, describe: 'Per provider and model: success and empty-answer rates, time to first token, decode and prompt speed, cold starts, cost' })
      .option('endpoint', endpointOption)
      .option('provider', { type: 'string', describe: 'Only this provider' })
      .option('model', { type: 'string', describe: 'Only this requested model' })
      .option('key', { type: 'string', describe: 'Only the requests of this client key (its id or name)' })
      .option('by', { choices: ['model', 'key', 'target'] as const, default: 'model' as const, describe: 'One row per endpoint, provider and model; per client key; or per target (each arm of each route: requested model × provider × upstream model, live traffic only)' })
      .example('$0 stats', 'The last 24 hours')
      .example('$0 stats --since 7d --provider groq --json', 'Groq over a week, as JSON')
      .example('$0 stats --endpoint responses', 'Responses API traffic only')
      .example('$0 stats --by key --since 30d', 'Requests, tokens and spend per client key')
      .example('$0 stats --by target --model fast', 'How each arm of the route "fast" is doing')
      .example('$0 stats --scorecard --since 7d', 'Local servers and cloud providers side by side'),
  run: async (context, argv) => {
    if (argv.scorecard) {
      // the scorecard is per provider and model over every endpoint: the other filters do not apply
      const other = (['endpoint', 'model', 'key'] as const).find((name) => argv[name] !== undefined) ?? (argv.by !== 'model' ? 'by' : undefined);
      if (other) throw new CliError(`--scorecard takes --since and --provider only, not --${other}`);
      return printScorecard(context, { since: parseSince(argv.since ?? '7d'), provider: argv.provider, json: argv.json });
    }
    const since = parseSince(argv.since ?? '24h');
    const endpoint = parseEndpoint(argv.endpoint);
    const query = { since, endpoint, provider: argv.provider, model: argv.model, key: argv.key };
    const period = since === undefined ? 'all time' : `since ${formatTime(since)} UTC`;
    if (argv.by === 'target') return printTargetStats(context, { since, endpoint, provider: argv.provider, model: argv.model }, argv.json === true);
    if (argv.by === 'key') {
      const keys = await context.client().keyStats(query);
      if (argv.json) return printJson(context.io, { since: since === undefined ? null : new Date(since).toISOString(), keys });
      if (keys.length === 0) return context.io.stdout(`No requests with a client key ${period}.\n`);
      context.io.stdout(
        `Requests per client key ${period}:\n` +
          table(
            ['KEY', 'NAME', 'REQUESTS', 'SUCCESS', 'TOKENS IN', 'TOKENS OUT', 'SPEND', 'LAST USED'],
            keys.map((row) => [row.keyId, row.name ?? '(removed)', row.requests, `${((row.successes / row.requests) * 100).toFixed(1)}%`, row.promptTokens, row.completionTokens, costCell(row), formatTime(row.lastUsedAt)]),
          ),
      );
      return;
    }
    const rows = await context.client().stats(query);
    if (argv.json) {
      printJson(context.io, { since: since === undefined ? null : new Date(since).toISOString(), rows });
      return;
    }
    if (rows.length === 0) {
      context.io.stdout(`No requests ${period}.\n`);
      return;
    }
    const requests = rows.reduce((sum, row) => sum + row.requests, 0);
    const successes = rows.reduce((sum, row) => sum + row.successes, 0);
    context.io.stdout(
      `Requests ${period}: ${requests}, ${((successes / requests) * 100).toFixed(1)}% successful\n` +
        table(
          ['ENDPOINT', 'PROVIDER', 'MODEL', 'REQUESTS', 'SUCCESS', 'P50 MS', 'P95 MS', 'TTFB P50', 'TOKENS IN', 'TOKENS OUT', 'COST'],
          rows.map((row) => [logEndpointName(row.endpoint), row.providerId, row.model, row.requests, `${(row.successRate * 100).toFixed(1)}%`, ms(row.p50Ms), ms(row.p95Ms), ms(row.ttfbP50Ms), row.promptTokens, row.completionTokens, costCell(row)]),
        ),
    );
  },
});
