/**
 * An operation: one client API as the failover loop sees it. It reads the client's body, and
 * for each target builds what goes upstream (`UpstreamCall`): the request, and how the answer
 * is turned back into the client's API. The provider's own API is passed through untouched;
 * another is translated (`translate/…`). Errors are encoded by the operation's dialect.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { RouterError } from '../errors.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ClientApi } from '../spec/api.js';
import type { ResponseState } from '../spec/log.js';
import type { UpstreamRequest, UpstreamResponse } from '../spec/transport.js';

/** A client body, read. */
export interface ParsedRequest<TBody = Record<string, unknown>> {
  /** The parsed body. */
  body: TBody;
  /** The model the client asked for (routing looks it up). */
  model: string;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** The `failover_on_invalid_tool_call` setting was on when the request was read. */
  checkToolCalls?: boolean;
}

/** What one attempt sends upstream and how its answer comes back. */
export interface UpstreamCall {
  /** The upstream request. */
  request: UpstreamRequest;
  /** Whether the upstream answers with a stream. */
  stream: boolean;
  /** The API the upstream is spoken to in (the client's when passed through). */
  api: ClientApi;
  /**
   * The API the request finally goes upstream in, when the provider's adapter translates `api` further
   * (a chat call to an Anthropic provider goes out as Messages): the attempt's API in the log. Absent: `api`.
   */
  upstreamApi?: ClientApi;
  /** Rewrites a whole successful body for the client (absent: passed as it is). */
  transformResponse?: (body: Uint8Array) => Uint8Array;
  /** Rewrites a successful SSE body for the client (absent: passed as it is). */
  transformStream?: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
  /**
   * The error a stream ended with when it ended with its API's own terminal failure event rather
   * than an error event the relay sees (a Responses `response.failed`, from a translation or passed
   * through): read once the stream is over, with what the client was sent (the head and tail the
   * log keeps) and the upstream's status, so the log and the breaker count it as the stream error
   * it is. An upstream error's message has the provider's secrets redacted by the engine.
   */
  streamFailure?: (sent: { chunks: readonly Uint8Array[]; tail?: readonly Uint8Array[] }, status: number) => RouterError | null;
  /** What the attempt's log record should say about the call (e.g. the tools a translation left out). */
  note?: string;
  /** Headers for the client's answer (e.g. what a translation left out). */
  responseHeaders?: Record<string, string>;
  /** What the log row keeps of the answer for a later turn (a Responses answer the router produced), read when the record is made. */
  responseState?: () => ResponseState | undefined;
  /**
   * The answer is a chat completion (or what an adapter translates one from) and is checked before
   * it is passed on: an empty one (no content, reasoning or tool call) is a failed attempt, a
   * stream's role-only preamble is held until it says something (`engine/preamble-hold.ts`), and
   * with `tools` a tool call naming another tool or with arguments that are not JSON fails too.
   */
  answerCheck?: { tools?: ReadonlySet<string> };
  /** Turns an upstream error answer into a router error (null or absent: the default reading). */
  mapError?: (status: number, text: string, headers: UpstreamResponse['headers']) => RouterError | null;
}

/** An answer the router makes itself for a target, without asking it (e.g. a token count estimate). */
export interface LocalAnswer {
  local: Uint8Array;
  api: ClientApi;
  /** Headers to add (e.g. one saying the answer is an estimate). */
  headers?: Record<string, string>;
}

/** What `Operation.prepare` gets for one target. */
export interface PrepareInput<TBody> {
  parsed: ParsedRequest<TBody>;
  /** The client body exactly as received. */
  rawBody: string;
  /** The target's provider, ready. */
  instance: ProviderInstance;
  /** The model name for this target. */
  model: string;
  /** Request headers the API defines (lower-case), for providers that speak it natively. */
  headers: Readonly<Record<string, string>>;
  /** The client's query string without its `?`, for providers that speak the API natively (absent: none). */
  query?: string;
}

/** One client API. */
export interface Operation<TBody = any> {
  readonly api: ClientApi;
  /** The log's `endpoint`, e.g. `/v1/messages`. */
  readonly endpoint: string;
  /** How errors, stream errors and keep-alive are written for this API's clients. */
  readonly dialect: Dialect;
  /** Reads the client's body (with the live settings); throws `InvalidRequestError` naming the bad field. */
  parse(raw: string, settings?: ReadonlyMap<string, string>): ParsedRequest<TBody>;
  /** The upstream call for one target, or an answer made without one; throws a `RouterError` when this target cannot serve it. */
  prepare(input: PrepareInput<TBody>): UpstreamCall | LocalAnswer;
  /** What the log keeps of a whole JSON answer (default: its bytes, bounded). */
  logJson?(body: Uint8Array): Uint8Array;
}
