/**
 * Request cancellation without an `AbortSignal` per request. Node builds a
 * signal as a full `EventTarget` (about 6 µs with its controller, more with a
 * listener), a measurable share of a proxied request; a `Cancellation` is a flag,
 * a reason and a short listener list, and makes a real signal only when
 * something asks for one (`fetch`, an embedder's transport).
 */
import type { CancellationLike, UpstreamRequest } from '../spec/transport.js';

const NO_LISTENERS: readonly (() => void)[] = [];

/** A cancellable request: `abort()` it, ask `aborted`/`reason`, listen with `onAbort`, or hand out `signal`. */
export class Cancellation implements CancellationLike {
  aborted = false;
  reason: unknown = undefined;
  #listeners: (() => void)[] | undefined;
  #controller: AbortController | undefined;

  /** Aborts once (later calls are ignored), with `reason` or an `AbortError`. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    this.#controller?.abort(this.reason);
    const listeners = this.#listeners ?? NO_LISTENERS;
    this.#listeners = undefined;
    for (const listener of listeners) listener();
  }

  /** Calls `listener` once when aborted (never, like a signal's listener, when already aborted); returns its remover. */
  onAbort(listener: () => void): () => void {
    if (this.aborted) return noop;
    (this.#listeners ??= []).push(listener);
    return () => {
      const index = this.#listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.#listeners!.splice(index, 1);
    };
  }

  /** A real `AbortSignal` that follows this cancellation, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** A cancellation that follows `signal` (and aborts with its reason); `unlink()` stops following. */
  static following(signal: AbortSignal | undefined): { cancellation: Cancellation; unlink: () => void } {
    const cancellation = new Cancellation();
    if (!signal) return { cancellation, unlink: noop };
    if (signal.aborted) {
      cancellation.abort(signal.reason);
      return { cancellation, unlink: noop };
    }
    const onAbort = () => cancellation.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    return { cancellation, unlink: () => signal.removeEventListener('abort', onAbort) };
  }
}

function noop(): void {}

/** What a transport should watch: the request's `cancellation`, else its `signal` seen through the same interface. */
export function cancellationOf(request: Pick<UpstreamRequest, 'cancellation' | 'signal'>): CancellationLike | undefined {
  if (request.cancellation) return request.cancellation;
  const signal = request.signal;
  if (!signal) return undefined;
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    onAbort(listener) {
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
  };
}
