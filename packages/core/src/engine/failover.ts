/**
 * The failover loop, one for every operation (chat, Messages, Responses, embeddings,
 * completions): routes one request over its ordered targets. Before the first byte reaches
 * the client, failures are retried with backoff, then failed over to the next target, within
 * one deadline and skipping providers whose circuit is open; after it, the stream relay ends a
 * failure with the dialect's error event. Every request is logged once, with each attempt and
 * its outcome. The operation reads the body and builds each target's upstream call; its
 * dialect writes the errors.
 */
import { newSpanId, traceparentFor } from './trace-context.js';
import { DeadlineExceededError, InvalidRequestError, ProvidersUnavailableError, RouterError, ServerShuttingDownError, UpstreamError, UpstreamTimeoutError } from '../errors.js';
import type { Operation, UpstreamCall } from '../operations/operation.js';
import { dialectFor } from '../dialects/dialect.js';
import type { AttemptRecord } from '../spec/log.js';
import { abortableDelay } from './abortable-delay.js';
import type { Cancellation } from './cancellation.js';
import { coldStartTimeouts } from './attempt-timeouts.js';
import { runAttempt } from './attempt.js';
import { backoffDelayMs, countsAgainstProvider, retryAfterMs, retryDecision } from './retry-policy.js';
import { newInstanceId, nextHops } from './hops.js';
import { PassbackError } from './upstream-error.js';
import { createContextFit } from './context-fit.js';
import { stickyHints } from '../routing/sticky.js';
import { mirrors, type ShadowSource } from './shadow.js';
import { admitClientKey, checkKeyModel, keyAllowedTargets } from './key-admission.js';
import { RequestRun, RunShared } from './request-run.js';
import type { ChatInput, Failover, FailoverDeps, RouterResponse } from './failover-types.js';

/** After the grace period, how long aborted requests get to write their final error before `drain` gives up waiting. */
const DRAIN_ABORT_WAIT_MS = 2_000;

function outcomeOf(error: RouterError): string {
  if (error instanceof UpstreamError) return error.outcome;
  if (error instanceof PassbackError) return 'http_error';
  return error.code ?? 'error';
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
  const shared = new RunShared(deps);
  const { inFlight } = shared;
  let draining = false;
  /** Starts a request's shadow calls (once: answers undefined for the request to keep), unless the request was cancelled. */
  const mirror = (source: ShadowSource, model: string, cancellation: Cancellation): undefined => {
    source.primaryModel = model;
    if (!cancellation.aborted) deps.shadow!.mirror(source);
    return undefined;
  };

  async function run(op: Operation, input: ChatInput): Promise<RouterResponse> {
    const request = new RequestRun(shared, op, input);
    const { cancellation } = request;

    try {
      if (input.rejected) throw input.rejected;
      const hops = nextHops(input.hops, instanceId);
      if (draining) throw new ServerShuttingDownError();
      const snapshot = deps.config.current();
      request.config = snapshot;
      const parsed = op.parse(input.body, snapshot.settings);
      request.parsed = parsed;
      const policy = deps.policyFor(snapshot);
      const key = input.clientKey;
      if (key) checkKeyModel(key, parsed.model);
      const routeOptions = snapshot.routeOptions?.get(parsed.model);
      let targets = deps.route(snapshot, parsed.model, routeOptions?.stickiness ? stickyHints(input, routeOptions.stickiness, parsed.body as Record<string, unknown>) : input);
      if (key) {
        targets = keyAllowedTargets(key, parsed.model, targets);
        if (deps.keys) {
          const admitted = admitClientKey(deps.keys, key, request.requestId, input.body, parsed.body as Record<string, unknown>);
          request.rateHeaders = admitted instanceof Promise ? await admitted : admitted;
        }
      }
      // The route's shadow calls start once, when the first attempt has reached its upstream and settled.
      let shadow: ShadowSource | undefined = deps.shadow && mirrors(routeOptions) ? { op, parsed, snapshot, options: routeOptions, requestId: request.requestId, primaryModel: '', rawBody: input.body, headers: input.headers ?? NO_HEADERS, query: input.query, hops } : undefined;
      const apiHeaders = input.headers ?? NO_HEADERS;
      const deadlineAt = request.start + policy.deadlineMs;
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
          request.attempts.push(tooSmall);
          continue targets;
        }
        for (let tryNumber = 1; tryNumber <= policy.attemptsPerTarget; tryNumber++) {
          if (cancellation.aborted) throw request.abortReason();
          if (request.used >= policy.maxAttempts) break targets;
          if (!breaker.allow(providerId)) {
            cooling.push(providerId);
            request.attempts.push({ providerId, model: candidate.model, status: null, outcome: 'skipped', error: 'circuit open (cooling down)', durationMs: 0 });
            continue targets;
          }
          const remainingMs = deadlineAt - now();
          if (remainingMs <= 0) {
            breaker.release(providerId);
            throw new DeadlineExceededError(policy.deadlineMs, request.used, lastError);
          }
          request.used++;
          request.target = candidate;
          const attempt: AttemptRecord = { providerId, model: candidate.model, status: null, outcome: 'ok', durationMs: 0 };
          if (delayMs > 0) attempt.delayMs = delayMs;
          delayMs = 0;
          request.attempts.push(attempt);
          const attemptStart = now();
          if (input.trace) {
            attempt.spanId = newSpanId();
            attempt.startMs = attemptStart - request.start;
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
              return request.answerLocally(prepared, candidate, attempt, attemptStart);
            }
            const call: UpstreamCall = prepared;
            if (call.note !== undefined) attempt.note = call.note;
            request.upstreamDialect = dialectFor(call.api);
            const usual = deps.timeoutsFor(candidate.provider, instance, policy);
            const timeouts = cold ? coldStartTimeouts(usual, policy.coldStartTimeoutMs) : usual;
            clamped = remainingMs < timeouts.headersMs;
            calledAt = now();
            const result = await runAttempt({ transport: deps.transport, provider: candidate.provider, call, cancellation, timeouts, remainingMs, received: request.received, maxBufferedBytes: deps.maxBufferedBytes, redact: deps.redactorsFor?.(candidate.provider).text, hops, holdMs: deps.clock?.intervalMs, coldStart: cold || undefined, traceparent: input.trace && attempt.spanId ? traceparentFor(input.trace, attempt.spanId) : undefined });
            const answeredAt = now();
            request.waitedMs += answeredAt - calledAt;
            attempt.answeredMs = answeredAt - attemptStart;
            attempt.status = result.upstream.status;
            breaker.success(providerId);
            if (cold) {
              attempt.loadMs = attempt.answeredMs;
              deps.coldStarts!.loaded(candidate);
            }
            if (shadow) shadow = mirror(shadow, candidate.model, cancellation);
            return request.respond(result, candidate, attempt, attemptStart, call);
          } catch (error) {
            attempt.durationMs = now() - attemptStart;
            if (calledAt !== undefined) {
              request.waitedMs += now() - calledAt;
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
            if (now() >= deadlineAt) throw new DeadlineExceededError(policy.deadlineMs, request.used, error);
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
            await abortableDelay(wait, cancellation, () => request.abortReason());
            request.waitedMs += now() - waitStart;
            delayMs = wait;
          }
        }
      }
      if (lastError) throw deadlineHit ? new DeadlineExceededError(policy.deadlineMs, request.used, lastError) : lastError;
      if (fit?.skipped() && cooling.length === 0) throw fit.error();
      const retryIn = Math.min(...cooling.map((id) => breaker.retryInMs(id)));
      throw new ProvidersUnavailableError(cooling, Math.max(1, Math.ceil(retryIn / 1000)));
    } catch (error) {
      return request.fail(error);
    }
  }

  async function drain(graceMs: number): Promise<void> {
    draining = true;
    const { active } = inFlight;
    const idle = () => (active.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (inFlight.onIdle = resolve)));
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

  return { run, drain, inFlight: () => inFlight.active.size };
}
