/**
 * The failover loop, one for every operation (chat, Messages, Responses, embeddings,
 * completions): routes one request over its ordered targets. Before the first byte reaches
 * the client, failures are retried with backoff, then failed over to the next target, within
 * one deadline and skipping providers whose circuit is open; after it, the stream relay ends a
 * failure with the dialect's error event. Every request is logged once, with each attempt and
 * its outcome. The operation reads the body and builds each target's upstream call; its
 * dialect writes the errors.
 */
import { newSpanId, traceparentFor, type TraceContext } from './trace-context.js';
import {
  ClientClosedError, ClientKeyError, DeadlineExceededError, InvalidRequestError, ProvidersUnavailableError, RouterError, ServerShuttingDownError, UpstreamError, UpstreamTimeoutError, toOpenAIError,
} from '../errors.js';
import type { LocalAnswer, Operation, ParsedRequest, UpstreamCall } from '../operations/operation.js';
import { dialectFor, type Dialect } from '../dialects/dialect.js';
import type { ResolvedTarget, RouteHints } from '../routing/resolve-targets.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
import type { AttemptRecord, RawResponse, RequestLogRecord, StreamStartRecord } from '../spec/log.js';
import type { Transport } from '../spec/transport.js';
import { totalBytes } from '../sse/bytes.js';
import { abortableDelay } from './abortable-delay.js';
import { Cancellation } from './cancellation.js';
import { coldStartTimeouts, type AttemptTimeouts, type ColdStarts } from './attempt-timeouts.js';
import { runAttempt, type AttemptResult } from './attempt.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { KeepAliveClock } from './keep-alive-clock.js';
import { backoffDelayMs, countsAgainstProvider, retryAfterMs, retryDecision, type ResiliencePolicy } from './retry-policy.js';
import { createBodyRelay, createStreamRelay, type RelayEnd } from './stream-relay.js';
import { DEFAULT_CAPTURE_LIMITS, ResponseCapture, jsonResponse, type CaptureLimits } from './response-capture.js';
import { SSE_HEADERS, forwardHeaders } from './response-headers.js';
import { EMPTY_ANSWER_CODE, redactError, streamFaultError } from './upstream-answer.js';
import { providerSecretValues } from '../snapshot-secrets.js';
import { newInstanceId, nextHops } from './hops.js';
import { classifyTransportError, PassbackError } from './upstream-error.js';
import { createContextFit, estimateRequestTokens, requestedOutput, type ContextLookup } from './context-fit.js';
import { keyAllowsModel, type ClientKeyEntry, type KeyGate } from '../spec/client-keys.js';
import { stickyHints } from '../routing/sticky.js';
import { answerCost, COST_HEADER, formatCost, type BundledRates } from './answer-cost.js';
import { mirrors, type ShadowRunner, type ShadowSource } from './shadow.js';

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

/** After the grace period, how long aborted requests get to write their final error before `drain` gives up waiting. */
const DRAIN_ABORT_WAIT_MS = 2_000;

/** A stream's own failure as the call reported it, an upstream's message with the provider's secrets redacted. */
function streamFailureOf(failure: RouterError | null, provider: ProviderEntry): RouterError | null {
  return failure instanceof UpstreamError ? redactError(failure, providerSecretValues(provider)) : failure;
}

function outcomeOf(error: RouterError): string {
  if (error instanceof UpstreamError) return error.outcome;
  if (error instanceof PassbackError) return 'http_error';
  return error.code ?? 'error';
}

/** The engine's cancellation for one request, following the host's controller or signal. */
function cancellationFor(input: ChatInput): { cancellation: Cancellation; unlink: () => void } {
  const given = input.controller;
  if (given instanceof Cancellation) return { cancellation: given, unlink: () => undefined };
  if (!given) return Cancellation.following(input.signal);
  // The host's AbortController: follow it, and abort it when the engine aborts.
  const linked = Cancellation.following(given.signal);
  linked.cancellation.onAbort(() => given.abort(linked.cancellation.reason));
  return linked;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** A body nested deeper than `JSON.stringify` can recurse, which a provider had to rewrite (a renamed model, a translation). */
function tooDeep(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Creates the failover loop. */
export function createFailover(deps: FailoverDeps): Failover {
  const instanceId = deps.instanceId ?? newInstanceId();
  const { breaker, now } = deps;
  const headBytes = deps.capture?.headBytes ?? DEFAULT_CAPTURE_LIMITS.headBytes;
  const captureBytes = headBytes + (deps.capture?.tailBytes ?? DEFAULT_CAPTURE_LIMITS.tailBytes);
  /** What the log keeps of a whole JSON body: all of it when it fits the head (nearly always, and then nothing is allocated), else its head and tail. */
  const loggedJson = (bytes: Uint8Array): RawResponse => {
    if (bytes.byteLength <= headBytes) return { kind: 'json', bytes };
    const capture = new ResponseCapture(deps.capture);
    capture.add(bytes);
    return jsonResponse(capture.result());
  };
  /** Starts a request's shadow calls (once: answers undefined for the request to keep), unless the request was cancelled. */
  const mirror = (source: ShadowSource, model: string, cancellation: Cancellation): undefined => {
    source.primaryModel = model;
    if (!cancellation.aborted) deps.shadow!.mirror(source);
    return undefined;
  };
  const active = new Set<Cancellation>();
  let draining = false;
  let onIdle: (() => void) | undefined;

  async function run(op: Operation, input: ChatInput): Promise<RouterResponse> {
    const start = now();
    const startedAt = Date.now();
    const requestId = input.requestId ?? deps.generateId();
    const clientRequestId = input.clientRequestId ?? null;
    // The client's id is echoed as it expects; the router's, which finds the log row, goes beside it.
    const idHeaders: Record<string, string> = clientRequestId === null ? { 'x-request-id': requestId } : { 'x-request-id': clientRequestId, 'x-router-request-id': requestId };
    const attempts: AttemptRecord[] = [];
    const received: Uint8Array[] = [];
    const { cancellation, unlink } = cancellationFor(input);
    const abortReason = () => classifyTransportError(undefined, '', cancellation);
    let parsed: ParsedRequest | undefined;
    let target: ResolvedTarget | undefined;
    /** The configuration the request runs with (set once it is read). */
    let config: ConfigSnapshot | undefined;
    /** The dialect of the API the last attempt spoke upstream: an upstream error in it may be passed back as it is. */
    let upstreamDialect: Dialect | undefined;
    let used = 0;
    let released = false;
    /** Milliseconds spent waiting on upstreams (each attempt until its answer) and in backoff waits: the rest of the time to first byte is the router's own. */
    let waitedMs = 0;
    /** The client key's rate-limit state after this request was admitted (`x-ratelimit-*`), sent with the answer. */
    let rateHeaders: Record<string, string> | undefined;
    /** The router's own share of the time to first byte (`x-router-overhead-ms`). */
    const overheadOf = (ttfbMs: number) => Math.max(0, Math.round((ttfbMs - waitedMs) * 100) / 100);

    active.add(cancellation);
    const release = () => {
      if (released) return;
      released = true;
      unlink();
      active.delete(cancellation);
      if (active.size === 0) onIdle?.();
    };

    const record = (
      fields: Pick<RequestLogRecord, 'status' | 'outcome' | 'response' | 'ttfbMs'> & { error?: RouterError | null; bytes?: number; truncated?: boolean; call?: UpstreamCall },
    ): RequestLogRecord => {
      const shaped = fields.error ? toOpenAIError(fields.error) : undefined;
      const response = fields.response;
      const responseBytes = fields.bytes ?? (response.kind === 'json' ? response.bytes.byteLength : response.kind === 'sse' ? totalBytes(response.chunks) : 0);
      const logged: RequestLogRecord = {
        id: requestId, clientRequestId, startedAt, endpoint: op.endpoint,
        providerId: target?.provider.id ?? null, model: parsed?.model ?? null, upstreamModel: target?.model ?? null,
        stream: parsed?.stream === true, status: fields.status, outcome: fields.outcome,
        errorCode: shaped?.body.error.code ?? null, errorMessage: shaped?.body.error.message ?? null,
        durationMs: now() - start, ttfbMs: fields.ttfbMs, overheadMs: fields.ttfbMs === null ? null : overheadOf(fields.ttfbMs), requestBody: input.body, response, responseBytes, responseTruncated: fields.truncated === true, attempts,
      };
      if (input.trace) logged.trace = input.trace;
      if (input.clientKey) logged.keyId = input.clientKey.id;
      if (input.replayOf !== undefined) {
        logged.pairId = input.replayOf;
        logged.pairRole = 'replay';
      }
      // Only an operation that keeps state (Responses) sets the hook; the others pay one property read.
      const state = fields.call?.responseState?.();
      if (state) logged.responseState = state;
      return logged;
    };

    const fail = (error: unknown): RouterResponse => {
      release();
      if (!RouterError.isInstance(error)) deps.onInternalError?.(error);
      const clientClosed = error instanceof ClientClosedError;
      const ttfbMs = now() - start;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...idHeaders, 'x-router-attempts': String(used), 'x-router-overhead-ms': String(overheadOf(ttfbMs)) };
      if (target) headers['x-router-provider'] = target.provider.id;
      let status: number;
      let bytes: Uint8Array;
      if (error instanceof PassbackError && upstreamDialect === op.dialect) {
        // the upstream's own error, in the client's API: passed back as it is
        status = error.status;
        bytes = error.body;
        Object.assign(headers, error.headers);
      } else {
        const shaped = op.dialect.errorResponse(error, requestId);
        status = shaped.status;
        bytes = shaped.body;
        if (error instanceof PassbackError) Object.assign(headers, error.headers);
        else if (shaped.retryAfter !== undefined) headers['retry-after'] = String(shaped.retryAfter);
        if (error instanceof ClientKeyError && error.headers) Object.assign(headers, error.headers);
        else if (rateHeaders) Object.assign(headers, rateHeaders);
      }
      if (error instanceof ServerShuttingDownError) headers.connection = 'close';
      if (error instanceof ClientKeyError) {
        try {
          deps.keys?.refused?.(error.reason);
        } catch (hookError) {
          deps.onInternalError?.(hookError);
        }
      }
      let response: RawResponse = { kind: 'json', bytes };
      let truncated = false;
      let total: number | undefined;
      if (clientClosed) {
        // What had arrived from the upstream when the client left, bounded like any response.
        const capture = new ResponseCapture(deps.capture);
        for (const chunk of received) capture.add(chunk);
        const kept = capture.result();
        response = received.length ? jsonResponse(kept) : { kind: 'none' };
        truncated = kept.truncated;
        total = kept.bytes;
      }
      const typed = RouterError.isInstance(error) ? error : null;
      deps.log(record({ status, outcome: clientClosed ? 'client_closed' : 'error', response, bytes: total, truncated, ttfbMs: clientClosed ? null : ttfbMs, error: typed ?? new RouterError('Internal router error', { status: 500, type: 'server_error', code: 'internal_error' }) }));
      return { status, headers, body: bytes, requestId };
    };

    const respond = (result: AttemptResult, chosen: ResolvedTarget, attempt: AttemptRecord, attemptStart: number, call: UpstreamCall): RouterResponse => {
      const providerId = chosen.provider.id;
      const status = result.upstream.status;
      const headers: Record<string, string> = {};
      forwardHeaders(result.upstream.headers, headers, deps.redactorsFor?.(chosen.provider).header);
      Object.assign(headers, idHeaders);
      headers['x-router-provider'] = providerId;
      headers['x-router-attempts'] = String(used);
      if (call.responseHeaders) Object.assign(headers, call.responseHeaders);
      if (rateHeaders) Object.assign(headers, rateHeaders);
      if (result.kind === 'json') {
        headers['content-type'] = 'application/json';
        attempt.durationMs = now() - attemptStart;
        release();
        const ttfbMs = now() - start;
        headers['x-router-overhead-ms'] = String(overheadOf(ttfbMs));
        const cost = config ? answerCost(result.bytes, config, chosen.provider, [chosen.model, parsed?.model], deps.bundledRates, op.api) : null;
        if (cost !== null) headers[COST_HEADER] = formatCost(cost);
        const kept = op.logJson ? op.logJson(result.bytes) : result.bytes;
        deps.log(record({ status, outcome: 'success', response: loggedJson(kept), ttfbMs, bytes: result.bytes.byteLength, truncated: kept.byteLength > captureBytes, call }));
        return { status, headers, body: result.bytes, requestId };
      }
      const ttfbMs = now() - start;
      headers['x-router-overhead-ms'] = String(overheadOf(ttfbMs));
      const onStart = deps.startListener?.();
      if (onStart) {
        try {
          onStart({ id: requestId, startedAt, endpoint: op.endpoint, providerId, model: parsed?.model ?? null, upstreamModel: chosen.model, stream: parsed?.stream === true, status, ttfbMs, attempts: attempts.length });
        } catch (error) {
          deps.onInternalError?.(error);
        }
      }
      const finish = (end: RelayEnd, response: RawResponse) => {
        attempt.durationMs = now() - attemptStart;
        release();
        // A translation may have ended the stream with its own failure event, which the relay passed on.
        const failed = end.error ?? (end.clientClosed || !call.streamFailure ? null : streamFailureOf(call.streamFailure(end, status), chosen.provider));
        if (failed) {
          attempt.outcome = failed instanceof UpstreamError && failed.code === EMPTY_ANSWER_CODE ? 'empty_answer' : 'stream_error';
          attempt.error = failed.message;
          if (countsAgainstProvider(failed)) breaker.failure(providerId, deps.policyFor(deps.config.current()));
        } else if (end.clientClosed) {
          attempt.outcome = 'client_closed';
        }
        const outcome = end.clientClosed ? 'client_closed' : failed ? 'stream_error' : 'success';
        const error = end.clientClosed ? new ClientClosedError() : failed;
        deps.log(record({ status, outcome, response, ttfbMs, error, bytes: end.bytes, truncated: end.truncated, call }));
      };
      if (result.kind === 'passthrough') {
        // A body too large to hold: passed on as it arrives, the log keeping its head and tail.
        headers['content-type'] = 'application/json';
        const relay = createBodyRelay({
          iterator: result.iterator,
          head: result.head,
          capture: deps.capture,
          classify: (error) => classifyTransportError(error, providerId, cancellation),
          cancel: () => cancellation.abort(),
          onEnd: (end) => finish(end, jsonResponse(end)),
        });
        return { status, headers, body: relay, requestId };
      }
      Object.assign(headers, SSE_HEADERS);
      const relay = createStreamRelay({
        iterator: result.iterator,
        first: result.first,
        clock: deps.clock,
        capture: deps.capture,
        classify: (error) => classifyTransportError(error, providerId, cancellation),
        refuse: (fault, event) => streamFaultError(providerId, fault, event, status, providerSecretValues(chosen.provider)),
        keepAlive: op.dialect.keepAlive,
        streamError: op.dialect.streamError,
        cancel: () => cancellation.abort(),
        onEnd: (end) => finish(end, end.tail ? { kind: 'sse', chunks: end.chunks, tail: end.tail } : { kind: 'sse', chunks: end.chunks }),
      });
      return { status, headers, body: relay, requestId };
    };

    /** An answer made without asking the target (e.g. a token count estimate). */
    const answerLocally = (answer: LocalAnswer, chosen: ResolvedTarget, attempt: AttemptRecord, attemptStart: number): RouterResponse => {
      const bytes = answer.local;
      attempt.outcome = 'local';
      attempt.durationMs = now() - attemptStart;
      release();
      const ttfbMs = now() - start;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers, ...idHeaders, 'x-router-provider': chosen.provider.id, 'x-router-attempts': String(used), 'x-router-overhead-ms': String(overheadOf(ttfbMs)) };
      if (rateHeaders) Object.assign(headers, rateHeaders);
      deps.log(record({ status: 200, outcome: 'success', response: loggedJson(bytes), ttfbMs, bytes: bytes.byteLength }));
      return { status: 200, headers, body: bytes, requestId };
    };

    try {
      if (input.rejected) throw input.rejected;
      const hops = nextHops(input.hops, instanceId);
      if (draining) throw new ServerShuttingDownError();
      const snapshot = deps.config.current();
      config = snapshot;
      parsed = op.parse(input.body, snapshot.settings);
      const policy = deps.policyFor(snapshot);
      const key = input.clientKey;
      if (key && !keyAllowsModel(key, parsed.model)) {
        throw new ClientKeyError('model', `This key may not use model "${parsed.model}"; it may use: ${key.models!.join(', ')}.`, { param: 'model', headers: { 'x-should-retry': 'false' } });
      }
      const routeOptions = snapshot.routeOptions?.get(parsed.model);
      let targets = deps.route(snapshot, parsed.model, routeOptions?.stickiness ? stickyHints(input, routeOptions.stickiness, parsed.body as Record<string, unknown>) : input);
      if (key?.providers) {
        // a key limited to some providers is served only by their targets: the others are skipped, failover stays among the rest
        const allowed = key.providers;
        const served = targets.filter((candidate) => allowed.includes(candidate.provider.id));
        if (served.length === 0 && targets.length > 0) {
          const serving = [...new Set(targets.map((candidate) => candidate.provider.id))].join(', ');
          throw new ClientKeyError('provider', `This key may not use the providers that serve model "${parsed.model}" (${serving}); it may use: ${allowed.join(', ')}.`, { param: 'model', headers: { 'x-should-retry': 'false' } });
        }
        targets = served;
      }
      if (key && deps.keys) {
        const body = parsed.body as Record<string, unknown>;
        const admitted = deps.keys.admit(key, {
          requestId,
          // the admission estimate only has to be cheap and not too low (the log's usage settles it): the body's characters
          // over four (its JSON syntax included, so on the high side), without walking the parsed body
          estimateTokens: () => {
            if (typeof input.body === 'string') return Math.ceil(input.body.length / 4) + requestedOutput(body).output;
            const estimate = estimateRequestTokens(body);
            return estimate.prompt + estimate.output;
          },
        });
        rateHeaders = admitted instanceof Promise ? await admitted : admitted;
      }
      // The route's shadow calls start once, when the first attempt has reached its upstream and settled.
      let shadow: ShadowSource | undefined = deps.shadow && mirrors(routeOptions) ? { op, parsed, snapshot, options: routeOptions, requestId, primaryModel: '', rawBody: input.body, headers: input.headers ?? NO_HEADERS, query: input.query, hops } : undefined;
      const apiHeaders = input.headers ?? NO_HEADERS;
      const deadlineAt = start + policy.deadlineMs;
      const cooling: string[] = [];
      let lastError: RouterError | undefined;
      let delayMs = 0;
      /** A retry was given up because its wait would pass the deadline. */
      let deadlineHit = false;

      // Context fit (context-fit.ts): a target whose known context cannot hold the request is skipped.
      const fit = deps.contextOf ? createContextFit(deps.contextOf, snapshot, op.api, parsed.model, parsed.body as Record<string, unknown>) : undefined;

      targets: for (const candidate of targets) {
        const providerId = candidate.provider.id;
        const tooSmall = fit?.skip(candidate);
        if (tooSmall) {
          attempts.push(tooSmall);
          continue targets;
        }
        for (let tryNumber = 1; tryNumber <= policy.attemptsPerTarget; tryNumber++) {
          if (cancellation.aborted) throw abortReason();
          if (used >= policy.maxAttempts) break targets;
          if (!breaker.allow(providerId)) {
            cooling.push(providerId);
            attempts.push({ providerId, model: candidate.model, status: null, outcome: 'skipped', error: 'circuit open (cooling down)', durationMs: 0 });
            continue targets;
          }
          const remainingMs = deadlineAt - now();
          if (remainingMs <= 0) {
            breaker.release(providerId);
            throw new DeadlineExceededError(policy.deadlineMs, used, lastError);
          }
          used++;
          target = candidate;
          const attempt: AttemptRecord = { providerId, model: candidate.model, status: null, outcome: 'ok', durationMs: 0 };
          if (delayMs > 0) attempt.delayMs = delayMs;
          delayMs = 0;
          attempts.push(attempt);
          const attemptStart = now();
          if (input.trace) {
            attempt.spanId = newSpanId();
            attempt.startMs = attemptStart - start;
          }
          /** The wait for headers was cut short by the deadline, so a timeout is not the provider's fault. */
          let clamped = false;
          /** When the upstream call started (unset while the router is still preparing it). */
          let calledAt: number | undefined;
          /** A local model that is not loaded: it gets the cold-start allowance, and its timeout is not the provider's fault. */
          const cold = deps.coldStarts?.isCold(candidate) === true;
          if (cold) attempt.coldStart = true;
          try {
            const instance = deps.instanceFor(candidate.provider);
            let prepared: ReturnType<Operation['prepare']>;
            try {
              prepared = op.prepare({ parsed, rawBody: input.body, instance, model: candidate.model, headers: apiHeaders, query: input.query });
            } catch (error) {
              if (tooDeep(error)) throw new InvalidRequestError('The request body is nested too deeply to be rewritten for the provider.', null, 'json_too_deep');
              throw error;
            }
            const spokenApi = (prepared as UpstreamCall).upstreamApi ?? prepared.api;
            if (spokenApi !== op.api) attempt.api = spokenApi;
            if ('local' in prepared) {
              breaker.release(providerId);
              return answerLocally(prepared, candidate, attempt, attemptStart);
            }
            const call: UpstreamCall = prepared;
            if (call.note !== undefined) attempt.note = call.note;
            upstreamDialect = dialectFor(call.api);
            const usual = deps.timeoutsFor(candidate.provider, instance, policy);
            const timeouts = cold ? coldStartTimeouts(usual, policy.coldStartTimeoutMs) : usual;
            clamped = remainingMs < timeouts.headersMs;
            calledAt = now();
            const result = await runAttempt({ transport: deps.transport, provider: candidate.provider, call, cancellation, timeouts, remainingMs, received, maxBufferedBytes: deps.maxBufferedBytes, redact: deps.redactorsFor?.(candidate.provider).text, hops, holdMs: deps.clock?.intervalMs, coldStart: cold || undefined, traceparent: input.trace && attempt.spanId ? traceparentFor(input.trace, attempt.spanId) : undefined });
            const answeredAt = now();
            waitedMs += answeredAt - calledAt;
            attempt.answeredMs = answeredAt - attemptStart;
            attempt.status = result.upstream.status;
            breaker.success(providerId);
            if (cold) {
              attempt.loadMs = attempt.answeredMs;
              deps.coldStarts!.loaded(candidate);
            }
            if (shadow) shadow = mirror(shadow, candidate.model, cancellation);
            return respond(result, candidate, attempt, attemptStart, call);
          } catch (error) {
            attempt.durationMs = now() - attemptStart;
            if (calledAt !== undefined) {
              waitedMs += now() - calledAt;
              if (shadow) shadow = mirror(shadow, candidate.model, cancellation);
            }
            if (!RouterError.isInstance(error)) {
              attempt.outcome = 'error';
              breaker.release(providerId);
              throw error;
            }
            attempt.status = error instanceof PassbackError ? error.status : error instanceof UpstreamError ? error.upstreamStatus : null;
            attempt.outcome = outcomeOf(error);
            attempt.error = error.message;
            const decision = retryDecision(error);
            const cutByDeadline = clamped && error instanceof UpstreamTimeoutError && error.phase === 'headers';
            // A model still loading is not a provider that is down.
            const stillLoading = cold && error instanceof UpstreamTimeoutError;
            if (countsAgainstProvider(error) && !cutByDeadline && !stillLoading) breaker.failure(providerId, policy);
            else if (error instanceof PassbackError) breaker.success(providerId);
            else breaker.release(providerId);
            if (decision === 'stop') throw error;
            lastError = error;
            if (now() >= deadlineAt) throw new DeadlineExceededError(policy.deadlineMs, used, error);
            if (decision === 'next' || tryNumber >= policy.attemptsPerTarget) continue targets;
            const asked = error instanceof PassbackError ? retryAfterMs(error.headers) : undefined;
            // A longer Retry-After than we are willing to hold the client for: try elsewhere, or answer with it.
            if (asked !== undefined && asked > policy.retryAfterCapMs) continue targets;
            const wait = asked ?? backoffDelayMs(tryNumber, policy, deps.random);
            if (now() + wait >= deadlineAt) {
              deadlineHit = true;
              continue targets;
            }
            const waitStart = now();
            await abortableDelay(wait, cancellation, abortReason);
            waitedMs += now() - waitStart;
            delayMs = wait;
          }
        }
      }
      if (lastError) throw deadlineHit ? new DeadlineExceededError(policy.deadlineMs, used, lastError) : lastError;
      if (fit?.skipped() && cooling.length === 0) throw fit.error();
      const retryIn = Math.min(...cooling.map((id) => breaker.retryInMs(id)));
      throw new ProvidersUnavailableError(cooling, Math.max(1, Math.ceil(retryIn / 1000)));
    } catch (error) {
      return fail(error);
    }
  }

  async function drain(graceMs: number): Promise<void> {
    draining = true;
    const idle = () => (active.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve)));
    const within = (ms: number) =>
      Promise.race([
        idle(),
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          (timer as { unref?: () => void }).unref?.();
        }),
      ]);
    await within(graceMs);
    if (active.size === 0) return;
    const reason = new ServerShuttingDownError();
    for (const controller of active) controller.abort(reason);
    await within(DRAIN_ABORT_WAIT_MS);
  }

  return { run, drain, inFlight: () => active.size };
}
