/** A backoff wait that ends early, with the abort reason, when the request is aborted. */

/** Waits `ms`; rejects with `reason(signal)` as soon as `signal` aborts (so no attempt starts for a client that left). */
export function abortableDelay(ms: number, signal: AbortSignal, reason: (signal: AbortSignal) => unknown): Promise<void> {
  if (signal.aborted) return Promise.reject(reason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
