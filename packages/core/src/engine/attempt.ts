/**
 * One attempt at one target: send the request, and read until the response is
 * known good (the whole body, or a stream's first chunk). Every failure is
 * thrown as a typed error, so the caller can decide to retry, fail over or stop;
 * nothing has reached the client yet.
 */
import { UpstreamError, UpstreamTimeoutError } from '../errors.js';
import type { UpstreamCall } from '../operations/operation.js';
import type { ProviderEntry } from '../spec/config.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../spec/transport.js';
import { concatBytes } from '../sse/bytes.js';
import type { AttemptTimeouts } from './attempt-timeouts.js';
import type { Cancellation } from './cancellation.js';
import { classifyTransportError, upstreamErrorFromResponse } from './upstream-error.js';
import { checkCompletion, checkJsonBody, checkUpstreamAnswer, emptyStreamError, streamFaultError } from './upstream-answer.js';
import { PreambleHold } from './preamble-hold.js';
import { MAX_EVENT_BYTES, scanEvents } from '../sse/event-scan.js';
import { createRedactor } from '../secrets.js';
import { providerSecretValues } from '../snapshot-secrets.js';
import { withHops } from './hops.js';

/**
 * A response that is ready to be sent: a whole JSON body, a JSON body too large to hold that is
 * passed through as it arrives (`head` is what was read so far), or an SSE stream whose first
 * event arrived and passed its check.
 */
export type AttemptResult =
  | { kind: 'json'; upstream: UpstreamResponse; bytes: Uint8Array }
  | { kind: 'passthrough'; upstream: UpstreamResponse; iterator: AsyncIterator<Uint8Array>; head: Uint8Array }
  | {
      kind: 'stream';
      upstream: UpstreamResponse;
      iterator: AsyncIterator<Uint8Array>;
      /** The first event, or (a preamble held longer than `AttemptInput.holdMs`) the read still waiting for it. */
      first: IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>>;
    };

/** Default for `AttemptInput.maxBufferedBytes`. */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 << 20;

/** What one attempt needs. */
export interface AttemptInput {
  transport: Transport;
  provider: ProviderEntry;
  /** What to send and how to read the answer (see `Operation.prepare`). */
  call: UpstreamCall;
  /** The request's cancellation (client gone, shutdown). */
  cancellation: Cancellation;
  timeouts: AttemptTimeouts;
  /** Milliseconds left of the request deadline; caps the wait for headers. */
  remainingMs: number;
  /** Collects a non-streaming body as it arrives, so a request the client abandons logs what was received. */
  received: Uint8Array[];
  /** A non-streaming body larger than this is passed through as it arrives instead of held whole (default 8 MiB). */
  maxBufferedBytes?: number;
  /** Removes the provider's secrets from text passed on to the client (default: built from the provider's config). */
  redact?: (text: string) => string;
  /** The `x-router-hop` value to send upstream (see `hops.ts`). */
  hops?: string;
  /** The attempt's W3C `traceparent`, sent upstream (only when the request is traced). */
  traceparent?: string;
  /**
   * How long a chat stream's held preamble (see `PreambleHold`) may keep the client waiting for
   * the response to start: past it, the response is committed with the read still waiting, so
   * keep-alives flow (absent: held until the stream says something or ends).
   */
  holdMs?: number;
  /** The model was not loaded: `timeouts` carry the cold-start allowance (named in a timeout's message). */
  coldStart?: boolean;
}

const ERROR_BODY_LIMIT = 1 << 20;
const decoder = new TextDecoder();

async function readInto(body: AsyncIterable<Uint8Array>, into: Uint8Array[], limit = Infinity): Promise<Uint8Array> {
  let length = 0;
  for await (const chunk of body) {
    length += chunk.byteLength;
    if (length > limit) break;
    into.push(chunk);
  }
  return concatBytes(into);
}

/**
 * What the transport is handed for one attempt: the call's request (its fields copied), the
 * attempt's `cancellation`, and `signal`, a real `AbortSignal` made on first read (fetch reads it;
 * the server's transport watches `cancellation` and never does). The getter is on the prototype:
 * defined on each request with a new closure (`Object.defineProperty`), it gave every request a
 * hidden class of its own, which V8 allocates in the old space, and kept the request's objects
 * alive through young-generation collections, most of them then promoted (about 1 µs of CPU per
 * attempt, and far more garbage-collection work, in `bench/engine.mjs`).
 */
class AttemptRequest implements UpstreamRequest {
  url: string;
  method: UpstreamRequest['method'];
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  cancellation: Cancellation;
  connectTimeoutMs: number | undefined;
  headersTimeoutMs: number | undefined;
  bodyTimeoutMs: number | undefined;

  // the fields of `UpstreamRequest` one by one (every attempt's object has the same shape); its timeouts are the attempt's, set by `runAttempt`
  constructor(request: UpstreamRequest, cancellation: Cancellation) {
    this.url = request.url;
    this.method = request.method;
    this.headers = request.headers;
    this.body = request.body;
    this.cancellation = cancellation;
    this.connectTimeoutMs = request.connectTimeoutMs;
    this.headersTimeoutMs = request.headersTimeoutMs;
    this.bodyTimeoutMs = request.bodyTimeoutMs;
  }

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
}

/** Runs the attempt; resolves with a sendable response or throws a `RouterError`. */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const { provider, call, cancellation, timeouts } = input;
  const redact = input.redact ?? createRedactor({ secrets: providerSecretValues(provider) });
  // a transport's message may name the URL it failed on (userinfo and query included); a refused body is quoted
  const redacted = <E extends Error>(error: E): E => {
    if (error.message) error.message = redact(error.message);
    return error;
  };
  const classify = (error: unknown) => redacted(classifyTransportError(error, provider.id, cancellation));
  const request = new AttemptRequest(call.request, cancellation);
  // the adapter's headers object is never changed: adapters may hand out one for every request
  if (input.hops) request.headers = withHops(request.headers, input.hops);
  if (input.traceparent) request.headers = { ...request.headers, traceparent: input.traceparent };
  const deadlineBound = input.remainingMs < timeouts.headersMs;
  request.connectTimeoutMs = timeouts.connectMs;
  request.headersTimeoutMs = deadlineBound ? Math.max(1, Math.floor(input.remainingMs)) : timeouts.headersMs;
  request.bodyTimeoutMs = timeouts.idleMs;

  let upstream: UpstreamResponse;
  try {
    upstream = await input.transport(request);
  } catch (error) {
    const typed = classify(error);
    if (typed instanceof UpstreamTimeoutError && typed.phase === 'headers' && !deadlineBound) {
      const allowance = input.coldStart ? 'its cold-start allowance: the model was not loaded' : 'its time-to-first-byte timeout';
      throw new UpstreamTimeoutError(`Provider "${provider.id}" sent no response headers within ${timeouts.headersMs} ms (${allowance})`, 'headers', error);
    }
    throw typed;
  }

  if (upstream.status >= 400 && upstream.status <= 599) {
    let text: string;
    try {
      text = decoder.decode(await readInto(upstream.body, [], ERROR_BODY_LIMIT));
    } catch (error) {
      throw classify(error);
    }
    // An upstream may echo the key it rejected ("Incorrect API key provided: sk-…"): never pass it on.
    text = redact(text);
    throw call.mapError?.(upstream.status, text, upstream.headers) ?? upstreamErrorFromResponse(provider.id, upstream.status, text, upstream.headers);
  }

  const refused = checkUpstreamAnswer(provider.id, upstream, call.stream);
  if (refused) throw release(upstream.body[Symbol.asyncIterator](), refused);

  if (!call.stream) {
    const limit = input.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    const iterator = upstream.body[Symbol.asyncIterator]();
    // what an earlier attempt received is not part of this answer
    input.received.length = 0;
    let length = 0;
    let finished = false;
    try {
      while (length <= limit) {
        const next = await iterator.next();
        if (next.done) {
          finished = true;
          break;
        }
        input.received.push(next.value);
        length += next.value.byteLength;
      }
    } catch (error) {
      throw classify(error);
    }
    let bytes = concatBytes(input.received);
    if (!finished) {
      // Too large to hold: passed through as it arrives; only its start can be checked first.
      if (call.transformResponse) {
        throw release(iterator, new UpstreamError(`Provider "${provider.id}" sent a response larger than ${limit} bytes, which this provider's response translation cannot handle`, { status: 502, code: 'upstream_response_too_large', retryable: false, upstreamStatus: upstream.status, outcome: 'bad_response' }));
      }
      let first = 0;
      while (first < bytes.length && (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 10 || bytes[first] === 13)) first++;
      if (bytes[first] !== 123) throw release(iterator, redacted(checkJsonBody(provider.id, bytes, upstream.status)!));
      return { kind: 'passthrough', upstream, iterator, head: bytes };
    }
    const invalid = checkJsonBody(provider.id, bytes, upstream.status);
    if (invalid) throw redacted(invalid);
    if (call.answerCheck) {
      const refusedAnswer = checkCompletion(provider.id, bytes, upstream.status, call.answerCheck.tools);
      if (refusedAnswer) throw redacted(refusedAnswer);
    }
    if (call.transformResponse) bytes = call.transformResponse(bytes);
    return { kind: 'json', upstream, bytes };
  }

  // A chat stream is held until it says something (before any translation, which would add its own start).
  const raw = call.answerCheck ? upstream.body[Symbol.asyncIterator]() : undefined;
  const hold = raw ? new PreambleHold(raw, { providerId: provider.id, status: upstream.status, tools: call.answerCheck!.tools }) : undefined;
  const body = hold ?? upstream.body;
  const source = call.transformStream ? call.transformStream(body) : body;
  let iterator = source[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    const read = iterator.next();
    if (hold && input.holdMs !== undefined && (await heldTooLong(read, hold, input.holdMs))) {
      hold.commit();
      return { kind: 'stream', upstream, iterator, first: read };
    }
    first = await read;
    // A stream with nothing in it is not an answer in any API (a chat stream's hold says so first).
    if (first.done) throw emptyStreamError(provider.id, upstream.status);
    // Read on until the first event is whole: an answer that breaks the rules from its first
    // event is a failed attempt, while nothing has reached the client.
    let bytes = first.value;
    let scan = scanEvents(bytes);
    while (scan.end === 0 && !scan.fault && bytes.length < MAX_EVENT_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        scan = scanEvents(bytes, true);
        break;
      }
      bytes = concatBytes([bytes, next.value]);
      scan = scanEvents(bytes);
    }
    // Nothing read so far has reached the client (a held preamble, or events that came in one read with the fault): still a failed attempt.
    if (scan.fault) {
      throw release(iterator, streamFaultError(provider.id, scan.fault, bytes.subarray(scan.end, scan.faultEnd), upstream.status, providerSecretValues(provider)));
    }
    if (bytes !== first.value) first = { done: false, value: bytes };
  } catch (error) {
    throw classify(error);
  }
  // a hold that has let go and sits right under the relay steps out of its way
  if (hold?.passing && iterator === hold) iterator = raw!;
  return { kind: 'stream', upstream, iterator, first };
}

/**
 * Waits for `read`; true when the hold started and then lasted `holdMs` first (`read` is still
 * waiting and keeps a rejection handler). Rejects as `read` does.
 */
function heldTooLong(read: Promise<IteratorResult<Uint8Array>>, hold: PreambleHold, holdMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    hold.onHold = () => {
      timer = setTimeout(() => resolve(true), holdMs);
    };
    read.then(
      () => {
        clearTimeout(timer);
        hold.onHold = undefined;
        resolve(false);
      },
      (error) => {
        clearTimeout(timer);
        hold.onHold = undefined;
        reject(error);
      },
    );
  });
}

/** Lets go of a body that will not be read (the connection is not reused), and returns `error` to throw. */
function release(iterator: AsyncIterator<Uint8Array>, error: UpstreamError): UpstreamError {
  Promise.resolve()
    .then(() => iterator.return?.())
    .catch(() => undefined);
  return error;
}
