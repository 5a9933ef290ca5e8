/**
 * Shadow traffic: a route mirrors a sample of its requests (`RouteOptions.shadowPercent`) to its
 * shadow targets, to compare another backend on real traffic without anyone seeing its answers.
 *
 * - A shadow call starts only once the primary's first attempt has reached its upstream and
 *   settled (its answer started, or it failed), and on a later turn of the event loop, so it never
 *   competes with the primary's request nor sits between the primary's answer and its client.
 * - It runs as its own task with its own cancellation: the primary's answer and log row never wait
 *   for it, and nothing it does (errors included) reaches the client.
 * - It is cancelled after the route's `shadowTimeoutMs` (default 60 s) and at shutdown (`stop`).
 * - At most `shadowPerMinute` calls (default 60) start per route in each minute; the rest are skipped
 *   and counted (`stats().skippedOverCap`).
 * - It never fails over or retries, and never reads or counts toward any provider's circuit breaker:
 *   a shadow target under trial must not change how live traffic is routed.
 * - Each call is logged as its own row: `pairRole: 'shadow'`, `pairId` the primary's request id, the
 *   route's endpoint and model, its own provider, upstream model, usage, time to first token and
 *   answer (a stream is read to its end). The row keeps no request body: it is the primary's.
 */
import { RouterError, ServerShuttingDownError, UpstreamError, toOpenAIError } from '../errors.js';
import type { Operation, ParsedRequest } from '../operations/operation.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ConfigSnapshot, ProviderEntry, RouteOptions, ShadowTarget } from '../spec/config.js';
import type { AttemptRecord, RawResponse, RequestLogRecord } from '../spec/log.js';
import type { Transport } from '../spec/transport.js';
import type { AttemptTimeouts } from './attempt-timeouts.js';
import { runAttempt } from './attempt.js';
import { Cancellation } from './cancellation.js';
import { DEFAULT_CAPTURE_LIMITS, ResponseCapture, jsonResponse, type CaptureLimits } from './response-capture.js';
import type { ResiliencePolicy } from './retry-policy.js';
import { classifyTransportError } from './upstream-error.js';

/** Router-wide shadow defaults (a route's options override them). */
export interface ShadowDefaults {
  /** Shadow calls per route per minute when the route does not say (default 60). */
  perMinute?: number;
  /** Milliseconds before a shadow call is cancelled when the route does not say (default 60000). */
  timeoutMs?: number;
  /** Monotonic milliseconds for the per-minute cap (default: the router's clock). */
  now?: () => number;
  /** Random numbers in [0, 1) for sampling (default: the router's). */
  random?: () => number;
}

/** What the shadow runner has counted since the router started. */
export interface ShadowStats {
  /** Shadow calls started. */
  started: number;
  /** Calls not started because the route's per-minute cap was reached. */
  skippedOverCap: number;
  /** Calls that ended in an error (timeouts and shutdown included). */
  failed: number;
  /** Calls cancelled by the shadow timeout. */
  timedOut: number;
  /** Calls running now. */
  inFlight: number;
}

/** The primary request a shadow mirrors. */
export interface ShadowSource {
  op: Operation;
  parsed: ParsedRequest;
  snapshot: ConfigSnapshot;
  options: RouteOptions;
  /** The primary's request id (the shadow row's `pairId`). */
  requestId: string;
  /** The upstream model the primary's first attempt asked for (a target without a model asks for it too). */
  primaryModel: string;
  rawBody: string;
  headers: Readonly<Record<string, string>>;
  /** The primary's query string (without `?`), if any. */
  query?: string;
  /** The `x-router-hop` value the primary sent. */
  hops?: string;
}

/** What the runner is built from (the router's parts). */
export interface ShadowDeps {
  transport: Transport;
  instanceFor(provider: ProviderEntry): ProviderInstance;
  timeoutsFor(provider: ProviderEntry, instance: ProviderInstance, policy: ResiliencePolicy): AttemptTimeouts;
  policyFor(snapshot: ConfigSnapshot): ResiliencePolicy;
  log(record: RequestLogRecord): void;
  generateId(): string;
  now(): number;
  random(): number;
  redact?(provider: ProviderEntry): (text: string) => string;
  capture?: CaptureLimits;
  onInternalError?(error: unknown): void;
}

/** The shadow runner. */
export interface ShadowRunner {
  /** Samples the request and, when it is picked and the cap allows, starts its shadow calls (never throws, never waits). */
  mirror(source: ShadowSource): void;
  /** Starts no more shadow calls, cancels every running one, and resolves once each has logged its row (shutdown). */
  stop(reason?: unknown): Promise<void>;
  stats(): ShadowStats;
}

export const DEFAULT_SHADOW_PER_MINUTE = 60;
export const DEFAULT_SHADOW_TIMEOUT_MS = 60_000;
const MINUTE_MS = 60_000;

/** True when a route's options ask for shadow traffic. */
export function mirrors(options: RouteOptions | undefined): options is RouteOptions {
  return options !== undefined && (options.shadowPercent ?? 0) > 0 && (options.shadowTargets?.length ?? 0) > 0;
}

/** Creates the shadow runner. */
export function createShadowRunner(deps: ShadowDeps, defaults: ShadowDefaults = {}): ShadowRunner {
  const now = defaults.now ?? deps.now;
  const random = defaults.random ?? deps.random;
  const windows = new Map<string, { start: number; count: number }>();
  const running = new Map<Cancellation, Promise<void>>();
  const counts = { started: 0, skippedOverCap: 0, failed: 0, timedOut: 0 };
  let stopped = false;

  /** Takes one call from the route's budget for this minute; false when it is spent. */
  function admit(model: string, perMinute: number): boolean {
    const at = now();
    let window = windows.get(model);
    if (!window || at - window.start >= MINUTE_MS) windows.set(model, (window = { start: at, count: 0 }));
    if (window.count >= perMinute) return false;
    window.count++;
    return true;
  }

  function mirror(source: ShadowSource): void {
    try {
      const { options } = source;
      if (stopped) return;
      if (random() * 100 >= (options.shadowPercent ?? 0)) return;
      const perMinute = options.shadowPerMinute ?? defaults.perMinute ?? DEFAULT_SHADOW_PER_MINUTE;
      const admitted: ShadowTarget[] = [];
      for (const target of options.shadowTargets ?? []) {
        if (admit(source.parsed.model, perMinute)) admitted.push(target);
        else counts.skippedOverCap++;
      }
      if (admitted.length === 0) return;
      // Started on a later turn of the event loop: building and sending the shadow request (and a
      // transport sends synchronously as far as it can) must not sit between the primary's answer and its client.
      const timer = setTimeout(() => {
        if (stopped) return;
        for (const target of admitted) start(source, target);
      }, 0);
      (timer as { unref?: () => void }).unref?.();
    } catch (error) {
      deps.onInternalError?.(error);
    }
  }

  function start(source: ShadowSource, target: ShadowTarget): void {
    const cancellation = new Cancellation();
    counts.started++;
    const task = call(source, target, cancellation)
      .catch((error: unknown) => deps.onInternalError?.(error))
      .finally(() => running.delete(cancellation));
    running.set(cancellation, task);
  }

  async function call(source: ShadowSource, target: ShadowTarget, cancellation: Cancellation): Promise<void> {
    const { op, parsed, snapshot } = source;
    const timeoutMs = source.options.shadowTimeoutMs ?? defaults.timeoutMs ?? DEFAULT_SHADOW_TIMEOUT_MS;
    const model = target.model || source.primaryModel;
    const startedAt = Date.now();
    const begin = now();
    const attempt: AttemptRecord = { providerId: target.providerId, model, status: null, outcome: 'ok', durationMs: 0 };
    const record = (fields: Pick<RequestLogRecord, 'status' | 'outcome' | 'response' | 'ttfbMs'> & { error?: RouterError; bytes?: number; truncated?: boolean }): RequestLogRecord => {
      const shaped = fields.error ? toOpenAIError(fields.error) : undefined;
      attempt.durationMs = now() - begin;
      return {
        id: deps.generateId(), clientRequestId: null, startedAt, endpoint: op.endpoint, providerId: target.providerId, model: parsed.model, upstreamModel: model,
        stream: parsed.stream, status: fields.status, outcome: fields.outcome, errorCode: shaped?.body.error.code ?? null, errorMessage: shaped?.body.error.message ?? null,
        durationMs: now() - begin, ttfbMs: fields.ttfbMs, overheadMs: null, requestBody: null, response: fields.response, responseBytes: fields.bytes, responseTruncated: fields.truncated === true,
        attempts: [attempt], pairId: source.requestId, pairRole: 'shadow',
      };
    };
    const timer = setTimeout(() => {
      counts.timedOut++;
      cancellation.abort(new UpstreamError(`Shadow call to provider "${target.providerId}" cancelled after ${timeoutMs} ms (the route's shadow timeout)`, { status: 504, code: 'shadow_timeout', retryable: false, outcome: 'timeout' }));
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    const capture = new ResponseCapture(deps.capture ?? DEFAULT_CAPTURE_LIMITS);
    let ttfbMs: number | null = null;
    let status: number | null = null;
    try {
      const provider = snapshot.providers.get(target.providerId);
      if (!provider?.enabled) {
        throw new UpstreamError(`Shadow provider "${target.providerId}" ${provider ? 'is disabled' : 'does not exist'}`, { status: 502, code: 'provider_not_found', retryable: false, outcome: 'misconfigured' });
      }
      const instance = deps.instanceFor(provider);
      const prepared = op.prepare({ parsed, rawBody: source.rawBody, instance, model, headers: source.headers, query: source.query });
      if ('local' in prepared) return; // answered by the router itself (a token count): nothing to compare
      const spokenApi = prepared.upstreamApi ?? prepared.api;
      if (spokenApi !== op.api) attempt.api = spokenApi;
      const timeouts = deps.timeoutsFor(provider, instance, deps.policyFor(snapshot));
      const result = await runAttempt({
        transport: deps.transport, provider, call: prepared, cancellation, timeouts, remainingMs: timeoutMs, received: [], redact: deps.redact?.(provider), hops: source.hops,
      });
      status = result.upstream.status;
      attempt.status = status;
      ttfbMs = now() - begin;
      attempt.answeredMs = ttfbMs;
      let response: RawResponse;
      if (result.kind === 'json') {
        capture.add(result.bytes);
        response = jsonResponse(capture.result());
      } else {
        // read to the end, as a client would, so the row has the whole answer, its usage and its duration
        if (result.kind === 'passthrough') capture.add(result.head);
        else {
          const first = await result.first;
          if (!first.done) capture.add(first.value);
        }
        for (;;) {
          const next = await result.iterator.next();
          if (next.done) break;
          capture.add(next.value);
        }
        const kept = capture.result();
        response = result.kind === 'passthrough' ? jsonResponse(kept) : kept.tail ? { kind: 'sse', chunks: kept.chunks, tail: kept.tail } : { kind: 'sse', chunks: kept.chunks };
      }
      const kept = capture.result();
      deps.log(record({ status, outcome: 'success', response, ttfbMs, bytes: kept.bytes, truncated: kept.truncated }));
    } catch (caught) {
      counts.failed++;
      const error = RouterError.isInstance(caught) ? caught : classifyTransportError(caught, target.providerId, cancellation);
      attempt.outcome = error instanceof UpstreamError ? error.outcome : (error.code ?? 'error');
      attempt.error = error.message;
      if (attempt.status === null && error instanceof UpstreamError && error.upstreamStatus) attempt.status = error.upstreamStatus;
      const kept = capture.result();
      const response: RawResponse = kept.bytes > 0 ? (parsed.stream ? { kind: 'sse', chunks: kept.chunks } : jsonResponse(kept)) : { kind: 'none' };
      deps.log(record({ status: status ?? error.status, outcome: status === null ? 'error' : 'stream_error', response, ttfbMs, error, bytes: kept.bytes, truncated: kept.truncated }));
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(reason: unknown = new ServerShuttingDownError()): Promise<void> {
    stopped = true;
    const tasks = [...running.values()];
    for (const cancellation of running.keys()) cancellation.abort(reason);
    await Promise.all(tasks);
  }

  return { mirror, stop, stats: () => ({ ...counts, inFlight: running.size }) };
}
