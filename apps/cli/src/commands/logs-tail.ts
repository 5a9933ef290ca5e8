/**
 * `provider-cli logs tail`: follows a running router's live request log (`GET /v1/requests/tail`,
 * server-sent events read with eventsource-parser) and prints a line per request, or JSON lines.
 * It talks to the router over HTTP and never opens the database.
 */
import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import { logEndpointName, logEndpointPath, LOG_ENDPOINT_VALUES } from '@router/store';
import { CliError, colours, type CliIO } from '../io.js';
import { defineCommand } from './command.js';

/** Where the router is when neither `--server` nor `ROUTER_URL` says. */
export const DEFAULT_ROUTER_URL = 'http://127.0.0.1:3001';

/** One `event: request` of the tail, as the router sends it. */
export interface TailSummary {
  phase: 'started' | 'finished';
  id: string;
  startedAt: number;
  endpoint: string;
  provider: string | null;
  model: string | null;
  upstreamModel: string | null;
  stream: boolean;
  status: number;
  outcome: string | null;
  durationMs: number | null;
  ttfbMs: number | null;
  attempts: number;
  errorCode: string | null;
}

/** The router's base URL: `--server`, else `ROUTER_URL`, else the default; a one-line error unless it is an http(s) URL. */
export function routerUrl(option: string | undefined, env: Record<string, string | undefined>): URL {
  const given = (option ?? env.ROUTER_URL ?? '').trim() || DEFAULT_ROUTER_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`${option !== undefined ? '--server' : 'ROUTER_URL'} must be the router's URL, such as ${DEFAULT_ROUTER_URL}; got "${given}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${option !== undefined ? '--server' : 'ROUTER_URL'} must be an http or https URL; got "${given}"`);
  if (url.username || url.password) throw new CliError('the router URL must not carry credentials; set the admin key in ROUTER_ADMIN_KEY');
  return url;
}

/** One line for a tail event. */
export function formatSummary(summary: TailSummary, isTTY = false): string {
  const paint = colours(isTTY);
  const time = new Date(summary.startedAt).toISOString().slice(11, 23);
  const state = summary.phase === 'started' ? 'streaming' : (summary.outcome ?? '-');
  const status = `${summary.status} ${state}`.padEnd(18);
  const coloured = summary.phase === 'started' ? paint.cyan(status) : summary.outcome === 'success' ? paint.green(status) : paint.red(status);
  const target = `${summary.provider ?? '-'}/${summary.model ?? '-'}${summary.upstreamModel && summary.upstreamModel !== summary.model ? ` → ${summary.upstreamModel}` : ''}`;
  const timing = summary.phase === 'started' ? `ttfb ${summary.ttfbMs ?? '-'} ms` : `${summary.durationMs ?? '-'} ms${summary.ttfbMs === null ? '' : ` (ttfb ${summary.ttfbMs} ms)`}`;
  const attempts = summary.attempts === 1 ? '' : `  ${summary.attempts} attempts`;
  const error = summary.errorCode ? `  ${summary.errorCode}` : '';
  return `${paint.dim(time)}  ${coloured}  ${logEndpointName(summary.endpoint).padEnd(12)}  ${target}${summary.stream ? ' (stream)' : ''}  ${timing}${attempts}${error}  ${paint.dim(summary.id)}\n`;
}

/** The router's error message, from its OpenAI-shaped error body when it has one. */
export async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // not JSON: the status says enough
  }
  return response.statusText || 'no message';
}

/** A connection failure as one line (undici hides the reason in `cause`). */
export function describeFetchError(error: unknown, url: URL): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return new CliError(`no router is listening at ${url.origin} (connection refused); start it, or point to it with --server or ROUTER_URL`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliError(`cannot resolve ${url.hostname}; check --server or ROUTER_URL`);
  return new CliError(`cannot reach the router at ${url.origin}: ${cause?.message ?? (error as Error)?.message ?? String(error)}`);
}

/** Options of `followTail`. */
export interface FollowOptions {
  url: URL;
  adminKey?: string;
  filters: Record<string, string | undefined>;
  json: boolean;
  io: CliIO;
  signal?: AbortSignal;
}

/** Opens the tail and prints its events until the router ends it; throws a `CliError` for anything that is not a normal end. */
export async function followTail(options: FollowOptions): Promise<void> {
  const { io, url } = options;
  const tailUrl = new URL('v1/requests/tail', url.href.endsWith('/') ? url : `${url.href}/`);
  for (const [name, value] of Object.entries(options.filters)) if (value !== undefined) tailUrl.searchParams.set(name, value);
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.adminKey) headers.authorization = `Bearer ${options.adminKey}`;
  let response: Response;
  try {
    response = await fetch(tailUrl, { headers, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) return;
    throw describeFetchError(error, url);
  }
  if (response.status === 401) throw new CliError(`the router at ${url.origin} wants its admin key (401: ${await errorMessage(response)}); set ROUTER_ADMIN_KEY to its ADMIN_API_KEY`);
  if (response.status === 403) throw new CliError(`the router at ${url.origin} refused this client (403: ${await errorMessage(response)}); set ADMIN_API_KEY on the router and ROUTER_ADMIN_KEY here`);
  if (response.status === 404 || response.status === 501) throw new CliError(`the router at ${url.origin} has no live request tail (${response.status}); it may be an older version`);
  if (!response.ok) throw new CliError(`the router at ${url.origin} refused the tail (${response.status}: ${await errorMessage(response)})`);
  if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '') || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new CliError(`${url.origin} did not answer with an event stream; is --server the router's URL?`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    let next: { done: boolean; value?: EventSourceMessage };
    try {
      next = await reader.read();
    } catch (error) {
      if (options.signal?.aborted) return;
      throw new CliError(`lost the connection to the router at ${url.origin}: ${(error as Error)?.message ?? String(error)}`);
    }
    const event = next.value;
    if (next.done || !event) throw new CliError(`the router at ${url.origin} closed the tail without saying why`);
    if (event.event === 'ready') {
      io.stderr(`Following the requests of ${url.origin} (Ctrl-C to stop).\n`);
    } else if (event.event === 'request') {
      if (options.json) io.stdout(`${event.data}\n`);
      else io.stdout(formatSummary(JSON.parse(event.data) as TailSummary, io.isTTY));
    } else if (event.event === 'end') {
      await reader.cancel().catch(() => undefined);
      const end = JSON.parse(event.data) as { reason?: string; message?: string };
      if (end.reason === 'server_shutting_down') {
        io.stderr('The router is shutting down; the tail ended.\n');
        return;
      }
      throw new CliError(`the router ended the tail: ${end.message ?? end.reason ?? 'no reason given'}`);
    }
  }
}

export const logsTailCommand = defineCommand({
  command: 'tail',
  describe: 'Follow a running router\'s requests live (a line per request as it finishes, and per stream as it starts)',
  database: 'none',
  builder: (yargs) =>
    yargs
      .option('provider', { type: 'string', describe: 'Only requests answered by this provider' })
      .option('model', { type: 'string', describe: 'Only requests for this model (as the client asked)' })
      .option('status', { type: 'string', describe: 'Only this HTTP status, or success, error, client_closed, stream_error' })
      .option('endpoint', { type: 'string', describe: 'Only this API: chat, messages, count_tokens, responses, embeddings, completions (or its path)' })
      .example('$0 logs tail', 'Follow the router on this machine')
      .example('$0 logs tail --provider lm-studio --status error', 'Only the failures of one provider')
      .example('ROUTER_URL=http://10.0.0.5:3001 ROUTER_ADMIN_KEY=… $0 logs tail --json', 'JSON lines from a router elsewhere'),
  run: async (context, argv) => {
    const url = routerUrl(argv.server, context.io.env);
    const endpoint = argv.endpoint === undefined ? undefined : String(argv.endpoint).trim();
    if (endpoint !== undefined && logEndpointPath(endpoint) === undefined) throw new CliError(`--endpoint must be ${LOG_ENDPOINT_VALUES}; got "${endpoint}"`);
    const status = argv.status === undefined ? undefined : String(argv.status).trim();
    if (status !== undefined && !/^([1-5]\d\d|success|ok|error|client_closed|stream_error)$/.test(status)) throw new CliError(`--status must be an HTTP status or one of success, error, client_closed, stream_error; got "${status}"`);
    const adminKey = context.io.env.ROUTER_ADMIN_KEY?.trim() || undefined;
    // the key is never printed: every line this run writes masks it
    if (adminKey) context.protect({ apiKey: adminKey });
    await followTail({
      url,
      adminKey,
      filters: { provider: argv.provider, model: argv.model, status, endpoint },
      json: argv.json === true,
      io: context.io,
      signal: context.io.signal,
    });
  },
});
