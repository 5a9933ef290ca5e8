/**
 * `provider-cli shadow report <route>`: live requests beside their shadow (and replay) calls —
 * latency, time to first token, tokens, cost, the answers (cut to fit the table; whole with
 * `--full` or `--json`) and how far they agree — with a summary.
 */
import { assertModelId, type PairRow, type PairSide, type PairSummary } from '@router/store';
import { printJson, table } from '../io.js';
import { formatTime, parseSince, positiveInt } from '../parse.js';
import { formatUsd } from './stats.js';
import { defineCommand } from './command.js';

const TEXT_WIDTH = 32;

/** A text on one line, cut to `width` characters. */
export function cut(text: string | null, width = TEXT_WIDTH): string {
  if (text === null) return '-';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

const ms = (value: number | null) => (value === null ? '-' : String(Math.round(value)));
const signed = (value: number | null, unit = ' ms') => (value === null ? '-' : `${value > 0 ? '+' : ''}${Math.round(value)}${unit}`);
const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const cost = (value: number | null) => (value === null ? '?' : formatUsd(value));
const target = (side: PairSide) => `${side.providerId ?? '-'}${side.upstreamModel ? `:${side.upstreamModel}` : ''}`;
const answer = (side: PairSide) => (side.outcome === 'success' ? side.text ?? (side.toolCalls ? `[tool calls] ${side.toolCalls}` : '') : `[${side.outcome}] ${side.errorMessage ?? ''}`);

/** The summary line. */
export function describeSummary(summary: PairSummary, total: number): string {
  const delta = summary.costDelta ?? 0;
  const costs = summary.primaryCost === null ? 'cost unknown' : `cost ${cost(summary.primaryCost)} → ${cost(summary.pairCost)} (${delta < 0 ? '-' : '+'}${cost(Math.abs(delta))})`;
  return (
    `${summary.pairs} pair${summary.pairs === 1 ? '' : 's'}${total > summary.pairs ? ` (newest of ${total})` : ''}, ${summary.bothSucceeded} with both answered: ` +
    `mean similarity ${summary.meanSimilarity ?? '-'}, exact match ${percent(summary.exactMatchRate)}, same tool calls ${percent(summary.sameToolCallsRate)}; ` +
    `latency ${signed(summary.meanLatencyDeltaMs)}, TTFT ${signed(summary.meanTtftDeltaMs)} (shadow less primary, mean); ${costs}\n`
  );
}

function fullText(pair: PairRow): string {
  return [
    `${pair.role} ${pair.pair.id} of ${pair.primary.id} (${formatTime(pair.pair.createdAt)} UTC)`,
    `  primary ${target(pair.primary)}: ${ms(pair.primary.durationMs)} ms, TTFT ${ms(pair.primary.ttftMs)} ms, tokens ${pair.primary.promptTokens ?? '-'}/${pair.primary.completionTokens ?? '-'}, ${cost(pair.primary.cost)}`,
    ...answer(pair.primary).split('\n').map((line) => `    ${line}`),
    `  ${pair.role} ${target(pair.pair)}: ${ms(pair.pair.durationMs)} ms, TTFT ${ms(pair.pair.ttftMs)} ms, tokens ${pair.pair.promptTokens ?? '-'}/${pair.pair.completionTokens ?? '-'}, ${cost(pair.pair.cost)}`,
    ...answer(pair.pair).split('\n').map((line) => `    ${line}`),
    `  similarity ${pair.agreement.similarity}, exact ${pair.agreement.exactMatch ? 'yes' : 'no'}, same tool calls ${pair.agreement.sameToolCalls === null ? '-' : pair.agreement.sameToolCalls ? 'yes' : 'no'}`,
  ].join('\n');
}

export const shadowReportCommand = defineCommand({
  command: 'report <route>',
  remote: true,
  describe: 'Live requests beside their shadow and replay calls: latency, TTFT, tokens, cost, answers and agreement',
  builder: (inner) =>
    inner
      .positional('route', { type: 'string', demandOption: true, describe: 'The model name clients ask for' })
      .option('since', { type: 'string', default: '24h', describe: 'Period start: a duration (1h, 7d), an ISO date, or "all"' })
      .option('limit', { type: 'number', default: 50, describe: 'Most pairs shown, newest first (the summary covers those shown; at most 1000)' })
      .option('role', { type: 'string', choices: ['shadow', 'replay'], describe: 'Only shadow or only replay pairs (default both)' })
      .option('full', { type: 'boolean', default: false, describe: 'Every pair with its whole answers instead of the table' })
      .example('$0 shadow report coder', 'The last 24 hours')
      .example('$0 shadow report coder --since 7d --role replay --full', 'Replayed requests over a week, answers in full'),
  run: async (context, argv) => {
    const model = assertModelId(String(argv.route), 'route');
    const since = parseSince(argv.since);
    const limit = positiveInt(argv.limit, 'limit', 1000);
    const role = argv.role as 'shadow' | 'replay' | undefined;
    const report = await context.client().shadowReport({ model, since, limit, role });
    if (argv.json) return printJson(context.io, { since: since === undefined ? null : new Date(since).toISOString(), total: report.total, summary: report.summary, pairs: report.pairs });
    const period = since === undefined ? 'all time' : `since ${formatTime(since)} UTC`;
    if (report.pairs.length === 0) return context.io.stdout(`No shadow or replay pairs for ${model} ${period}.\n`);
    const out = [`Route ${model}, ${period}\n`, describeSummary(report.summary, report.total)];
    if (argv.full) out.push(report.pairs.map(fullText).join('\n\n') + '\n');
    else {
      out.push(
        table(
          ['ROLE', 'PRIMARY', 'PAIR', 'MS', 'TTFT', 'TOKENS OUT', 'COST', 'SIMILAR', 'EXACT', 'TOOLS', 'PRIMARY ANSWER', 'PAIR ANSWER'],
          report.pairs.map((pair) => [
            pair.role, target(pair.primary), target(pair.pair), `${ms(pair.primary.durationMs)}/${ms(pair.pair.durationMs)}`, `${ms(pair.primary.ttftMs)}/${ms(pair.pair.ttftMs)}`,
            `${pair.primary.completionTokens ?? '-'}/${pair.pair.completionTokens ?? '-'}`, `${cost(pair.primary.cost)}/${cost(pair.pair.cost)}`, pair.agreement.similarity,
            pair.agreement.exactMatch ? 'yes' : 'no', pair.agreement.sameToolCalls === null ? '-' : pair.agreement.sameToolCalls ? 'same' : 'differ', cut(answer(pair.primary)), cut(answer(pair.pair)),
          ]),
        ),
        'Answers are cut to fit; --full shows them whole.\n',
      );
    }
    context.io.stdout(out.join(''));
  },
});
