/**
 * One request's way through the failover loop (`failover.ts`): its ids, attempts, cancellation
 * and timing, and the three ways it ends — an upstream's answer passed on (`respond`, whole or as a
 * relayed stream), an answer made without asking the upstream (`answerLocally`), or an error in the
 * operation's dialect (`fail`) — each writing the request's one log record.
 */
import { ClientClosedError, ClientKeyError, RouterError, ServerShuttingDownError, UpstreamError, toOpenAIError } from '../errors.js';
import type { Dialect } from '../dialects/dialect.js';
import type { LocalAnswer, Operation, ParsedRequest, UpstreamCall } from '../operations/operation.js';
import type { ResolvedTarget } from '../routing/resolve-targets.js';
import type { ConfigSnapshot, ProviderEntry } from '../spec/config.js';
import type { AttemptRecord, RawResponse, RequestLogRecord } from '../spec/log.js';
import { totalBytes } from '../sse/bytes.js';
import { providerSecretValues } from '../snapshot-secrets.js';
import { Cancellation } from './cancellation.js';
import type { AttemptResult } from './attempt.js';
import { countsAgainstProvider } from './retry-policy.js';
import { createBodyRelay, createStreamRelay, type RelayEnd } from './stream-relay.js';
import { DEFAULT_CAPTURE_LIMITS, ResponseCapture, jsonResponse } from './response-capture.js';
import { SSE_HEADERS, forwardHeaders } from './response-headers.js';
import { EMPTY_ANSWER_CODE, redactError, streamFaultError } from './upstream-answer.js';
import { classifyTransportError, PassbackError } from './upstream-error.js';
import { answerCost, COST_HEADER, formatCost } from './answer-cost.js';
import type { ChatInput, FailoverDeps, RouterResponse } from './failover-types.js';

/** The requests under way, for graceful draining. */
export class InFlight {
  readonly active = new Set<Cancellation>();
  onIdle: (() => void) | undefined = undefined;

  remove(cancellation: Cancellation): void {
    this.active.delete(cancellation);
    if (this.active.size === 0) this.onIdle?.();
  }
}

/** What every request of one failover loop shares. */
export class RunShared {
  readonly headBytes: number;
  /** The most of a response the log keeps (its head and tail). */
  readonly captureBytes: number;
  readonly inFlight = new InFlight();

  constructor(readonly deps: FailoverDeps) {
    this.headBytes = deps.capture?.headBytes ?? DEFAULT_CAPTURE_LIMITS.headBytes;
    this.captureBytes = this.headBytes + (deps.capture?.tailBytes ?? DEFAULT_CAPTURE_LIMITS.tailBytes);
  }

  /** What the log keeps of a whole JSON body: all of it when it fits the head (nearly always, and then nothing is allocated), else its head and tail. */
  loggedJson(bytes: Uint8Array): RawResponse {
    if (bytes.byteLength <= this.headBytes) return { kind: 'json', bytes };
    const capture = new ResponseCapture(this.deps.capture);
    capture.add(bytes);
    return jsonResponse(capture.result());
  }
}

/** The fields of a log record that depend on how the request ended. */
type Ending = Pick<RequestLogRecord, 'status' | 'outcome' | 'response' | 'ttfbMs'> & { error?: RouterError | null; bytes?: number; truncated?: boolean; call?: UpstreamCall };

/** A stream's own failure as the call reported it, an upstream's message with the provider's secrets redacted. */
function streamFailureOf(failure: RouterError | null, provider: ProviderEntry): RouterError | null {
  return failure instanceof UpstreamError ? redactError(failure, providerSecretValues(provider)) : failure;
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

/** One request, from its arrival to its log record. */
export class RequestRun {
  readonly start: number;
  readonly startedAt: number;
  readonly requestId: string;
  readonly clientRequestId: string | null;
  /** The client's id is echoed as it expects; the router's, which finds the log row, goes beside it. */
  readonly idHeaders: Record<string, string>;
  readonly attempts: AttemptRecord[] = [];
  /** What has arrived from the upstream so far (logged when the client leaves). */
  readonly received: Uint8Array[] = [];
  readonly cancellation: Cancellation;
  private readonly unlink: () => void;
  parsed: ParsedRequest | undefined = undefined;
  target: ResolvedTarget | undefined = undefined;
  /** The configuration the request runs with (set once it is read). */
  config: ConfigSnapshot | undefined = undefined;
  /** The dialect of the API the last attempt spoke upstream: an upstream error in it may be passed back as it is. */
  upstreamDialect: Dialect | undefined = undefined;
  /** Attempts made so far. */
  used = 0;
  private released = false;
  /** Milliseconds spent waiting on upstreams (each attempt until its answer) and in backoff waits: the rest of the time to first byte is the router's own. */
  waitedMs = 0;
  /** The client key's rate-limit state after this request was admitted (`x-ratelimit-*`), sent with the answer. */
  rateHeaders: Record<string, string> | undefined = undefined;

  constructor(private readonly shared: RunShared, readonly op: Operation, readonly input: ChatInput) {
    const deps = shared.deps;
    this.start = deps.now();
    this.startedAt = Date.now();
    this.requestId = input.requestId ?? deps.generateId();
    this.clientRequestId = input.clientRequestId ?? null;
    this.idHeaders = this.clientRequestId === null ? { 'x-request-id': this.requestId } : { 'x-request-id': this.clientRequestId, 'x-router-request-id': this.requestId };
    const { cancellation, unlink } = cancellationFor(input);
    this.cancellation = cancellation;
    this.unlink = unlink;
    shared.inFlight.active.add(cancellation);
  }

  /** Why the request stopped when its cancellation fired (the client left, or the server is shutting down). */
  abortReason(): RouterError {
    return classifyTransportError(undefined, '', this.cancellation);
  }

  /** The router's own share of the time to first byte (`x-router-overhead-ms`). */
  overheadOf(ttfbMs: number): number {
    return Math.max(0, Math.round((ttfbMs - this.waitedMs) * 100) / 100);
  }

  /** The request no longer holds the server open (once). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.unlink();
    this.shared.inFlight.remove(this.cancellation);
  }

  private record(fields: Ending): RequestLogRecord {
    const { input, parsed, target } = this;
    const shaped = fields.error ? toOpenAIError(fields.error) : undefined;
    const response = fields.response;
    const responseBytes = fields.bytes ?? (response.kind === 'json' ? response.bytes.byteLength : response.kind === 'sse' ? totalBytes(response.chunks) : 0);
    const logged: RequestLogRecord = {
      id: this.requestId, clientRequestId: this.clientRequestId, startedAt: this.startedAt, endpoint: this.op.endpoint,
      providerId: target?.provider.id ?? null, model: parsed?.model ?? null, upstreamModel: target?.model ?? null,
      stream: parsed?.stream === true, status: fields.status, outcome: fields.outcome,
      errorCode: shaped?.body.error.code ?? null, errorMessage: shaped?.body.error.message ?? null,
      durationMs: this.shared.deps.now() - this.start, ttfbMs: fields.ttfbMs, overheadMs: fields.ttfbMs === null ? null : this.overheadOf(fields.ttfbMs),
      requestBody: input.body, response, responseBytes, responseTruncated: fields.truncated === true, attempts: this.attempts,
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
  }

  /** Answers with `error` in the operation's dialect (or an upstream's own error in the client's API, as it is), and logs it. */
  fail(error: unknown): RouterResponse {
    const { deps } = this.shared;
    const { op, requestId } = this;
    this.release();
    if (!RouterError.isInstance(error)) deps.onInternalError?.(error);
    const clientClosed = error instanceof ClientClosedError;
    const ttfbMs = deps.now() - this.start;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.idHeaders, 'x-router-attempts': String(this.used), 'x-router-overhead-ms': String(this.overheadOf(ttfbMs)) };
    if (this.target) headers['x-router-provider'] = this.target.provider.id;
    let status: number;
    let bytes: Uint8Array;
    if (error instanceof PassbackError && this.upstreamDialect === op.dialect) {
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
      else if (this.rateHeaders) Object.assign(headers, this.rateHeaders);
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
      for (const chunk of this.received) capture.add(chunk);
      const kept = capture.result();
      response = this.received.length ? jsonResponse(kept) : { kind: 'none' };
      truncated = kept.truncated;
      total = kept.bytes;
    }
    const typed = RouterError.isInstance(error) ? error : null;
    deps.log(this.record({ status, outcome: clientClosed ? 'client_closed' : 'error', response, bytes: total, truncated, ttfbMs: clientClosed ? null : ttfbMs, error: typed ?? new RouterError('Internal router error', { status: 500, type: 'server_error', code: 'internal_error' }) }));
    return { status, headers, body: bytes, requestId };
  }

  /** Passes an upstream's answer on: whole, or relayed as it arrives (logged when it ends). */
  respond(result: AttemptResult, chosen: ResolvedTarget, attempt: AttemptRecord, attemptStart: number, call: UpstreamCall): RouterResponse {
    const { shared } = this;
    const { deps } = shared;
    const { op, requestId, parsed, cancellation } = this;
    const providerId = chosen.provider.id;
    const status = result.upstream.status;
    const headers: Record<string, string> = {};
    forwardHeaders(result.upstream.headers, headers, deps.redactorsFor?.(chosen.provider).header);
    Object.assign(headers, this.idHeaders);
    headers['x-router-provider'] = providerId;
    headers['x-router-attempts'] = String(this.used);
    if (call.responseHeaders) Object.assign(headers, call.responseHeaders);
    if (this.rateHeaders) Object.assign(headers, this.rateHeaders);
    if (result.kind === 'json') {
      headers['content-type'] = 'application/json';
      attempt.durationMs = deps.now() - attemptStart;
      this.release();
      const ttfbMs = deps.now() - this.start;
      headers['x-router-overhead-ms'] = String(this.overheadOf(ttfbMs));
      const cost = this.config ? answerCost(result.bytes, this.config, chosen.provider, [chosen.model, parsed?.model], deps.bundledRates, op.api) : null;
      if (cost !== null) headers[COST_HEADER] = formatCost(cost);
      const kept = op.logJson ? op.logJson(result.bytes) : result.bytes;
      deps.log(this.record({ status, outcome: 'success', response: shared.loggedJson(kept), ttfbMs, bytes: result.bytes.byteLength, truncated: kept.byteLength > shared.captureBytes, call }));
      return { status, headers, body: result.bytes, requestId };
    }
    const ttfbMs = deps.now() - this.start;
    headers['x-router-overhead-ms'] = String(this.overheadOf(ttfbMs));
    const onStart = deps.startListener?.();
    if (onStart) {
      try {
        onStart({ id: requestId, startedAt: this.startedAt, endpoint: op.endpoint, providerId, model: parsed?.model ?? null, upstreamModel: chosen.model, stream: parsed?.stream === true, status, ttfbMs, attempts: this.attempts.length });
      } catch (error) {
        deps.onInternalError?.(error);
      }
    }
    const finish = (end: RelayEnd, response: RawResponse) => {
      attempt.durationMs = deps.now() - attemptStart;
      this.release();
      // A translation may have ended the stream with its own failure event, which the relay passed on.
      const failed = end.error ?? (end.clientClosed || !call.streamFailure ? null : streamFailureOf(call.streamFailure(end, status), chosen.provider));
      if (failed) {
        attempt.outcome = failed instanceof UpstreamError && failed.code === EMPTY_ANSWER_CODE ? 'empty_answer' : 'stream_error';
        attempt.error = failed.message;
        if (countsAgainstProvider(failed)) deps.breaker.failure(providerId, deps.policyFor(deps.config.current()));
      } else if (end.clientClosed) {
        attempt.outcome = 'client_closed';
      }
      const outcome = end.clientClosed ? 'client_closed' : failed ? 'stream_error' : 'success';
      const error = end.clientClosed ? new ClientClosedError() : failed;
      deps.log(this.record({ status, outcome, response, ttfbMs, error, bytes: end.bytes, truncated: end.truncated, call }));
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
  }

  /** An answer made without asking the target (e.g. a token count estimate). */
  answerLocally(answer: LocalAnswer, chosen: ResolvedTarget, attempt: AttemptRecord, attemptStart: number): RouterResponse {
    const { deps } = this.shared;
    const bytes = answer.local;
    attempt.outcome = 'local';
    attempt.durationMs = deps.now() - attemptStart;
    this.release();
    const ttfbMs = deps.now() - this.start;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers, ...this.idHeaders, 'x-router-provider': chosen.provider.id, 'x-router-attempts': String(this.used), 'x-router-overhead-ms': String(this.overheadOf(ttfbMs)) };
    if (this.rateHeaders) Object.assign(headers, this.rateHeaders);
    deps.log(this.record({ status: 200, outcome: 'success', response: this.shared.loggedJson(bytes), ttfbMs, bytes: bytes.byteLength }));
    return { status: 200, headers, body: bytes, requestId: this.requestId };
  }
}
