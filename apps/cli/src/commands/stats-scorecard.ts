/** `provider-cli stats --scorecard`: how each provider and model served, local servers beside cloud ones. */
import type { ScorecardRow } from '@router/store';
import type { CliContext } from '../context.js';
import { printJson, table } from '../io.js';
import { formatTime } from '../parse.js';
import { formatUsd } from './stats.js';

const percent = (value: number | null) => (value === null ? null : `${(value * 100).toFixed(1)}%`);
const ms = (value: number | null) => (value === null ? null : `${Math.round(value)}`);
const rate = (value: number | null) => (value === null ? null : value.toFixed(1));

/** A row's cost: unknown when no request of it has a known price, and how many were priced when only some were. */
function costCell(row: ScorecardRow): string {
  if (row.cost === null) return 'unknown';
  return row.costedRequests < row.rows ? `${formatUsd(row.cost)} (${row.costedRequests} of ${row.rows})` : formatUsd(row.cost);
}

/** The scorecard as a table, one row per provider and model. */
export function scorecardTable(rows: readonly ScorecardRow[]): string {
  return table(
    ['PROVIDER', 'MODEL', 'WHERE', 'REQUESTS', 'SUCCESS', 'EMPTY', 'TTFT P50', 'TTFT P95', 'DECODE T/S', 'PROMPT T/S', 'COLD STARTS', 'LOAD MEAN', 'LOAD MAX', 'COST', 'COST/1K'],
    rows.map((row) => [
      row.providerId, row.model, row.local ? 'local' : 'cloud', row.requests, percent(row.successRate), percent(row.emptyAnswerRate), ms(row.ttftP50Ms), ms(row.ttftP95Ms),
      rate(row.decodeTokensPerSecond), rate(row.promptTokensPerSecond), row.coldStarts, ms(row.loadMeanMs), ms(row.loadMaxMs), costCell(row),
      row.costPer1kRequests === null ? 'unknown' : formatUsd(row.costPer1kRequests),
    ]),
  );
}

/** Prints the scorecard since `since` (undefined: all time). */
export async function printScorecard(context: CliContext, options: { since: number | undefined; provider?: string; json?: boolean }): Promise<void> {
  const rows = await context.client().scorecard({ since: options.since, provider: options.provider });
  if (options.json) return printJson(context.io, { since: options.since === undefined ? null : new Date(options.since).toISOString(), rows });
  const period = options.since === undefined ? 'all time' : `since ${formatTime(options.since)} UTC`;
  if (rows.length === 0) return context.io.stdout(`No requests to any provider ${period}.\n`);
  context.io.stdout(
    `Scorecard ${period} (times in ms; TTFT: time to first token of streamed answers, cold starts left out; PROMPT T/S: prompt tokens over TTFT, an approximation):\n${scorecardTable(rows)}`,
  );
}
