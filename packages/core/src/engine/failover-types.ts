/**
 * What the failover loop (`failover.ts`) takes and gives: a request in any client API, the answer
 * ready for the client, and the router's parts the loop is built from.
 */
import type { TraceContext } from './trace-context.js';
import type { RouterError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import type { ResolvedTarget, RouteHints } from '../routing/resolve-targets.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
import type { RequestLogRecord, StreamStartRecord } from '../spec/log.js';
import type { Transport } from '../spec/transport.js';
import type { Cancellation } from './cancellation.js';
import type { AttemptTimeouts, ColdStarts } from './attempt-timeouts.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { KeepAliveClock } from './keep-alive-clock.js';
import type { ResiliencePolicy } from './retry-policy.js';
import type { CaptureLimits } from './response-capture.js';
import type { ContextLookup } from './context-fit.js';
import type { ClientKeyEntry, KeyGate } from '../spec/client-keys.js';
import type { BundledRates } from './answer-cost.js';
import type { ShadowRunner } from './shadow.js';

/** A request to route (any client API). */
export interface ChatInput {
  /** The client's body, as received. */
  body: string;
  /** The request's unique id, the log row's key (default: a new one). Never the client's header: clients reuse ids. */
  requestId?: string;
  /** The client's `x-request-id` (validated by the host): echoed in `x-request-id` and logged beside `requestId`. */
  clientRequestId?: string | null;
  /** Aborted when the client goes away: the upstream request is cancelled and nothing more is tried. */
  signal?: AbortSignal;
  /**
   * Instead of `signal`: the host's own handle for this request, which it aborts when the client
   * goes away. The engine aborts it too (with a `RouterError` reason at shutdown, or when the consumer
   * stops reading a stream, or when a stream fails and it cancels the upstream). A `Cancellation` costs
   * the least: no `AbortSignal` is made for it unless the transport asks for one. An abort the host did
   * not cause is not the client leaving: keep reading the stream, whose final error event is still to come.
   */
  controller?: Cancellation | AbortController;
  /**
   * The host refused the request before the engine could read it (body too large, wrong content type,
   * client gone mid-upload): the engine answers with this error and still logs the request once.
   */
  rejected?: RouterError;
  /** Pins the request to this provider id (the `x-router-provider` request header); see `RouteHints`. */
  provider?: string | null;
  /** With a pin, fail over to the model's other targets too (the `x-router-fallback` header: `true`/`false`). */
  fallback?: boolean | string | null;
  /** The `x-router-hop` request header: the routers this request passed through (a request naming this one is a loop). */
  hops?: string | readonly string[] | null;
  /** Request headers the API defines (lower-case names: `anthropic-version`, `anthropic-beta`), passed to providers that speak it natively. */
  headers?: Readonly<Record<string, string>>;
  /** The client's query string without its `?` (`beta=true` on `/v1/messages`), passed to providers that speak the API natively. */
  query?: string;
  /** Reads any request header by lower-case name (a sticky route's `header:<name>` key); read only when a route asks. */
  header?: (name: string) => string | null | undefined;
  /**
   * The request's trace (see `traceContextFrom`): when set, each attempt gets a span id (`AttemptRecord.spanId`)
   * and its start (`startMs`), sent upstream as its `traceparent`, and the log record carries the trace.
   */
  trace?: TraceContext;
  /**
   * The client key the host accepted the request with: its models and providers are enforced here, its limits by the
   * router's `keys` gate, and its id is logged (the host refuses a missing, unknown, revoked or expired key itself).
   */
  clientKey?: ClientKeyEntry;
  /** A request sent again to compare with a logged one (`replayRequest`): its log row is marked `replay`, paired with that row's id. */
  replayOf?: string;
}

/** A request in any client API (see `Router.proxy`). */
export type ProxyInput = ChatInput;

/** The engine's answer, ready to be written to the client. */
export interface RouterResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** The whole body, or a stream of chunks (iterate to the end, or call `return()` when the client leaves). */
  body: Uint8Array | AsyncIterable<Uint8Array>;
  /** The router's request id, the log row's key (in `x-request-id`, or `x-router-request-id` when the client sent its own). */
  requestId: string;
}

/** What the failover loop is built from (the router's parts). */
export interface FailoverDeps {
  config: ConfigSource;
  transport: Transport;
  instanceFor(provider: ProviderEntry): ProviderInstance;
  timeoutsFor(provider: ProviderEntry, instance: ProviderInstance, policy: ResiliencePolicy): AttemptTimeouts;
  policyFor(snapshot: ConfigSnapshot): ResiliencePolicy;
  /** The ordered targets for a request (`routing/resolve-targets.ts`, precomputed per snapshot). */
  route(snapshot: ConfigSnapshot, model: string, hints: RouteHints): readonly ResolvedTarget[];
  breaker: CircuitBreaker;
  clock?: KeepAliveClock;
  log(record: RequestLogRecord): void;
  /** The log sink's `started` hook as it is now (undefined: nobody wants stream starts, nothing is built). */
  startListener?: () => ((start: StreamStartRecord) => void) | undefined;
  generateId(): string;
  now(): number;
  random(): number;
  onInternalError?(error: unknown): void;
  /** How much of each response the log keeps (default `DEFAULT_CAPTURE_LIMITS`). */
  capture?: CaptureLimits;
  /** Non-streaming bodies larger than this are passed through instead of held (default 8 MiB). */
  maxBufferedBytes?: number;
  /** Removes a provider's secrets: from text passed on to the client, and (null when it has none) from upstream header values. */
  redactorsFor?(provider: ProviderEntry): ProviderRedactors;
  /** This router's id in `x-router-hop` (default: a random one per engine). */
  instanceId?: string;
  /** The known context of a target (local servers' discovery, the catalogue's `contextLength`): targets too small for a request are skipped. */
  contextOf?: ContextLookup;
  /** Local models' load state (discovery): a model that is not loaded gets the cold-start allowance, and counts as loaded once it answers. */
  coldStarts?: ColdStarts;
  /** The bundled price list's rates from the host's memory, for `x-router-cost` (see `answer-cost.ts`). */
  bundledRates?: BundledRates;
  /** The client keys' limits (rate limits, budgets); absent: only a key's models and providers are enforced. */
  keys?: KeyGate;
  /** Mirrors a sample of a route's requests to its shadow targets (`shadow.ts`). */
  shadow?: ShadowRunner;
}

/** A provider's redactors (see `FailoverDeps.redactorsFor`). */
export interface ProviderRedactors {
  text: (text: string) => string;
  header: ((value: string) => string) | null;
}

/** The failover loop, with graceful draining. */
export interface Failover {
  /** Routes one request of `operation`'s API; never throws (errors come back in the operation's dialect). */
  run(operation: Operation, input: ChatInput): Promise<RouterResponse>;
  drain(graceMs: number): Promise<void>;
  inFlight(): number;
}
