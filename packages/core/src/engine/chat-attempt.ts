/**
 * One attempt at one target: send the request, and read until the response is
 * known good (the whole body, or a stream's first chunk). Every failure is
 * thrown as a typed error, so the caller can decide to retry, fail over or stop;
 * nothing has reached the client yet.
 */
import { UpstreamTimeoutError } from '../errors.js';
import type { ChatCall, ProviderInstance } from '../spec/adapter.js';
import type { ProviderEntry } from '../spec/config.js';
import type { Transport, UpstreamResponse } from '../spec/transport.js';
import { concatBytes } from '../sse/bytes.js';
import type { AttemptTimeouts } from './attempt-timeouts.js';
import type { Cancellation } from './cancellation.js';
import { classifyTransportError, upstreamErrorFromResponse } from './upstream-error.js';
import { redactSecrets, secretValues } from '../secrets.js';

/** A response that is ready to be sent. */
export type AttemptResult =
  | { kind: 'json'; upstream: UpstreamResponse; bytes: Uint8Array }
  | { kind: 'stream'; upstream: UpstreamResponse; iterator: AsyncIterator<Uint8Array>; first: IteratorResult<Uint8Array> };

/** What one attempt needs. */
export interface AttemptInput {
  transport: Transport;
  provider: ProviderEntry;
  instance: ProviderInstance;
  call: ChatCall;
  /** The request's cancellation (client gone, shutdown). */
  cancellation: Cancellation;
  timeouts: AttemptTimeouts;
  /** Milliseconds left of the request deadline; caps the wait for headers. */
  remainingMs: number;
  /** Collects a non-streaming body as it arrives, so a request the client abandons logs what was received. */
  received: Uint8Array[];
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

/** Runs the attempt; resolves with a sendable response or throws a `RouterError`. */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const { provider, instance, call, cancellation, timeouts } = input;
  const classify = (error: unknown) => classifyTransportError(error, provider.id, cancellation);
  const request = instance.chatRequest(call);
  const deadlineBound = input.remainingMs < timeouts.headersMs;
  request.cancellation = cancellation;
  // A transport that reads `signal` (fetch) gets a real one; the server's transport never asks.
  Object.defineProperty(request, 'signal', { get: () => cancellation.signal, enumerable: true, configurable: true });
  request.connectTimeoutMs = timeouts.connectMs;
  request.headersTimeoutMs = deadlineBound ? Math.max(1, Math.floor(input.remainingMs)) : timeouts.headersMs;
  request.bodyTimeoutMs = timeouts.idleMs;

  let upstream: UpstreamResponse;
  try {
    upstream = await input.transport(request);
  } catch (error) {
    const typed = classify(error);
    if (typed instanceof UpstreamTimeoutError && typed.phase === 'headers' && !deadlineBound) {
      throw new UpstreamTimeoutError(`Provider "${provider.id}" sent no response headers within ${timeouts.headersMs} ms (its time-to-first-byte timeout)`, 'headers', error);
    }
    throw typed;
  }

  if (upstream.status >= 400) {
    let text: string;
    try {
      text = decoder.decode(await readInto(upstream.body, [], ERROR_BODY_LIMIT));
    } catch (error) {
      throw classify(error);
    }
    // An upstream may echo the key it rejected ("Incorrect API key provided: sk-…"): never pass it on.
    text = redactSecrets(text, secretValues(provider.config));
    throw instance.mapError?.(upstream.status, text, call) ?? upstreamErrorFromResponse(provider.id, upstream.status, text, upstream.headers);
  }

  if (!call.stream) {
    let bytes: Uint8Array;
    try {
      bytes = await readInto(upstream.body, input.received);
    } catch (error) {
      throw classify(error);
    }
    if (instance.transformResponse) bytes = instance.transformResponse(bytes, call);
    return { kind: 'json', upstream, bytes };
  }

  const source = instance.transformStream ? instance.transformStream(upstream.body, call) : upstream.body;
  const iterator = source[Symbol.asyncIterator]();
  try {
    return { kind: 'stream', upstream, iterator, first: await iterator.next() };
  } catch (error) {
    throw classify(error);
  }
}
