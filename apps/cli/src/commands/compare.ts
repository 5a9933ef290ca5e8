/**
 * `provider-cli compare`: sends one prompt to 2–6 `<provider-id>/<model>` targets of a running
 * router at once (`POST /v1/compare`, server-sent events read with eventsource-parser), shows each
 * target's progress as its answer streams, then prints a side-by-side summary (or JSON). It talks
 * to the router over HTTP and never opens the database.
 */
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import { CliError, colours, printJson, table, type CliIO } from '../io.js';
import { defineCommand } from './command.js';
import { DEFAULT_ROUTER_URL, describeFetchError, errorMessage, routerUrl } from './logs-tail.js';

/** Fewest and most targets a comparison takes. */
const MIN_TARGETS = 2;
const MAX_TARGETS = 6;
/** Characters of each answer the table shows. */
const ANSWER_WIDTH = 60;
/** Fewest milliseconds between two redraws of the live lines on a terminal. */
const REDRAW_MS = 50;

/** A target's `done` event, as the router sends it. */
interface Done {
  target: string;
  status: 'ok' | 'error';
  httpStatus: number | null;
  requestId: string;
  ttftMs: number | null;
  totalMs: number;
  tokensPerSecond: number | null;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null } | null;
  finishReason: string | null;
  error?: { message: string; type: string | null; code: string | null };
}

/** What the command keeps of each target while its answer streams. */
interface Leg {
  target: string;
  text: string;
  reasoning: string;
  toolCalls: number;
  deltas: number;
  done?: Done;
}

/** The comparison's result, as `--json` prints it. */
export interface CompareSummary {
  compareId: string;
  targets: (Omit<Done, 'error'> & { error: Done['error'] | null; text: string; reasoning: string | null })[];
}

/** Checks the targets before anything is sent: 2–6, each `<provider-id>/<model>`, none twice. */
export function checkTargets(targets: readonly string[]): string[] {
  const cleaned = targets.map((target) => String(target).trim());
  if (cleaned.length < MIN_TARGETS || cleaned.length > MAX_TARGETS) throw new CliError(`name ${MIN_TARGETS} to ${MAX_TARGETS} targets with --target <provider-id>/<model>; got ${cleaned.length}`);
  const seen = new Set<string>();
  for (const target of cleaned) {
    if (!/^[^/\s]+\/\S/.test(target)) throw new CliError(`--target must be <provider-id>/<model>, such as lm-studio-home/qwen3-coder; got "${target}"`);
    if (seen.has(target)) throw new CliError(`--target ${target} is named twice`);
    seen.add(target);
  }
  return cleaned;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const ms = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${Math.round(value)} ms`);

/** The live view: on a terminal, a line per target redrawn in place on stderr; otherwise a plain line per target as it starts answering and as it ends. */
function createLiveView(io: CliIO, legs: Leg[], enabled: boolean) {
  const paint = colours(io.isTTY);
  const width = Math.max(...legs.map((leg) => leg.target.length));
  const line = (leg: Leg) => {
    const name = leg.target.padEnd(width);
    if (leg.done) {
      const status = leg.done.status === 'ok' ? paint.green('done') : paint.red('error');
      return `${name}  ${status}  ${ms(leg.done.totalMs)}  ${cut(oneLine(leg.done.error?.message ?? leg.text), 50)}`;
    }
    if (leg.deltas === 0) return `${name}  ${paint.dim('waiting…')}`;
    const shown = oneLine(leg.text).slice(-50) || (leg.reasoning ? paint.dim('(reasoning)') : leg.toolCalls ? paint.dim('(tool calls)') : '');
    return `${name}  ${paint.cyan('streaming')}  ${leg.deltas} chunks  ${shown}`;
  };
  let drawn = false;
  let last = 0;
  const draw = (force: boolean) => {
    if (!enabled || !io.isTTY) return;
    const now = Date.now();
    if (!force && now - last < REDRAW_MS) return;
    last = now;
    // a line wider than the terminal would wrap, and the redraw would climb too few lines
    const columns = Math.max(20, (process.stderr.columns || 100) - 1);
    const fit = (text: string) => (text.replace(/\u001b\[[0-9;]*m/g, '').length > columns ? cut(text.replace(/\u001b\[[0-9;]*m/g, ''), columns) : text);
    const lines = legs.map((leg) => `\r\u001b[K${fit(line(leg))}`).join('\n');
    io.stderr(`${drawn ? `\u001b[${legs.length - 1}A\r` : ''}${lines}`);
    drawn = true;
  };
  return {
    start: () => draw(true),
    delta(leg: Leg) {
      if (enabled && !io.isTTY && leg.deltas === 1) io.stdout(`${leg.target}: answering\n`);
      draw(false);
    },
    done(leg: Leg) {
      if (enabled && !io.isTTY) io.stdout(`${leg.target}: ${leg.done!.status === 'ok' ? 'done' : `error: ${oneLine(leg.done!.error?.message ?? 'failed')}`} (${ms(leg.done!.totalMs)})\n`);
      draw(true);
    },
    finish() {
      if (enabled && io.isTTY && drawn) io.stderr('\n');
    },
  };
}

/** Options of `runComparison`. */
export interface CompareOptions {
  url: URL;
  adminKey?: string;
  targets: string[];
  prompt: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  json: boolean;
  io: CliIO;
  signal?: AbortSignal;
}

/** Runs a comparison on the router and prints its progress and summary; throws a `CliError` for anything that kept it from completing. */
export async function runComparison(options: CompareOptions): Promise<CompareSummary> {
  const { io, url } = options;
  const endpoint = new URL('v1/compare', url.href.endsWith('/') ? url : `${url.href}/`);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.adminKey) headers.authorization = `Bearer ${options.adminKey}`;
  const messages = [...(options.system ? [{ role: 'system', content: options.system }] : []), { role: 'user', content: options.prompt }];
  const body = { targets: options.targets, messages, ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}), ...(options.temperature !== undefined ? { temperature: options.temperature } : {}) };
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal: options.signal });
  } catch (error) {
    throw describeFetchError(error, url);
  }
  if (response.status === 401) throw new CliError(`the router at ${url.origin} wants its admin key (401: ${await errorMessage(response)}); set ROUTER_ADMIN_KEY to its ADMIN_API_KEY`);
  if (response.status === 403) throw new CliError(`the router at ${url.origin} refused this client (403: ${await errorMessage(response)}); set ADMIN_API_KEY on the router and ROUTER_ADMIN_KEY here`);
  if (response.status === 404) throw new CliError(`the router at ${url.origin} cannot compare (404); it may be an older version`);
  if (!response.ok) throw new CliError(`the router refused the comparison (${response.status}): ${await errorMessage(response)}`);
  if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '') || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new CliError(`${url.origin} did not answer with an event stream; is --server the router's URL?`);
  }

  const legs = options.targets.map((target): Leg => ({ target, text: '', reasoning: '', toolCalls: 0, deltas: 0 }));
  const byTarget = new Map(legs.map((leg) => [leg.target, leg]));
  const view = createLiveView(io, legs, !options.json);
  let compareId = '';
  let ended = false;
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  view.start();
  try {
    while (!ended) {
      let next: { done: boolean; value?: EventSourceMessage };
      try {
        next = await reader.read();
      } catch (error) {
        throw new CliError(`lost the connection to the router at ${url.origin}: ${(error as Error)?.message ?? String(error)}`);
      }
      if (next.done || !next.value) throw new CliError(`the router at ${url.origin} closed the comparison before it ended`);
      const event = next.value;
      const data = JSON.parse(event.data) as Record<string, any>;
      if (event.event === 'start') compareId = String(data.compareId ?? '');
      else if (event.event === 'end') ended = true;
      else {
        const leg = byTarget.get(String(data.target));
        if (!leg) continue;
        if (event.event === 'delta') {
          leg.deltas++;
          if (typeof data.text === 'string') leg.text += data.text;
          if (typeof data.reasoning === 'string') leg.reasoning += data.reasoning;
          if (data.tool_call) leg.toolCalls++;
          view.delta(leg);
        } else if (event.event === 'done') {
          leg.done = data as Done;
          view.done(leg);
        }
      }
    }
  } finally {
    view.finish();
    await reader.cancel().catch(() => undefined);
  }

  const summary: CompareSummary = {
    compareId,
    targets: legs.map((leg) => {
      const done = leg.done ?? { target: leg.target, status: 'error' as const, httpStatus: null, requestId: '', ttftMs: null, totalMs: 0, tokensPerSecond: null, usage: null, finishReason: null, error: { message: 'no result', type: null, code: null } };
      const { error, ...rest } = done;
      return { ...rest, error: error ?? null, text: leg.text, reasoning: leg.reasoning || null };
    }),
  };
  if (options.json) printJson(io, summary);
  else io.stdout(formatSummaryTable(summary, io.isTTY));
  return summary;
}

/** The side-by-side table: target, status, TTFT, total, tok/s, tokens (prompt/completion), the answer's start (or the error). */
export function formatSummaryTable(summary: CompareSummary, isTTY = false): string {
  const paint = colours(isTTY);
  const rows = summary.targets.map((leg) => {
    const tokens = leg.usage ? `${leg.usage.promptTokens ?? '-'}/${leg.usage.completionTokens ?? '-'}` : '-';
    const answer = leg.status === 'ok' ? oneLine(leg.text) || (leg.reasoning ? '(reasoning only)' : '(no text)') : oneLine(leg.error?.message ?? 'failed');
    return [
      leg.target,
      leg.status === 'ok' ? paint.green('ok') : paint.red(`error${leg.httpStatus && leg.httpStatus >= 400 ? ` ${leg.httpStatus}` : ''}`),
      ms(leg.ttftMs),
      ms(leg.totalMs),
      leg.tokensPerSecond === null ? '-' : String(leg.tokensPerSecond),
      tokens,
      cut(answer, ANSWER_WIDTH),
    ];
  });
  return `${table(['TARGET', 'STATUS', 'TTFT', 'TOTAL', 'TOK/S', 'TOKENS IN/OUT', 'ANSWER'], rows)}${summary.compareId ? paint.dim(`Compare id ${summary.compareId} (GET /v1/compare/${summary.compareId})\n`) : ''}`;
}

export const compareCommand = defineCommand({
  command: 'compare <prompt>',
  describe: 'Send one prompt to 2–6 provider/model targets of a running router at once and compare the answers side by side',
  database: 'none',
  builder: (yargs) =>
    yargs
      .positional('prompt', { type: 'string', demandOption: true, describe: 'The prompt (a user message)' })
      // repeated, not `array`: an array option would swallow the prompt that follows it
      .option('target', { type: 'string', demandOption: true, describe: `A target, <provider-id>/<model>; repeat it for ${MIN_TARGETS} to ${MAX_TARGETS} targets` })
      .option('system', { type: 'string', describe: 'A system message sent before the prompt' })
      .option('max-tokens', { type: 'number', describe: 'max_tokens for every target' })
      .option('temperature', { type: 'number', describe: 'temperature for every target (0 to 2)' })
      .example('$0 compare --target lm-studio-home/qwen3-coder --target qwen-cloud/qwen3-max "Write a haiku about routers"', 'Two targets side by side')
      .example('$0 compare --target a/m1 --target b/m2 "Hi" --json', 'The summary as JSON'),
  run: async (context, argv) => {
    const url = routerUrl(argv.server, context.io.env);
    const targets = checkTargets([argv.target as string | string[]].flat().map(String));
    const prompt = String(argv.prompt ?? '');
    if (prompt.trim() === '') throw new CliError('the prompt is empty');
    const maxTokens = argv.maxTokens;
    if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) throw new CliError(`--max-tokens must be a positive whole number; got ${argv.maxTokens}`);
    const temperature = argv.temperature;
    if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) throw new CliError(`--temperature must be between 0 and 2; got ${argv.temperature}`);
    const adminKey = context.io.env.ROUTER_ADMIN_KEY?.trim() || undefined;
    // the key is never printed: every line this run writes masks it
    if (adminKey) context.protect({ apiKey: adminKey });
    const summary = await runComparison({
      url, adminKey, targets, prompt, system: argv.system, maxTokens, temperature, json: argv.json === true, io: context.io, signal: context.io.signal,
    });
    const failed = summary.targets.filter((leg) => leg.status !== 'ok').length;
    if (failed) throw new CliError(`${failed} of ${summary.targets.length} targets failed`);
  },
});
