/**
 * Puts the guards in front of the routes, from the route table: the client-key guard on every
 * proxy row, registered before any route since Hono runs handlers in registration order; the
 * management guards in each admin route's own handler chain (`guardManagementRoutes`), so no path
 * form can reach a route without them.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerApp } from '../app-env.js';
import { createAdminAuth, type RemoteAddress } from './create-admin-auth.js';
import { clientKeyMiddleware, createClientKeyCheck, type ClientKeyCheck, type ClientKeyLookup, type KeyRejection } from './create-client-key-auth.js';
import { createRequestGuard } from './create-request-guard.js';
import { markGuard } from './guard-marks.js';
import { bodyLimit } from 'hono/body-limit';
import { bodyLimitFor, findRoute, ROUTES, takesBody, type RouteEntry } from '../routes/route-table.js';
import { bodyTooLarge } from '../routes/management/validation.js';

/** Who may call what. */
export interface AuthOptions {
  /** `ADMIN_API_KEY`: required on every management route; unset means loopback clients (and loopback host names) only. */
  adminApiKey?: string;
  /** `ROUTER_API_KEYS`: required on every proxy route (`Authorization: Bearer` or `x-api-key`); empty means open. */
  clientApiKeys?: readonly string[];
  /** `ALLOWED_HOSTS`: host names management answers besides loopback names when no admin key is set. */
  allowedHosts?: readonly string[];
  /** The stored client keys, read live from the configuration snapshot (absent: only `ROUTER_API_KEYS`). */
  clientKeys?: ClientKeyLookup;
  /** Told each time a proxy request is refused for a missing, unknown, revoked or expired client key (metrics). */
  onClientKeyRejected?: (reason: KeyRejection) => void;
  /** Where the client address comes from (tests inject one). */
  remoteAddress?: RemoteAddress;
}

/**
 * The client-key check, when keys are configured or can be (a store of client keys), registered as
 * the guard of every proxy row without an API (the model reads); the rows with an API are served by
 * `registerProxyRoute`, whose handler runs the returned check itself. Null: no check (open routes).
 */
export function registerAuth(app: ServerApp, options: AuthOptions = {}, routes: readonly RouteEntry[] = ROUTES): ClientKeyCheck | null {
  const check = createClientKeyCheck(options.clientApiKeys ?? [], { adminApiKey: options.adminApiKey, clientKeys: options.clientKeys, onRejected: options.onClientKeyRejected });
  if (!check) return null;
  const guard = clientKeyMiddleware(check);
  for (const route of routes) if (route.kind === 'proxy' && route.api === undefined) app.on(route.method, route.path, guard);
  return check;
}

/** The management guards, in order: browser/rebinding guard, then the admin key (or loopback address) check. */
export function managementGuards(options: AuthOptions = {}): MiddlewareHandler[] {
  return [markGuard('admin', createRequestGuard(options)), markGuard('admin', createAdminAuth(options))] as MiddlewareHandler[];
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'all']);

/** The management body limit, before any handler reads the body (however it reads it). */
function managementBodyLimit(route: RouteEntry): MiddlewareHandler {
  return markGuard('body-limit', bodyLimit({
    maxSize: bodyLimitFor(route, 0),
    onError: () => {
      throw bodyTooLarge();
    },
  }));
}

/**
 * A view of `app` through which management modules register their routes: each must be a row of
 * the route table, and an admin row's handler chain starts with `guards` and, for a method with a
 * body, the management body limit. The model reads the
 * module serves are proxy rows (client keys, registered by `registerAuth`). A route that is not in
 * the table is refused when it is registered, so the server does not start with it.
 */
export function guardManagementRoutes(app: ServerApp, guards: readonly MiddlewareHandler[], routes: readonly RouteEntry[] = ROUTES): ServerApp {
  const chain = (method: string, path: unknown, handlers: unknown[]) => {
    const route = typeof path === 'string' ? findRoute(method, path, routes) : undefined;
    if (!route) throw new TypeError(`${method.toUpperCase()} ${String(path)} is not in the route table (src/routes/route-table.ts): add it there with its kind`);
    if (route.kind !== 'admin') return handlers;
    return takesBody(route.method) ? [...guards, managementBodyLimit(route), ...handlers] : [...guards, ...handlers];
  };
  return new Proxy(app, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (ROUTE_METHODS.has(property)) {
        return (path: unknown, ...handlers: unknown[]) => {
          if (typeof path !== 'string') throw new TypeError('management routes must name their path');
          (value as (...args: unknown[]) => unknown).call(target, path, ...chain(property, path, handlers));
          return receiver;
        };
      }
      if (property === 'on') {
        return (methods: string | string[], paths: string | string[], ...handlers: unknown[]) => {
          for (const method of [methods].flat()) for (const path of [paths].flat()) target.on(method, path, ...(chain(method, path, handlers) as [MiddlewareHandler]));
          return receiver;
        };
      }
      if (property === 'use' || property === 'route' || property === 'mount' || property === 'basePath') {
        return () => {
          throw new TypeError(`management routes cannot call app.${property}: register routes with a method and a path`);
        };
      }
      return value;
    },
  });
}
