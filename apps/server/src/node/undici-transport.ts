/**
 * The server's upstream transport on undici's `Agent`: pooled keep-alive
 * connections, native header/body timeouts, and each response handled by a
 * `DispatchExchange` whose body the engine iterates: no web streams, fetch
 * machinery or Node `Readable` on the hot path.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent, buildConnector } from 'undici';
import { cancellationOf, isMetadataAddress, type Transport, type UpstreamResponse } from '@router/core';
import { DispatchExchange } from './dispatch-exchange.js';
import { createSwappablePoolFactory, type SwappablePool } from './swappable-pool.js';

/** Options for the transport. */
export interface UndiciTransportOptions {
  /**
   * Connections per upstream origin (default 4096). A stream holds its connection for its whole
   * length, so this bounds the streams one provider can serve at once; requests beyond it wait for a
   * free connection. That wait shows in the log as part of the attempt's `durationMs` and the
   * request's `ttfbMs`; it does not count against the provider's time-to-first-byte timeout, whose
   * clock undici starts once the request has a connection.
   */
  connections?: number;
  /** Connect timeout, ms (default 10000). */
  connectTimeoutMs?: number;
  /** Keep-alive timeout, ms (default 60000). */
  keepAliveTimeoutMs?: number;
  /**
   * Connect to names that resolve to a link-local or cloud metadata address (`ALLOW_METADATA_ADDRESSES=1`).
   * Default false: a provider URL naming such an address is refused when it is written; a name that
   * only resolves to one (`169.254.169.254.nip.io`, a DNS record changed later) is refused here, when
   * a connection is opened, so no request ever reaches it.
   */
  allowMetadataAddresses?: boolean;
  /** The resolver (default `dns.lookup`); for tests. */
  lookup?: typeof dnsLookup;
}

/** A resolver that fails for a name with any address in 169.254.0.0/16, fe80::/10 or the metadata addresses. */
function refusingMetadata(resolve: typeof dnsLookup): typeof dnsLookup {
  const guarded = (hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const found = addresses.find((entry) => isMetadataAddress(`http://${entry.family === 6 ? `[${entry.address}]` : entry.address}/`));
      if (found) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${found.address}, a link-local or cloud metadata address, which would hand the machine's credentials to whoever calls the router; set ALLOW_METADATA_ADDRESSES=1 if this is really a model server`);
        refused.code = 'EMETADATA';
        return callback(refused, '');
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
  return guarded as unknown as typeof dnsLookup;
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
  // IP literals are checked when a provider is written; names are checked here, as they resolve
  const lookup = options.allowMetadataAddresses ? options.lookup : refusingMetadata(options.lookup ?? dnsLookup);
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const timeout = connectTimeouts.get(`${connectOptions.protocol}//${connectOptions.host}`) ?? defaultConnectMs;
    let connector = connectors.get(timeout);
    if (!connector) connectors.set(timeout, (connector = buildConnector({ timeout, ...(lookup ? { lookup } : {}) })));
    return connector(connectOptions, callback);
  };
  const agent = new Agent({
    factory: createSwappablePoolFactory(pools),
    connections: options.connections ?? 4096,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
    connect,
  });
  // Provider URLs are a handful of fixed strings: split each once, not per request.
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      if (targets.size >= 1024) targets.clear();
      targets.set(url, target);
    }
    return target;
  };
  const transport: Transport = (request): Promise<UpstreamResponse> => {
    const { origin, path } = targetOf(request.url);
    if (request.connectTimeoutMs !== undefined && connectTimeouts.get(origin) !== request.connectTimeoutMs) connectTimeouts.set(origin, request.connectTimeoutMs);
    const exchange = new DispatchExchange(cancellationOf(request));
    try {
      agent.dispatch(
        { origin, path, method: request.method, headers: request.headers, body: request.body, headersTimeout: request.headersTimeoutMs, bodyTimeout: request.bodyTimeoutMs },
        exchange,
      );
    } catch (error) {
      exchange.onError(error as Error);
    }
    return exchange.response;
  };
  const closeOrigin = async (origin: string): Promise<boolean> => {
    const pool = pools.get(new URL(origin).origin);
    return pool ? pool.retire() : false;
  };
  return { transport, close: () => agent.close(), closeOrigin };
}
