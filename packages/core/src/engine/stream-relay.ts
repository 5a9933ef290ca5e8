/**
 * Relays an upstream SSE body to the client after the first byte: chunks pass
 * through unchanged, a failure ends the stream with a final
 * `data: {"error":…}` event (never `[DONE]`), and a silent upstream gets
 * `: keep-alive` comments from the shared clock. Bytes are only ever cut at
 * event boundaries, so neither a keep-alive nor the error event can land
 * inside a half-sent event.
 */
import { ClientClosedError, sseErrorEvent, type RouterError } from '../errors.js';
import { concatBytes, encodeUtf8 } from '../sse/bytes.js';
import { KEEP_ALIVE_COMMENT, type KeepAliveClock, type KeepAliveTarget } from './keep-alive-clock.js';

/** How a relayed stream ended. */
export interface RelayEnd {
  /** What the client was sent (keep-alive comments excluded), including a final error event. */
  chunks: Uint8Array[];
  /** The error that ended the stream; null on success and when the client left. */
  error: RouterError | null;
  /** The client went away before the end. */
  clientClosed: boolean;
}

/** What the relay needs. */
export interface StreamRelayOptions {
  /** The upstream body, already started. */
  iterator: AsyncIterator<Uint8Array>;
  /** The first result, read before the response was committed. */
  first: IteratorResult<Uint8Array>;
  /** Types an upstream failure (client close and shutdown are recognised from the abort signal). */
  classify(error: unknown): RouterError;
  /** Called exactly once, when the stream ends in any way. */
  onEnd(end: RelayEnd): void;
  /** Aborts the upstream request (the consumer stopped early). */
  cancel(): void;
  /** Sends keep-alive comments while the upstream is silent. */
  clock?: KeepAliveClock;
}

const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });
const KEEP_ALIVE: IteratorResult<Uint8Array> = Object.freeze({ done: false, value: KEEP_ALIVE_COMMENT });
/** Past this, an event without a boundary is passed on as is rather than held (the upstream is not speaking SSE). */
const MAX_HELD_BYTES = 256 * 1024;
const LF = 10;
const CR = 13;

/** Offset just past the last complete SSE event (`\n\n` or `\r\n\r\n`) in `bytes`; 0 if none. */
export function lastEventEnd(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index > 0; index--) {
    if (bytes[index] !== LF) continue;
    if (bytes[index - 1] === LF) return index + 1;
    if (index >= 3 && bytes[index - 1] === CR && bytes[index - 2] === LF && bytes[index - 3] === CR) return index + 1;
  }
  return 0;
}

class StreamRelay implements AsyncIterableIterator<Uint8Array>, KeepAliveTarget {
  private readonly chunks: Uint8Array[] = [];
  private first: IteratorResult<Uint8Array> | undefined;
  /** Bytes of an event not yet complete. */
  private held: Uint8Array | undefined;
  /** An upstream `next()` is in flight. */
  private pending = false;
  /** A result that arrived while nobody was waiting. */
  private buffered: IteratorResult<Uint8Array> | undefined;
  private waiter: ((result: IteratorResult<Uint8Array>) => void) | undefined;
  private ended = false;
  private silentTicks = 0;
  private readonly onResult = (result: IteratorResult<Uint8Array>) => {
    this.pending = false;
    this.deliver(this.accept(result));
  };
  private readonly onError = (error: unknown) => {
    this.pending = false;
    this.deliver(this.fail(error));
  };

  constructor(private readonly options: StreamRelayOptions) {
    this.first = options.first;
    options.clock?.add(this);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.first) {
      const first = this.first;
      this.first = undefined;
      const result = this.accept(first);
      if (result) return Promise.resolve(result);
    }
    if (this.buffered) {
      const result = this.buffered;
      this.buffered = undefined;
      return Promise.resolve(result);
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.waiter = resolve;
      if (!this.pending) this.pull();
    });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.ended) {
      this.end(null, true);
      this.options.cancel();
      // Releases the upstream body; after the abort above this cannot wait for a chunk that never comes.
      Promise.resolve()
        .then(() => this.options.iterator.return?.())
        .catch(() => undefined);
    }
    this.deliver(DONE);
    this.buffered = undefined;
    return Promise.resolve(DONE);
  }

  /** Keep-alive clock: after two silent ticks with the consumer waiting, hand it a comment instead of a chunk. */
  tick(): void {
    if (!this.waiter || !this.pending || ++this.silentTicks < 2) return;
    this.silentTicks = 0;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter(KEEP_ALIVE);
  }

  private pull(): void {
    this.pending = true;
    let promise: Promise<IteratorResult<Uint8Array>>;
    try {
      promise = this.options.iterator.next();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(this.onResult, this.onError);
  }

  private deliver(result: IteratorResult<Uint8Array> | undefined): void {
    if (!result) {
      // Only part of an event arrived: read on for the rest.
      if (!this.ended) this.pull();
      return;
    }
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(result);
    } else if (!this.ended || result !== DONE) {
      this.buffered = result;
    }
  }

  /** Takes an upstream result; returns what to hand the consumer, or undefined to keep reading. */
  private accept(result: IteratorResult<Uint8Array>): IteratorResult<Uint8Array> | undefined {
    if (this.ended) return DONE;
    if (result.done) {
      const held = this.held;
      this.held = undefined;
      if (held) this.chunks.push(held);
      this.end(null, false);
      // An upstream that ends mid-event keeps its last bytes: the relay is lossless.
      return held ? { done: false, value: held } : DONE;
    }
    this.silentTicks = 0;
    let chunk = result.value;
    if (this.held) {
      chunk = concatBytes([this.held, chunk]);
      this.held = undefined;
    }
    const cut = chunk.length >= MAX_HELD_BYTES ? chunk.length : lastEventEnd(chunk);
    if (cut === chunk.length) {
      this.chunks.push(chunk);
      return chunk === result.value ? result : { done: false, value: chunk };
    }
    if (cut === 0) {
      this.held = chunk;
      return undefined;
    }
    this.held = chunk.subarray(cut);
    const head = chunk.subarray(0, cut);
    this.chunks.push(head);
    return { done: false, value: head };
  }

  private fail(error: unknown): IteratorResult<Uint8Array> {
    if (this.ended) return DONE;
    const typed = this.options.classify(error);
    this.held = undefined;
    if (typed instanceof ClientClosedError) {
      this.end(null, true);
      return DONE;
    }
    const event = encodeUtf8(sseErrorEvent(typed));
    this.chunks.push(event);
    this.end(typed, false);
    return { done: false, value: event };
  }

  private end(error: RouterError | null, clientClosed: boolean): void {
    this.ended = true;
    this.options.clock?.delete(this);
    this.options.onEnd({ chunks: this.chunks, error, clientClosed });
  }
}

/** Creates the relay: an async iterator the host pulls and writes to the client. */
export function createStreamRelay(options: StreamRelayOptions): AsyncIterableIterator<Uint8Array> {
  return new StreamRelay(options);
}
