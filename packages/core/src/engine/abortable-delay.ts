/** A backoff wait that ends early, with the abort reason, when the request is aborted. */
import type { CancellationLike } from '../spec/transport.js';

/** Waits `ms`; rejects with `reason()` as soon as `cancellation` aborts (so no attempt starts for a client that left). */
export function abortableDelay(ms: number, cancellation: CancellationLike, reason: () => unknown): Promise<void> {
  if (cancellation.aborted) return Promise.reject(reason());
  return new Promise((resolve, reject) => {
    const stop = cancellation.onAbort(() => {
      clearTimeout(timer);
      reject(reason());
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
  });
}
