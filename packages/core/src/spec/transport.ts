/**
 * The upstream transport: how the engine talks to a provider over HTTP.
 * Web-standard shapes only, so an embedder can pass `fetch` (see
 * `createFetchTransport`) while the server passes a faster undici-based one.
 */

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
  /** Aborts the request (client went away, deadline passed). */
  signal?: AbortSignal;
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
