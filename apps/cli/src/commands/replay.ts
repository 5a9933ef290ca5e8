/**
 * `provider-cli replay --from <provider|route> --to <provider-id>[:<model>]`: sends logged requests
 * again to another target and logs each answer as a replay row paired with the logged one
 * (`pair_role` `replay`, `pair_id` the logged row's id), so the two can be compared (`shadow
 * report`). Everything is checked before the first request is sent; a few at a time
 * (`--concurrency`); Ctrl-C stops sending, cancels what is in flight and prints the summary.
 */
import { RouterError, type ReplayResult, type ReplayTarget } from '@router/core';
import { assertModelId, isProviderId } from '@router/store';
import { CliError, printJson, table, type CliIO } from '../io.js';
import { formatTime, parseSince, positiveInt } from '../parse.js';
import type { ReplayRow } from '../client/router-client.js';
import { defineCommand } from './command.js';

/** Most requests sent at once. */
const MAX_CONCURRENCY = 16;

/** Parses `--to`: `<provider-id>[:<model>]` (the model may itself contain `:`, as `qwen/qwen3-coder:free` does). */
export function parseReplayTarget(value: unknown): ReplayTarget {
  const text = String(value ?? '').trim();
  const colon = text.indexOf(':');
  const providerId = colon === -1 ? text : text.slice(0, colon);
  const model = colon === -1 ? null : text.slice(colon + 1);
  if (!isProviderId(providerId)) throw new CliError(`--to must be <provider-id>[:<model>], such as lm-studio-home or lm-studio-home:qwen3-coder; got "${text}"`);
  if (model !== null) {
    try {
      assertModelId(model, 'model');
    } catch {
      throw new CliError(`--to names the model "${model}", which is not a model name (letters, digits and . _ : / -)`);
    }
  }
  return model ? { providerId, model } : { providerId };
}

/** A signal that Ctrl-C aborts (the process's, unless the run was given its own), and how to stop listening. */
function stopSignal(io: CliIO): { signal: AbortSignal; release: () => void } {
  if (io.signal) return { signal: io.signal, release: () => undefined };
  const controller = new AbortController();
  const stop = () => controller.abort(new CliError('stopped'));
  process.once('SIGINT', stop);
  return { signal: controller.signal, release: () => process.off('SIGINT', stop) };
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${Math.round(value)} ms`);
const errorText = (error: unknown) => (RouterError.isInstance(error) || error instanceof Error ? error.message : String(error));

export const replayCommand = defineCommand({
  command: 'replay',
  remote: true,
  describe: 'Send logged requests again to another provider (or model) and log each answer paired with the original, to compare them',
  builder: (inner) =>
    inner
      .option('from', { type: 'string', demandOption: true, describe: 'A provider id (the requests it answered) or a route, the model clients asked for (the requests it received)' })
      .option('to', { type: 'string', demandOption: true, describe: 'Where to send them: <provider-id>[:<model>] (default model: each request\'s own)' })
      .option('since', { type: 'string', default: '24h', describe: 'Logged since: 30m, 24h, 7d, an ISO date, or all' })
      .option('limit', { type: 'string', describe: 'At most this many (the newest)' })
      .option('concurrency', { type: 'string', default: '2', describe: `Requests in flight at once (1-${MAX_CONCURRENCY})` })
      .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be sent, send nothing' })
      .example('$0 replay --from openai --since 7d --to lm-studio-home:qwen3-coder --limit 100', 'Last week\'s cloud traffic against a local model')
      .example('$0 replay --from fast --to groq --dry-run', 'What the route "fast" received in the last 24 hours'),
  run: async (context, argv) => {
    const from = String(argv.from).trim();
    if (!from) throw new CliError('--from must name a provider or a route');
    const to = parseReplayTarget(argv.to);
    const since = parseSince(argv.since) ?? 0;
    const limit = argv.limit === undefined ? undefined : positiveInt(argv.limit, 'limit', 100_000);
    const concurrency = positiveInt(argv.concurrency, 'concurrency', MAX_CONCURRENCY);
    const { io } = context;
    const client = context.client();
    const plan = await client.replayCandidates({ from, since, limit, to });
    const target = to.model ? `${to.providerId}:${to.model}` : to.providerId;
    const source = `${plan.from.kind} ${plan.from.id}`;
    const skippedNote = plan.skipped ? `; ${plan.skipped} skipped: no whole request body in the log (see the log_bodies setting)` : '';

    if (argv.dryRun) {
      if (argv.json) return printJson(io, { from: plan.from, to, since, dryRun: true, skipped: plan.skipped, requests: plan.rows.map(({ body: _body, ...row }) => row) });
      io.stdout(`Would replay ${plan.rows.length} request${plan.rows.length === 1 ? '' : 's'} from ${source} to ${target}${skippedNote}.\n`);
      if (plan.rows.length) io.stdout(table(['ID', 'LOGGED', 'ENDPOINT', 'MODEL', 'STREAM'], plan.rows.map((row) => [row.id, formatTime(row.createdAt), row.endpoint, row.model, row.stream ? 'yes' : 'no'])));
      return;
    }
    if (plan.rows.length === 0) {
      if (argv.json) return printJson(io, { from: plan.from, to, since, sent: 0, succeeded: 0, failed: 0, skipped: plan.skipped, stopped: false, results: [] });
      io.stdout(`Nothing to replay from ${source} since ${formatTime(since)}${skippedNote}.\n`);
      return;
    }

    if (!argv.json) io.stdout(`Replaying ${plan.rows.length} request${plan.rows.length === 1 ? '' : 's'} from ${source} to ${target}, ${concurrency} at a time${skippedNote}.\n`);
    const { signal, release } = stopSignal(io);
    const results: (ReplayResult | { pairId: string; ok: false; error: string; requestId: null })[] = [];
    let next = 0;
    let done = 0;
    let cancelled = 0;
    const width = String(plan.rows.length).length;
    const worker = async () => {
      while (!signal.aborted && next < plan.rows.length) {
        const row: ReplayRow = plan.rows[next++];
        let result: (typeof results)[number];
        try {
          result = await client.replay(row, to, signal);
        } catch (error) {
          result = { pairId: row.id, ok: false, error: errorText(error), requestId: null };
        }
        // cut short by the stop: neither a success nor the target's failure
        if (signal.aborted && !result.ok) {
          cancelled++;
          return;
        }
        results.push(result);
        done++;
        if (!argv.json) {
          const timing = 'status' in result ? `${result.status}  ${result.stream ? `first token ${ms(result.ttftMs)}, ` : ''}${ms(result.totalMs)}` : '';
          io.stdout(`[${String(done).padStart(width)}/${plan.rows.length}] ${row.id} ${result.ok ? 'ok' : 'failed'}  ${timing}${result.ok ? '' : `  ${result.error}`}\n`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, plan.rows.length) }, worker));
    } finally {
      release();
      // the replays' rows are written before the summary says they were sent
      await client.finishReplay(results.flatMap((result) => (result.requestId ? [result.requestId] : [])));
    }
    const succeeded = results.filter((result) => result.ok).length;
    const summary = { sent: results.length, succeeded, failed: results.length - succeeded, skipped: plan.skipped, stopped: signal.aborted, cancelled, notSent: plan.rows.length - results.length - cancelled };
    if (argv.json) printJson(io, { from: plan.from, to, since, ...summary, results });
    else io.stdout(`${signal.aborted ? 'Stopped. ' : ''}Sent ${summary.sent}, succeeded ${summary.succeeded}, failed ${summary.failed}, skipped ${summary.skipped}${cancelled ? `, cancelled ${cancelled}` : ''}${summary.notSent ? `, not sent ${summary.notSent}` : ''}. Compare them with \`provider-cli shadow report\`.\n`);
    if (signal.aborted) throw new CliError(`stopped after ${summary.sent} of ${plan.rows.length} requests`, 130);
  },
});
