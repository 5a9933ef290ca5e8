/**
 * The server's upstream transport on undici's `Agent`: pooled keep-alive
 * connections, native header/body timeouts, and the body as a Node stream
 * that the engine iterates (no web-stream or fetch machinery on the hot path).
 */
import { Agent } from 'undici';
import type { Transport, UpstreamResponse } from '@router/core';
import { createSwappablePoolFactory, type SwappablePool } from './swappable-pool.js';

/** Options for the transport. */
export interface UndiciTransportOptions {
  /** Connections per upstream origin (default 256). */
  connections?: number;
  /** Connect timeout, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Keep-alive timeout, ms (default 60000). */
  keepAliveTimeoutMs?: number;
}

/** The transport plus a way to drop pooled connections (on provider reload and shutdown). */
export interface UndiciTransport {
  transport: Transport;
  close(): Promise<void>;
  /** Retires the pooled connections to one origin (provider reload): new requests open fresh ones, requests in flight finish first. Resolves true when there was a pool, once it has closed. */
  closeOrigin(origin: string): Promise<boolean>;
}

/** Creates the transport. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const pools = new Map<string, SwappablePool>();
  const agent = new Agent({
    factory: createSwappablePoolFactory(pools),
    connections: options.connections ?? 256,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
  });
  const transport: Transport = async (request): Promise<UpstreamResponse> => {
    const url = new URL(request.url);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: request.headersTimeoutMs,
      bodyTimeout: request.bodyTimeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
  const closeOrigin = async (origin: string): Promise<boolean> => {
    const pool = pools.get(new URL(origin).origin);
    return pool ? pool.retire() : false;
  };
  return { transport, close: () => agent.close(), closeOrigin };
}
