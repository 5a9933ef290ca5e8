/**
 * The upstream transport: how the engine talks to a provider over HTTP.
 * Web-standard shapes only, so an embedder can pass `fetch` (see
 * `createFetchTransport`) while the server passes a faster undici-based one.
 */

/** Cancellation as a flag, a reason and a listener: what an `AbortSignal` offers, minus the `EventTarget`. */
export interface CancellationLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `listener` once on abort (not when already aborted: check `aborted` first); returns a function that removes it. */
  onAbort(listener: () => void): () => void;
}

/** One HTTP request to an upstream provider. */
export interface UpstreamRequest {
  /** Absolute URL (http or https). */
  url: string;
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Request body, already serialised. */
  body?: string | Uint8Array;
  /**
   * Aborts the request (client went away, deadline passed). On requests the engine sends this is
   * made on first read from `cancellation`: a transport that can watch `cancellation` instead
   * saves building an `AbortSignal` per request.
   */
  signal?: AbortSignal;
  /** The same cancellation as `signal`, without the cost of a signal (see `cancellationOf`). */
  cancellation?: CancellationLike;
  /** Milliseconds to wait for a new connection to the upstream (pooled connections are reused without waiting). */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for response headers before failing with a timeout. */
  headersTimeoutMs?: number;
  /** Milliseconds the body may stay silent between two chunks before failing with a timeout. */
  bodyTimeoutMs?: number;
}

/** The upstream's answer: status, headers and a body read chunk by chunk. */
export interface UpstreamResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body; breaking out of the iteration releases the connection. */
  body: AsyncIterable<Uint8Array>;
}

/** Sends one request upstream. Rejects with an `UpstreamConnectionError`/`UpstreamTimeoutError` (or any error) when no response arrives. */
export type Transport = (request: UpstreamRequest) => Promise<UpstreamResponse>;
