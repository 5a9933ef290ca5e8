/**
 * A transport on the web-standard `fetch`, for embedders and non-Node runtimes.
 * The server uses a faster undici-based transport; both honour the same timeouts.
 */
import { UpstreamTimeoutError } from '../errors.js';
import type { Transport, UpstreamRequest, UpstreamResponse } from '../spec/transport.js';

/** Reads a response body with an idle timeout between chunks. */
async function* readWithIdleTimeout(body: ReadableStream<Uint8Array>, idleMs: number | undefined, controller: AbortController): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let done = false;
  try {
    while (true) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = idleMs
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new UpstreamTimeoutError(`no data for ${idleMs} ms`, 'body')), idleMs);
          })
        : undefined;
      try {
        const result = await (timeout ? Promise.race([reader.read(), timeout]) : reader.read());
        if (result.done) {
          done = true;
          return;
        }
        yield result.value;
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
  } finally {
    if (!done) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  }
}

/** Creates a transport from a `fetch` function (default: the global one). */
export function createFetchTransport(fetchImpl: typeof fetch = (...args) => fetch(...args)): Transport {
  return async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = request.headersTimeoutMs
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, request.headersTimeoutMs)
      : undefined;
    try {
      const response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body as NonNullable<Parameters<typeof fetch>[1]>['body'],
        signal: controller.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = response.body ? readWithIdleTimeout(response.body, request.bodyTimeoutMs, controller) : (async function* () {})();
      return { status: response.status, headers, body };
    } catch (error) {
      if (timedOut) throw new UpstreamTimeoutError(`no response headers within ${request.headersTimeoutMs} ms`, 'headers', error);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
}
