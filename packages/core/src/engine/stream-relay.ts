/**
 * Relays an upstream SSE body to the client after the first byte: chunks pass
 * through unchanged, a failure ends the stream with a final
 * `data: {"error":…}` event (never `[DONE]`), and a silent upstream gets
 * `: keep-alive` comments from the shared clock. Bytes are only ever cut at
 * event boundaries, so neither a keep-alive nor the error event can land
 * inside a half-sent event. Each event is checked as it passes (`scanEvents`):
 * one whose data is not JSON, or that reports an upstream error, is not sent
 * and ends the stream with the error event.
 */
import { ClientClosedError, sseErrorEvent, type RouterError } from '../errors.js';
import { concatBytes, encodeUtf8 } from '../sse/bytes.js';
import { MAX_EVENT_BYTES, scanEvents, type EventFault } from '../sse/event-scan.js';
import { KEEP_ALIVE_COMMENT, type KeepAliveClock, type KeepAliveTarget } from './keep-alive-clock.js';
import { ResponseCapture, type CaptureLimits } from './response-capture.js';

/** How a relayed stream ended. */
export interface RelayEnd {
  /** What the client was sent (keep-alive comments excluded), including a final error event; only its head when `truncated`. */
  chunks: Uint8Array[];
  /** The last bytes sent, when `truncated`. */
  tail?: Uint8Array[];
  /** Bytes sent in all (keep-alive comments excluded). */
  bytes: number;
  /** Only the head and tail of what was sent were kept. */
  truncated: boolean;
  /** The error that ended the stream; null on success and when the client left. */
  error: RouterError | null;
  /** The client went away before the end. */
  clientClosed: boolean;
}

/** What the relay needs. */
export interface StreamRelayOptions {
  /** The upstream body, already started. */
  iterator: AsyncIterator<Uint8Array>;
  /**
   * The first result, read before the response was committed; or the read still waiting for it
   * (a held preamble that lasted: the client gets a keep-alive at once and more while it waits).
   */
  first: IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>>;
  /** Types an upstream failure (client close and shutdown are recognised from the abort signal). */
  classify(error: unknown): RouterError;
  /** The error for an event `scanEvents` refused (`event` is its bytes). */
  refuse(fault: EventFault, event: Uint8Array): RouterError;
  /** How much of the stream to keep for the log (default: `DEFAULT_CAPTURE_LIMITS`). */
  capture?: CaptureLimits;
  /** Called exactly once, when the stream ends in any way. */
  onEnd(end: RelayEnd): void;
  /** Aborts the upstream request (the consumer stopped early). */
  cancel(): void;
  /** Sends keep-alive comments while the upstream is silent. */
  clock?: KeepAliveClock;
  /** The keep-alive bytes (default: the `: keep-alive` comment; Anthropic clients get a `ping` event). */
  keepAlive?: Uint8Array;
  /** The event that ends a failed stream (default: OpenAI's `data: {"error":…}`). */
  streamError?: (error: RouterError) => Uint8Array;
}

const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });
const openaiErrorEvent = (error: RouterError): Uint8Array => encodeUtf8(sseErrorEvent(error));
const KEEP_ALIVE: IteratorResult<Uint8Array> = Object.freeze({ done: false, value: KEEP_ALIVE_COMMENT });

class StreamRelay implements AsyncIterableIterator<Uint8Array>, KeepAliveTarget {
  private readonly capture: ResponseCapture;
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
  private readonly keepAlive: IteratorResult<Uint8Array>;
  private readonly errorEvent: (error: RouterError) => Uint8Array;
  private readonly onResult = (result: IteratorResult<Uint8Array>) => {
    this.pending = false;
    this.deliver(this.accept(result));
  };
  private readonly onError = (error: unknown) => {
    this.pending = false;
    this.deliver(this.fail(error));
  };

  constructor(private readonly options: StreamRelayOptions) {
    this.keepAlive = options.keepAlive && options.keepAlive !== KEEP_ALIVE_COMMENT ? { done: false, value: options.keepAlive } : KEEP_ALIVE;
    this.errorEvent = options.streamError ?? openaiErrorEvent;
    this.capture = new ResponseCapture(options.capture);
    const first = options.first;
    if ('then' in first) {
      // The upstream has kept the client waiting already: say so now, and read on as usual.
      this.pending = true;
      this.buffered = this.keepAlive;
      first.then(this.onResult, this.onError);
    } else {
      this.first = first;
    }
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
    waiter(this.keepAlive);
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
      if (!held) {
        this.end(null, false);
        return DONE;
      }
      // An upstream that ends mid-event keeps its last bytes (the relay is lossless), once they pass.
      const scan = scanEvents(held, true);
      if (scan.fault) return this.refuse(held, scan.end, scan.fault, scan.faultEnd);
      this.capture.add(held);
      this.end(null, false);
      return { done: false, value: held };
    }
    this.silentTicks = 0;
    let chunk = result.value;
    if (this.held) {
      chunk = concatBytes([this.held, chunk]);
      this.held = undefined;
    }
    const scan = scanEvents(chunk);
    if (scan.fault) return this.refuse(chunk, scan.end, scan.fault, scan.faultEnd);
    const cut = scan.end;
    // No event end in sight: passed on as it is (unchecked) rather than held without bound.
    if (cut === chunk.length || (cut === 0 && chunk.length >= MAX_EVENT_BYTES)) {
      this.capture.add(chunk);
      return chunk === result.value ? result : { done: false, value: chunk };
    }
    if (cut === 0) {
      this.held = chunk;
      return undefined;
    }
    this.held = chunk.subarray(cut);
    const head = chunk.subarray(0, cut);
    this.capture.add(head);
    return { done: false, value: head };
  }

  /** An event broke the rules: the events before it go out, then the error event ends the stream, and the upstream is let go. */
  private refuse(chunk: Uint8Array, end: number, fault: EventFault, faultEnd: number): IteratorResult<Uint8Array> {
    const typed = this.options.refuse(fault, chunk.subarray(end, faultEnd));
    const event = this.errorEvent(typed);
    const good = chunk.subarray(0, end);
    if (end > 0) this.capture.add(good);
    this.capture.add(event);
    this.held = undefined;
    this.end(typed, false);
    this.options.cancel();
    Promise.resolve()
      .then(() => this.options.iterator.return?.())
      .catch(() => undefined);
    return { done: false, value: end > 0 ? concatBytes([good, event]) : event };
  }

  private fail(error: unknown): IteratorResult<Uint8Array> {
    if (this.ended) return DONE;
    const typed = this.options.classify(error);
    this.held = undefined;
    if (typed instanceof ClientClosedError) {
      this.end(null, true);
      return DONE;
    }
    const event = this.errorEvent(typed);
    this.capture.add(event);
    this.end(typed, false);
    return { done: false, value: event };
  }

  private end(error: RouterError | null, clientClosed: boolean): void {
    this.ended = true;
    this.options.clock?.delete(this);
    const captured = this.capture.result();
    this.options.onEnd({ chunks: captured.chunks, tail: captured.tail, bytes: captured.bytes, truncated: captured.truncated, error, clientClosed });
  }
}

/** Creates the relay: an async iterator the host pulls and writes to the client. */
export function createStreamRelay(options: StreamRelayOptions): AsyncIterableIterator<Uint8Array> {
  return new StreamRelay(options);
}

/** What the body relay needs. */
export interface BodyRelayOptions {
  /** The rest of the upstream body. */
  iterator: AsyncIterator<Uint8Array>;
  /** What was read before the response was committed. */
  head: Uint8Array;
  /** Types an upstream failure. */
  classify(error: unknown): RouterError;
  /** Called exactly once, when the body ends in any way. */
  onEnd(end: RelayEnd): void;
  /** Aborts the upstream request (the consumer stopped early). */
  cancel(): void;
  /** How much of the body to keep for the log. */
  capture?: CaptureLimits;
}

/**
 * Passes a non-streaming body through as it arrives (one too large to hold whole), keeping only
 * a bounded head and tail for the log. Nothing can be added to a JSON body once it has started,
 * so an upstream failure midway is thrown to the host, which cuts the connection: the client
 * sees an incomplete response rather than a complete-looking truncated one.
 */
export function createBodyRelay(options: BodyRelayOptions): AsyncIterableIterator<Uint8Array> {
  const capture = new ResponseCapture(options.capture);
  let ended = false;
  const end = (error: RouterError | null, clientClosed: boolean) => {
    if (ended) return;
    ended = true;
    const captured = capture.result();
    options.onEnd({ chunks: captured.chunks, tail: captured.tail, bytes: captured.bytes, truncated: captured.truncated, error, clientClosed });
  };
  async function* relay(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      capture.add(options.head);
      yield options.head;
      while (true) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await options.iterator.next();
        } catch (error) {
          const typed = options.classify(error);
          if (typed instanceof ClientClosedError) {
            end(null, true);
            return;
          }
          end(typed, false);
          throw typed;
        }
        if (next.done) {
          end(null, false);
          return;
        }
        capture.add(next.value);
        yield next.value;
      }
    } finally {
      if (!ended) {
        // The consumer stopped reading: the client left.
        end(null, true);
        options.cancel();
        Promise.resolve()
          .then(() => options.iterator.return?.())
          .catch(() => undefined);
      }
    }
  }
  return relay();
}
