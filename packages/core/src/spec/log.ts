/**
 * The request log: one record per request through the proxy, handed to a `LogSink`
 * off the request path. Response bodies are kept raw here and summarised by
 * `summarizeResponse` when the sink writes them, so the hot path parses nothing.
 */

import type { TraceContext } from '../engine/trace-context.js';

/** Token usage as reported by the upstream. */
export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Of the prompt tokens, those read from the provider's prompt cache (priced lower), when it said. */
  cachedTokens?: number;
  /** What the request cost in US dollars, when the provider reports it (OpenRouter's `usage.cost`). */
  cost?: number;
}

/** One attempt at one upstream. */
export interface AttemptRecord {
  /** Provider id. */
  providerId: string;
  /** Model name sent upstream. */
  model: string;
  /** Upstream HTTP status, when one arrived. */
  status: number | null;
  /** What happened: `ok`, `http_error`, `connect_error`, `timeout`, `client_closed`, `stream_error` (also an error the upstream reported in its stream), `bad_response` (an answer that breaks the API's rules: a redirect, a status outside 200-599, a body that is not JSON or SSE), `skipped` (circuit open), `context_too_small` (skipped: its known context cannot hold the request), `empty_answer`, `invalid_tool_call`, `misconfigured`, `unsupported` (the provider does not offer the API), `local` (answered by the router itself, e.g. a token count estimate). */
  outcome: string;
  /** Error message, if any. */
  error?: string;
  /** Milliseconds waited (backoff or `Retry-After`) before this attempt started. */
  delayMs?: number;
  /** Milliseconds spent on the attempt. */
  durationMs: number;
  /** When the request is traced: the attempt's span id (16 hex), sent upstream in its `traceparent`. */
  spanId?: string;
  /** When the request is traced: milliseconds from the request's arrival to the attempt's start. */
  startMs?: number;
  /** On the attempt that answered: milliseconds from its start to the upstream's answer (its headers; the whole body for a JSON answer the router reads before relaying). */
  answeredMs?: number;
  /** The API spoken upstream, when it is not the client's (the request was translated, e.g. `chat` for a Messages client). */
  api?: string;
  /** What the translation changed that the client should know of (e.g. `dropped tools: web_search`). */
  note?: string;
  /** The target was a local model that was not loaded (it loads on this request): it had the cold-start allowance (`cold_start_timeout_ms`). */
  coldStart?: boolean;
  /** On a cold start that answered: milliseconds from the attempt's start to the upstream's answer (as `answeredMs`), the load time as the router saw it. */
  loadMs?: number;
}

/**
 * The raw response as it went to the client. A response larger than the engine's capture
 * bounds is kept as its head (`bytes` / `chunks`) and its `tail`; the bytes between them were
 * sent but not kept, and the record says so (`responseTruncated`, `responseBytes`). An SSE head
 * ends, and its tail starts, at an event boundary unless a single event is larger than the bound.
 */
export type RawResponse =
  | { kind: 'json'; bytes: Uint8Array; tail?: Uint8Array }
  | { kind: 'sse'; chunks: Uint8Array[]; tail?: Uint8Array[] }
  | { kind: 'none' };

/** One request's log record. */
export interface RequestLogRecord {
  /** The router's own request id: unique, the log row's key (the `x-request-id` response header unless the client sent one). */
  id: string;
  /** The client's `x-request-id`, when it sent a valid one: echoed back, kept for lookups, not unique. */
  clientRequestId: string | null;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** The id of the client key the request came with (never its value); null or absent: none. */
  keyId?: string | null;
  /** Route path, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Provider that answered (or was last tried). */
  providerId: string | null;
  /** Model the client asked for. */
  model: string | null;
  /** Model name sent upstream. */
  upstreamModel: string | null;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** HTTP status returned to the client. */
  status: number;
  /** `success`, `error`, `client_closed` or `stream_error`. */
  outcome: 'success' | 'error' | 'client_closed' | 'stream_error';
  /** Error code (OpenAI `code`) when the request failed. */
  errorCode: string | null;
  /** Error message when the request failed (never contains secrets). */
  errorMessage: string | null;
  /** Milliseconds from arrival to the last byte. */
  durationMs: number;
  /** Milliseconds from arrival to the first response byte. */
  ttfbMs: number | null;
  /**
   * The router's own share of `ttfbMs` (also sent as `x-router-overhead-ms`): the time to first byte
   * less the time spent waiting on upstreams (every attempt until its answer or failure) and in
   * backoff waits between attempts. Null when `ttfbMs` is.
   */
  overheadMs?: number | null;
  /** The client's request body as received. */
  requestBody: string | null;
  /** The response body as sent (raw; only its head and tail when `responseTruncated`). */
  response: RawResponse;
  /** Total bytes of the response body sent to the client (set whenever a body was sent), also when `response` keeps only part of it. */
  responseBytes?: number;
  /** True when `response` keeps only the head and tail of the body: the bytes between them were not kept. */
  responseTruncated?: boolean;
  /** Every attempt, in order. */
  attempts: AttemptRecord[];
  /** The request's trace, when the host traces requests (`ChatInput.trace`). */
  trace?: TraceContext;
  /**
   * A Responses answer the router produced and remembers for `previous_response_id` (set only
   * when the client did not send `store: false`): kept with the row, so it can be reloaded after a restart.
   */
  responseState?: ResponseState;
  /** On a shadow or replay row: the id of the row it pairs with (the live request it mirrors, or the logged request it re-sends). */
  pairId?: string;
  /** On a shadow or replay row: `shadow` (a sampled mirror of a live request) or `replay` (a logged request sent again). */
  pairRole?: 'shadow' | 'replay';
}

/** A produced Responses answer as kept for a later turn: the whole conversation's input items and the answer's output items. */
export interface ResponseState {
  /** The response id (`resp_…`). */
  id: string;
  input: readonly unknown[];
  output: readonly unknown[];
}

/** A response whose body is still flowing (a stream, or a body too large to hold): its answer is known before its last byte. */
export interface StreamStartRecord {
  /** The router's request id (the `id` of the record `write` gets when it ends). */
  id: string;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** Route path, e.g. `/v1/chat/completions`. */
  endpoint: string;
  /** Provider that answers. */
  providerId: string;
  /** Model the client asked for. */
  model: string | null;
  /** Model name sent upstream. */
  upstreamModel: string;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** HTTP status sent to the client. */
  status: number;
  /** Milliseconds from arrival to the upstream's answer. */
  ttfbMs: number;
  /** Attempts made, this one included. */
  attempts: number;
}

/** Receives log records. `write` must not block or throw: it is called on the request path. */
export interface LogSink {
  /** Queue one record. */
  write(record: RequestLogRecord): void;
  /**
   * Told when a response starts flowing (before its record is written). Read at each such start:
   * a sink leaves it undefined while nobody wants these, and the engine then builds nothing.
   * Must not block or throw.
   */
  readonly started?: ((start: StreamStartRecord) => void) | undefined;
}
