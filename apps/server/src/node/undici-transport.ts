/**
 * The server's upstream transport on undici's `Agent`: pooled keep-alive
 * connections, native header/body timeouts, and the body as a Node stream
 * that the engine iterates (no web-stream or fetch machinery on the hot path).
 */
import { Agent, buildConnector } from 'undici';
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
  // Connections are pooled per origin, so the connect timeout is per origin too: the latest
  // `connectTimeoutMs` a request to that origin carried (one connector per distinct value).
  const defaultConnectMs = options.connectTimeoutMs ?? 10_000;
  const connectTimeouts = new Map<string, number>();
  const connectors = new Map<number, buildConnector.connector>();
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const timeout = connectTimeouts.get(`${connectOptions.protocol}//${connectOptions.host}`) ?? defaultConnectMs;
    let connector = connectors.get(timeout);
    if (!connector) connectors.set(timeout, (connector = buildConnector({ timeout })));
    return connector(connectOptions, callback);
  };
  const agent = new Agent({
    factory: createSwappablePoolFactory(pools),
    connections: options.connections ?? 256,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
    connect,
  });
  const transport: Transport = async (request): Promise<UpstreamResponse> => {
    const url = new URL(request.url);
    if (request.connectTimeoutMs !== undefined && connectTimeouts.get(url.origin) !== request.connectTimeoutMs) connectTimeouts.set(url.origin, request.connectTimeoutMs);
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
