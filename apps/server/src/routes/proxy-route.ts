/**
 * The proxy routes: every row of the route table with an `api` (`POST /v1/chat/completions`,
 * `/v1/messages`, `/v1/responses`, …) is this one handler, which reads the body and hands it to
 * `router.proxy(api, …)`. `POST /v1/chat/completions` is the hot path: on Node the body is read
 * from the socket and the answer written straight back, with no web `Request`, `Headers` or
 * `Response` built and nothing allocated per request that chat did not need before.
 */
import type { AppEnv, ServerApp } from '../app-env.js';
import type { MiddlewareHandler } from 'hono';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Cancellation, ClientClosedError, HOP_HEADER, RouterError, dialectFor, requestIdFrom, toReadableStream, type ClientApi, type ClientKeyEntry, type Router, clientRequestIdFrom, traceContextFrom } from '@router/core';
import { drainBody, readBody, PayloadTooLargeError, type DrainLimits } from '../node/read-body.js';
import { sendNodeResponse } from '../node/send-response.js';
import type { Logger } from '../logger.js';
import type { ProxyRoute } from './route-table.js';
import { contextHeaders, type ClientKeyCheck } from '../auth/create-client-key-auth.js';
import { markGuard } from '../auth/guard-marks.js';

/** What the proxy routes need. */
export interface ProxyRouteOptions {
  router: Router;
  /** `MAX_BODY_BYTES`: the largest body a proxy route reads. */
  maxBodyBytes: number;
  logger?: Logger;
  /** How much of a refused upload is read and discarded so the client can read the 413/415 (default: 64 MiB more, 5 s). */
  drain?: Partial<DrainLimits>;
  /** Trace requests (OpenTelemetry on): each gets a trace context, continuing the client's `traceparent`. */
  tracing?: boolean;
  /** The client-key check (`registerAuth`), run first in the handler: null or absent when the routes are open. */
  clientKeyCheck?: ClientKeyCheck | null;
  /** Filled with each route's Node handler by path, for the server's request listener to call before Hono (`withProxyFastPath`). */
  nodeRoutes?: NodeProxyRoutes;
  /**
   * The browser check (`createBrowserCheck`), run on requests that come from a browser (they carry `Origin` or
   * `Sec-Fetch-Site`; programs send neither): a page of another site, or a rebound host name while the routes are
   * open, is refused before the body is read.
   */
  browserCheck?: (host: string, origin: string | undefined, site: string | undefined) => RouterError | null;
}

/**
 * Serves one request of a proxy route straight from Node's request listener, or declines it (false) before
 * reading anything, for the app to answer: a request its client-key check refuses, whose refusal the app
 * writes in the API's shape (and counts).
 */
export type NodeProxyServe = (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;

/** The proxy routes' Node handlers by path (`/v1/chat/completions`, …). */
export type NodeProxyRoutes = Map<string, NodeProxyServe>;

/**
 * Request headers an API defines, passed to the engine for providers that speak the API natively
 * (lower-case names). Anthropic clients send the API version and the beta features they use.
 */
export const API_REQUEST_HEADERS: Readonly<Partial<Record<ClientApi, readonly string[]>>> = {
  messages: ['anthropic-version', 'anthropic-beta'],
  count_tokens: ['anthropic-version', 'anthropic-beta'],
};

const decoder = new TextDecoder();

/** The query string of a request URL without its `?` (undefined when it has none). */
export function queryOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const at = url.indexOf('?');
  return at === -1 || at === url.length - 1 ? undefined : url.slice(at + 1);
}

/** A body sent as anything but JSON is refused before it is read (no content type at all is accepted, like OpenAI does). */
function checkContentType(value: string | undefined | null): void {
  if (value && !/^application\/(.+\+)?json\b/i.test(value.trim())) {
    throw new RouterError(`Content-Type must be application/json, got "${value}".`, { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', param: 'content-type' });
  }
}

/** The API's own headers the request carries (undefined when it carries none). */
function apiHeaders(names: readonly string[], read: (name: string) => string | string[] | undefined): Record<string, string> | undefined {
  let headers: Record<string, string> | undefined;
  for (const name of names) {
    const value = read(name);
    if (value === undefined) continue;
    (headers ??= {})[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** A Node header's value (the first, when repeated). */
function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Registers the handler of one proxy row. */
export function registerProxyRoute(app: ServerApp, route: ProxyRoute, options: ProxyRouteOptions): void {
  const { router, maxBodyBytes } = options;
  const { api } = route;
  const headerNames = API_REQUEST_HEADERS[api];
  const drainLimits: DrainLimits = { maxBytes: options.drain?.maxBytes ?? 64 * 1024 * 1024, maxMs: options.drain?.maxMs ?? 5_000 };

  const check = options.clientKeyCheck ?? null;
  const browserCheck = options.browserCheck;
  /** Throws the refusal of a browser's request that another site's page (or a rebound host name) sent. */
  const checkBrowser = (host: string | undefined, origin: string | undefined, site: string | undefined) => {
    if (browserCheck === undefined || (origin === undefined && site === undefined)) return;
    const refused = browserCheck(host ?? '', origin, site);
    if (refused) throw refused;
  };

  /** Node: read the socket directly, write straight back to it (no web `Request`, `Headers` or `Response`). */
  const serveNode = async (incoming: IncomingMessage, outgoing: ServerResponse, clientKey: ClientKeyEntry | undefined, clientRequestId: string | null): Promise<void> => {
    const raw = incoming.headers;
    // A pin to one provider (`x-router-provider`), whether it may fail over (`x-router-fallback`), and the routers the
    // request already passed through (`x-router-hop`, so one that loops back is refused): the engine validates all three.
    // `header` reads any other header, only when a sticky route asks for its key (`header:<name>`).
    const hints = { provider: raw['x-router-provider'] as string | undefined, fallback: raw['x-router-fallback'] as string | undefined, hops: raw[HOP_HEADER], header: (name: string) => firstValue(raw[name]) };
    const trace = options.tracing ? traceContextFrom(raw.traceparent as string | undefined) : undefined;
    const headers = headerNames === undefined ? undefined : apiHeaders(headerNames, (name) => (raw as IncomingHttpHeaders)[name]);
    // The query string (`?beta=true` from Anthropic clients) means something to a provider speaking the API: passed on for the APIs that define headers too.
    const query = headerNames === undefined ? undefined : queryOf(incoming.url);
    const controller = new Cancellation();
    const onClose = () => {
      if (!outgoing.writableFinished) controller.abort();
    };
    outgoing.once('close', onClose);
    let body: string;
    try {
      checkBrowser(raw.host, raw.origin, firstValue(raw['sec-fetch-site']));
      checkContentType(raw['content-type']);
      body = await readBody(incoming, maxBodyBytes);
    } catch (error) {
      outgoing.off('close', onClose);
      // Refused before the engine read it: the engine still answers (in the API's shape) and logs it once.
      const rejected = RouterError.isInstance(error) ? error : new ClientClosedError();
      const result = await router.proxy(api, { body: '', clientRequestId, controller, rejected, headers, trace, clientKey });
      // The client left mid-upload: nobody to answer.
      if (rejected instanceof ClientClosedError || outgoing.destroyed) return;
      // The body was not read (415) or only partly (413): read and drop the rest, within bounds, so a
      // client still uploading gets to read the answer; then close rather than reuse the connection.
      await drainBody(incoming, drainLimits);
      if (outgoing.destroyed) return;
      result.headers.connection = 'close';
      await sendNodeResponse(outgoing, result);
      return;
    }
    const result = await router.proxy(api, { body, clientRequestId, controller, headers, query, trace, clientKey, ...hints });
    try {
      await sendNodeResponse(outgoing, result);
    } finally {
      outgoing.off('close', onClose);
    }
  };

  // Node's request listener calls this before Hono (`withProxyFastPath`): no `Request` proxy, route match or context per request.
  options.nodeRoutes?.set(route.path, (incoming, outgoing) => {
    let clientKey: ClientKeyEntry | undefined;
    if (check !== null) {
      try {
        // uncounted here: the app checks it again, then answers and counts the refusal
        clientKey = check((name) => incoming.headers[name], false);
      } catch {
        return false;
      }
    }
    const clientRequestId = clientRequestIdFrom(incoming.headers['x-request-id'] as string | undefined);
    serveNode(incoming, outgoing, clientKey, clientRequestId).catch((error: unknown) => {
      // what Hono's error handler would do: the failure logged, a 500 in the API's shape if nothing was sent yet
      options.logger?.error('unhandled error', { error: (error as Error)?.stack ?? String(error), path: route.path });
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      const requestId = clientRequestId ?? requestIdFrom(undefined);
      const { status, body } = dialectFor(api).errorBody(error, requestId);
      outgoing.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId }).end(JSON.stringify(body));
    });
    return true;
  });

  // One handler per route, which runs the client-key check itself: Hono then calls it directly, with
  // no middleware chain composed per request (the route audit knows the mark).
  const handler: MiddlewareHandler<AppEnv> = async (c) => {
    // the client key (its models, providers and limits are the engine's to enforce); a refusal is thrown before anything is read
    const clientKey = check === null ? undefined : check(contextHeaders(c));
    const incoming = c.env?.incoming;
    const outgoing = c.env?.outgoing;
    // On Node, read the raw header: `c.req.header()` would build a whole web `Headers` per request.
    // The engine gives every request its own id (the log row's key); the client's, which clients reuse, is echoed and logged beside it.
    const clientRequestId = clientRequestIdFrom(incoming ? (incoming.headers['x-request-id'] as string | undefined) : c.req.header('x-request-id'));
    if (clientRequestId !== null) c.set('requestId', clientRequestId);
    if (incoming && outgoing) {
      await serveNode(incoming, outgoing, clientKey, clientRequestId);
      return RESPONSE_ALREADY_SENT;
    }

    const hints = { provider: c.req.header('x-router-provider'), fallback: c.req.header('x-router-fallback'), hops: c.req.header(HOP_HEADER), header: (name: string) => c.req.header(name) };
    const trace = options.tracing ? traceContextFrom(c.req.header('traceparent')) : undefined;
    const headers = headerNames === undefined ? undefined : apiHeaders(headerNames, (name) => c.req.header(name));
    const query = headerNames === undefined ? undefined : queryOf(c.req.url);

    // Web path (app.request() in tests, other runtimes).
    let body = '';
    let rejected: RouterError | undefined;
    try {
      checkBrowser(c.req.header('host') ?? new URL(c.req.url).host, c.req.header('origin'), c.req.header('sec-fetch-site'));
      checkContentType(c.req.header('content-type'));
      const declared = Number(c.req.header('content-length'));
      if (Number.isFinite(declared) && declared > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      // counted in bytes, as on Node (a string's length counts UTF-16 units)
      const bytes = await c.req.arrayBuffer();
      if (bytes.byteLength > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      body = decoder.decode(bytes);
    } catch (error) {
      if (!RouterError.isInstance(error)) throw error;
      rejected = error;
      body = '';
    }
    const result = await router.proxy(api, { body, clientRequestId, signal: c.req.raw.signal, rejected, headers, query, trace, clientKey, ...hints });
    // Pull-based, so a client that cancels the response body cancels the upstream too.
    const stream = result.body instanceof Uint8Array ? result.body : toReadableStream(result.body);
    return new Response(stream, { status: result.status, headers: result.headers });
  };
  app.on(route.method, route.path, check === null ? handler : markGuard('handler-checks-client-key', handler));
}