/**
 * One upstream exchange on undici's `dispatch()`: the handler undici calls with
 * the response, and the body the engine iterates, in one object. Chunks go from
 * the socket parser to the consumer without a Node `Readable`, its async
 * iterator or an extra abort bookkeeping object per request (what `request()`
 * builds), which is most of undici's cost on the proxy's hot path. Backpressure
 * is kept: past a high-water mark the socket is paused until the consumer reads.
 */
import type { Dispatcher } from 'undici';
import type { CancellationLike, UpstreamResponse } from '@router/core';

/** Queued bytes past which the upstream socket is paused (as a Node stream's default high-water mark). */
const HIGH_WATER_BYTES = 64 * 1024;

const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/** Raw header pairs as undici hands them over → lower-case names, repeated names as arrays. */
export function parseRawHeaders(raw: readonly (Buffer | string | string[])[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index].toString().toLowerCase();
    const given = raw[index + 1];
    const value = typeof given === 'string' ? given : Array.isArray(given) ? given.join(', ') : given.toString('latin1');
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (typeof existing === 'string') headers[name] = [existing, value];
    else existing.push(value);
  }
  return headers;
}

/** A reason to abort with when none was given. */
function abortedError(cancellation: CancellationLike | undefined): Error {
  return (cancellation?.reason as Error | undefined) ?? Object.assign(new Error('Request aborted'), { name: 'AbortError', code: 'UND_ERR_ABORTED' });
}

/** The handler and the body of one exchange (a legacy-style undici handler: no wrapping layer in between). */
export class DispatchExchange implements Dispatcher.DispatchHandler, AsyncIterableIterator<Uint8Array> {
  /** Resolves with status, headers and this object as the body; rejects when no response arrives. */
  readonly response: Promise<UpstreamResponse>;
  #resolveResponse!: (response: UpstreamResponse) => void;
  #rejectResponse!: (error: unknown) => void;
  #headersSeen = false;
  #abort: ((reason?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #paused = false;
  #queue: Uint8Array[] = [];
  #queueHead = 0;
  #queuedBytes = 0;
  #ended = false;
  #error: unknown;
  /** The consumer called `return()`. */
  #finished = false;
  #cancelled = false;
  #waiter: { resolve(result: IteratorResult<Uint8Array>): void; reject(error: unknown): void } | undefined;
  readonly #cancellation: CancellationLike | undefined;
  #unlisten: (() => void) | undefined;
  readonly #onAbort = () => {
    const reason = abortedError(this.#cancellation);
    // Tell a waiting consumer at once; undici's own `onError` for this abort then finds it done.
    if (this.#headersSeen && !this.#ended && !this.#finished) this.#fail(reason);
    this.#cancel(reason);
  };

  constructor(cancellation?: CancellationLike) {
    this.#cancellation = cancellation;
    this.response = new Promise<UpstreamResponse>((resolve, reject) => {
      this.#resolveResponse = resolve;
      this.#rejectResponse = reject;
    });
    this.#unlisten = cancellation?.onAbort(this.#onAbort);
  }

  // ---- undici's side ----

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#cancellation?.aborted || this.#cancelled) {
      abort(abortedError(this.#cancellation));
      return;
    }
    this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: informational, the real answer follows
    this.#headersSeen = true;
    this.#resume = resume;
    this.#resolveResponse({ status: statusCode, headers: parseRawHeaders(rawHeaders), body: this });
    return true;
  }

  onData(chunk: Buffer): boolean {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: chunk });
      return true;
    }
    if (this.#finished) return true;
    this.#queue.push(chunk);
    this.#queuedBytes += chunk.byteLength;
    if (this.#queuedBytes < HIGH_WATER_BYTES) return true;
    this.#paused = true;
    return false;
  }

  onComplete(): void {
    this.#ended = true;
    this.#settle();
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve(DONE);
    }
  }

  onError(error: Error): void {
    this.#settle();
    if (!this.#headersSeen) {
      this.#rejectResponse(error);
      return;
    }
    // Ended, or the consumer stopped reading (`return()`): nobody to tell.
    if (this.#ended || this.#finished) return;
    this.#fail(error);
  }

  // ---- the consumer's side ----

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#queueHead < this.#queue.length) {
      const chunk = this.#queue[this.#queueHead];
      this.#queue[this.#queueHead++] = undefined as never;
      this.#queuedBytes -= chunk.byteLength;
      if (this.#queueHead === this.#queue.length) {
        this.#queue = [];
        this.#queueHead = 0;
      }
      if (this.#paused && this.#queuedBytes < HIGH_WATER_BYTES) {
        this.#paused = false;
        this.#resume?.();
      }
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#finished || this.#ended) return Promise.resolve(DONE);
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** The consumer stops early: the upstream request is aborted and its connection released. */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.#finished = true;
    this.#cancel(abortedError(undefined));
    this.#queue = [];
    this.#queueHead = 0;
    this.#queuedBytes = 0;
    return Promise.resolve(DONE);
  }

  #fail(error: unknown): void {
    if (this.#error === undefined) this.#error = error;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.reject(this.#error);
    }
  }

  #cancel(reason: Error): void {
    if (this.#ended || this.#cancelled) return;
    this.#cancelled = true;
    // Before the connection is assigned undici has no abort to call yet: `onConnect` sees `#cancelled`.
    this.#abort?.(reason);
    this.#settle();
  }

  #settle(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
  }
}
