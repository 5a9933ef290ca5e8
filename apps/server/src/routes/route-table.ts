/**
 * Every route the server answers, as data. What a route needs follows from its row, not from a
 * list kept somewhere else:
 * - `proxy`: the client keys (`ROUTER_API_KEYS`, in `Authorization: Bearer` or `x-api-key`), the
 *   proxy body limit (`MAX_BODY_BYTES`); a row with an `api` is served by the one proxy handler
 *   (`router.proxy(api, …)`), and its errors take the shape of that API's clients;
 * - `admin`: the management guards (browser guard, then the admin key or a loopback address) and
 *   the management body limit;
 * - `public`: nothing (`/health`, and `/v1/openapi.json`: the management API's description, which
 *   holds no data; every admin and public row must have its operation in it, see `openapi.ts`);
 * - `dashboard`: the web dashboard's static files under `/ui` (and `/`, which redirects there): the
 *   browser guard, and without an admin key the loopback check, as management routes have; with an
 *   admin key the files load for anyone (they hold no data) and the app signs in with the key.
 * Every route but the engine's own gets `x-request-id` from the app (the engine sets it on its answers).
 * `createApp` refuses to build an app with a route that is not in this table (`auditRoutes`), so a
 * route cannot ship without the guard of its kind.
 */
import type { ClientApi } from '@router/core';
import { MAX_BODY_BYTES as MANAGEMENT_MAX_BODY_BYTES } from './management/validation.js';

/** Who may call a route. */
export type RouteKind = 'proxy' | 'admin' | 'public' | 'dashboard';

/** The HTTP methods routes are registered with (`HEAD` is answered by the `GET` route). */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route: its method, its path as registered on Hono, its kind, and the client API the engine serves on it. */
export interface RouteEntry {
  readonly method: RouteMethod;
  readonly path: string;
  readonly kind: RouteKind;
  /** Set on the routes the engine answers (`router.proxy(api, …)`); decides the shape of every error on the route. */
  readonly api?: ClientApi;
}

/** A route the engine serves. */
export type ProxyRoute = RouteEntry & { readonly kind: 'proxy'; readonly api: ClientApi };

const proxy = (method: RouteMethod, path: string, api?: ClientApi): RouteEntry => (api ? { method, path, kind: 'proxy', api } : { method, path, kind: 'proxy' });
const admin = (method: RouteMethod, path: string): RouteEntry => ({ method, path, kind: 'admin' });
const dashboard = (path: string): RouteEntry => ({ method: 'GET', path, kind: 'dashboard' });

/** Where the dashboard's files and client-side pages live; no API path starts with it. */
export const DASHBOARD_PREFIX = '/ui';

/** The routes. */
export const ROUTES: readonly RouteEntry[] = [
  { method: 'GET', path: '/health', kind: 'public' },
  { method: 'GET', path: '/v1/openapi.json', kind: 'public' },
  // Prometheus metrics: guarded like the management API
  admin('GET', '/metrics'),

  // the proxy: what clients and agents call
  proxy('POST', '/v1/chat/completions', 'chat'),
  proxy('POST', '/v1/messages', 'messages'),
  proxy('POST', '/v1/messages/count_tokens', 'count_tokens'),
  proxy('POST', '/v1/responses', 'responses'),
  proxy('POST', '/v1/embeddings', 'embeddings'),
  proxy('POST', '/v1/completions', 'completions'),
  proxy('GET', '/v1/models'),
  proxy('GET', '/v1/models/:id{.+}'),

  // the management API
  admin('GET', '/v1/catalogue'),
  admin('POST', '/v1/models'),
  admin('PUT', '/v1/models/:id{.+}'),
  admin('DELETE', '/v1/models/:id{.+}'),
  admin('GET', '/v1/provider-types'),
  admin('GET', '/v1/providers'),
  admin('POST', '/v1/providers'),
  admin('GET', '/v1/providers/:id'), // also GET /v1/providers/health
  admin('PUT', '/v1/providers/:id'),
  admin('PATCH', '/v1/providers/:id'),
  admin('DELETE', '/v1/providers/:id'),
  admin('POST', '/v1/providers/:id/test'),
  admin('POST', '/v1/providers/:id/reload'),
  admin('POST', '/v1/providers/:id/enable'),
  admin('POST', '/v1/providers/:id/disable'),
  admin('GET', '/v1/providers/:id/config'),
  admin('PUT', '/v1/providers/:id/config'),
  admin('PATCH', '/v1/providers/:id/config/:key'),
  admin('GET', '/v1/providers/:id/default-model'),
  admin('PUT', '/v1/providers/:id/default-model'),
  admin('GET', '/v1/providers/:id/models'),
  admin('POST', '/v1/providers/:id/models'),
  admin('DELETE', '/v1/providers/:id/models/:modelId{.+}'),
  admin('GET', '/v1/settings'),
  admin('GET', '/v1/settings/active-provider'),
  admin('PUT', '/v1/settings/active-provider'),
  admin('DELETE', '/v1/settings/active-provider'),
  admin('GET', '/v1/settings/default-provider'),
  admin('PUT', '/v1/settings/default-provider'),
  admin('DELETE', '/v1/settings/default-provider'),
  admin('GET', '/v1/settings/tuning'),
  admin('GET', '/v1/settings/tuning/:key'),
  admin('PUT', '/v1/settings/tuning/:key'),
  admin('DELETE', '/v1/settings/tuning/:key'),
  admin('GET', '/v1/mappings'),
  admin('GET', '/v1/mappings/:model{.+}'),
  admin('PUT', '/v1/mappings/:model{.+}'),
  admin('DELETE', '/v1/mappings/:model{.+}'),
  admin('GET', '/v1/route-options'),
  admin('GET', '/v1/route-options/:model{.+}'),
  admin('PATCH', '/v1/route-options/:model{.+}'),
  admin('DELETE', '/v1/route-options/:model{.+}'),
  admin('GET', '/v1/prices'),
  admin('GET', '/v1/prices/:model{.+}'),
  admin('PUT', '/v1/prices/:model{.+}'),
  admin('DELETE', '/v1/prices/:model{.+}'),
  admin('GET', '/v1/requests'),
  admin('POST', '/v1/requests/:id/replay'),
  admin('GET', '/v1/replay/candidates'),
  admin('GET', '/v1/requests/:id{.+}'), // also GET /v1/requests/tail (the live tail, server-sent events)
  admin('GET', '/v1/stats'),
  admin('GET', '/v1/stats/series'),
  admin('GET', '/v1/stats/targets'),
  admin('GET', '/v1/shadow-report'),
  admin('GET', '/v1/stats/scorecard'),
  admin('GET', '/v1/history'),
  admin('POST', '/v1/compare'),
  admin('GET', '/v1/compare'),
  admin('GET', '/v1/compare/:id'),
  admin('GET', '/v1/keys'),
  admin('POST', '/v1/keys'),
  admin('GET', '/v1/keys/:id'),
  admin('PATCH', '/v1/keys/:id'),
  admin('DELETE', '/v1/keys/:id'),
  admin('POST', '/v1/keys/:id/revoke'),
  admin('POST', '/v1/keys/:id/rotate'),

  // the web dashboard: `/` redirects to it; its assets and client-side pages are under /ui
  dashboard('/'),
  dashboard(DASHBOARD_PREFIX),
  dashboard(`${DASHBOARD_PREFIX}/*`),
];

const byKey = new Map(ROUTES.map((route) => [`${route.method} ${route.path}`, route]));

/** The row of a route as registered (method and Hono path pattern), or undefined when it is not in the table. */
export function findRoute(method: string, path: string, routes: readonly RouteEntry[] = ROUTES): RouteEntry | undefined {
  if (routes === ROUTES) return byKey.get(`${method.toUpperCase()} ${path}`);
  return routes.find((route) => route.method === method.toUpperCase() && route.path === path);
}

/** The rows the engine serves (`router.proxy`). */
export function proxyRoutes(routes: readonly RouteEntry[] = ROUTES): ProxyRoute[] {
  return routes.filter((route): route is ProxyRoute => route.kind === 'proxy' && route.api !== undefined);
}

/** The largest body a route reads: `MAX_BODY_BYTES` (`proxyMaxBytes`) on proxy routes, the management limit on admin routes, none on `/health`. */
export function bodyLimitFor(route: RouteEntry, proxyMaxBytes: number): number {
  return route.kind === 'proxy' ? proxyMaxBytes : route.kind === 'admin' ? MANAGEMENT_MAX_BODY_BYTES : 0;
}

/** Whether requests of this method carry a body the route may read. */
export function takesBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** A Hono path pattern as a regular expression over request paths (`:name`, `:name{re}` and `*`). */
export function patternRegex(path: string): RegExp {
  let source = '';
  for (const part of path.split(/(:[A-Za-z_][A-Za-z0-9_]*(?:\{[^}]*\})?|\*)/)) {
    if (part === '*') source += '.*';
    else if (part.startsWith(':')) {
      const custom = /\{(.*)\}$/.exec(part);
      source += custom ? `(?:${custom[1]})` : '[^/]+';
    } else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
