/**
 * Replay: a logged request sent again, to another target, through the router (so its attempt,
 * timing and usage are measured and logged as any request's are), its log row paired with the
 * logged one (`pairRole: 'replay'`, `pairId`: the logged row's id). A stream is replayed as a
 * stream and read to its end, so its time to first token is measured.
 */
import type { Router } from './create-router.js';
import { apiOfPath } from './create-router.js';
import { InvalidRequestError } from '../errors.js';

/** Where a replay goes: a provider, and the model to ask it for (default: the logged request's). */
export interface ReplayTarget {
  providerId: string;
  model?: string | null;
}

/** The logged request to send again. */
export interface ReplaySource {
  /** The logged row's id: the replay row's `pairId`. */
  id: string;
  /** The client API's path, as the log row has it (`/v1/chat/completions`). */
  endpoint: string;
  /** The logged request body (whole: a cut body is not replayed). */
  body: string;
}

/** How a replay went. */
export interface ReplayResult {
  /** The logged row it replays. */
  pairId: string;
  /** The replay's own request id (its log row). */
  requestId: string;
  status: number;
  /** A 2xx answer, and for a stream, one that did not end with an error event. */
  ok: boolean;
  stream: boolean;
  /** Milliseconds to the first byte of the answer's body. */
  ttftMs: number | null;
  totalMs: number;
  /** The error message, when it failed. */
  error?: string;
}

/** What `replayRequest` needs besides the router. */
export interface ReplayOptions {
  /** Stops the replay (its row is logged as a client that left). */
  signal?: AbortSignal;
  /** Monotonic milliseconds (default `performance.now`). */
  now?: () => number;
}

/** The logged body with the target's model, or a 400 when it cannot be replayed (not a whole JSON object, no API for its endpoint). */
export function replayBody(source: ReplaySource, target: ReplayTarget): { api: NonNullable<ReturnType<typeof apiOfPath>>; body: string; stream: boolean } {
  const api = apiOfPath(source.endpoint);
  if (!api || api === 'count_tokens') throw new InvalidRequestError(`Request ${source.id} (${source.endpoint}) is not one the router can replay.`, 'endpoint', 'not_replayable');
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.body);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidRequestError(`Request ${source.id} has no whole body in the log to replay.`, 'body', 'body_not_logged');
  const body = parsed as Record<string, unknown>;
  if (target.model) body.model = target.model;
  return { api, body: JSON.stringify(body), stream: body.stream === true };
}

const decoder = new TextDecoder();

/** The message of an error event a stream ended with (`data: {"error":…}` or `event: error`), if it did. */
function streamError(last: Uint8Array | undefined): string | undefined {
  if (!last) return undefined;
  const text = decoder.decode(last);
  if (!/"error"\s*:|^event:\s*error/m.test(text)) return undefined;
  const match = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return match ? JSON.parse(`"${match[1]}"`) : 'the stream ended with an error';
}

/** Sends a logged request again to `target` (pinned: no other provider is tried) and reads the whole answer. */
export async function replayRequest(router: Router, source: ReplaySource, target: ReplayTarget, options: ReplayOptions = {}): Promise<ReplayResult> {
  const now = options.now ?? (() => performance.now());
  const { api, body, stream } = replayBody(source, target);
  const start = now();
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const response = await router.proxy(api, { body, provider: target.providerId, fallback: false, controller, replayOf: source.id });
    let ttftMs: number | null = null;
    let error: string | undefined;
    if (response.body instanceof Uint8Array) {
      ttftMs = now() - start;
      if (response.status >= 400) error = decoder.decode(response.body).match(/"message"\s*:\s*"((?:[^"\\]|\\.)*)"/)?.[1] ?? `HTTP ${response.status}`;
    } else {
      let last: Uint8Array | undefined;
      let previous: Uint8Array | undefined;
      for await (const chunk of response.body) {
        if (ttftMs === null) ttftMs = now() - start;
        if (chunk.byteLength === 0) continue;
        previous = last;
        last = chunk;
      }
      // the final event may be `[DONE]` after the error
      error = streamError(last) ?? streamError(previous);
      if (controller.signal.aborted && !error) error = 'stopped';
    }
    const ok = response.status >= 200 && response.status < 300 && error === undefined;
    return { pairId: source.id, requestId: response.requestId, status: response.status, ok, stream, ttftMs, totalMs: now() - start, ...(ok ? {} : { error: error ?? `HTTP ${response.status}` }) };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
