/**
 * Puts the guards in front of the routes. The client-key guard is registered
 * before any route, since Hono runs handlers in registration order; the
 * management guards go into each management route's own handler chain
 * (`guardManagementRoutes`), so no path form can reach a route without them.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { createAdminAuth, type RemoteAddress } from './create-admin-auth.js';
import { createClientKeyAuth } from './create-client-key-auth.js';
import { createRequestGuard } from './create-request-guard.js';

type ServerApp = Hono<{ Bindings: Partial<HttpBindings> }>;

/** Who may call what. */
export interface AuthOptions {
  /** `ADMIN_API_KEY`: required on every management route; unset means loopback clients (and loopback host names) only. */
  adminApiKey?: string;
  /** `ROUTER_API_KEYS`: required on chat and model reads; empty means open. */
  clientApiKeys?: readonly string[];
  /** `ALLOWED_HOSTS`: host names management answers besides loopback names when no admin key is set. */
  allowedHosts?: readonly string[];
  /** Where the client address comes from (tests inject one). */
  remoteAddress?: RemoteAddress;
}

const MODEL_PATHS = ['/v1/models', '/v1/models/*'];

/** Registers the client-key guard on the proxy routes when keys are configured. */
export function registerAuth(app: ServerApp, options: AuthOptions = {}): void {
  const client = createClientKeyAuth(options.clientApiKeys ?? [], options.adminApiKey);
  if (client) {
    app.post('/v1/chat/completions', client);
    app.get(MODEL_PATHS[0], client);
    app.get(MODEL_PATHS[1], client);
  }
}

/** The management guards, in order: browser/rebinding guard, then the admin key (or loopback address) check. */
export function managementGuards(options: AuthOptions = {}): MiddlewareHandler[] {
  return [createRequestGuard(options), createAdminAuth(options)] as MiddlewareHandler[];
}

/** Model reads the management module serves are proxy routes (client keys, not admin). */
export function isPublicRead(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && (path === '/v1/models' || path.startsWith('/v1/models/'));
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'all']);

/**
 * A view of `app` whose every route registration starts with `guards` (model
 * reads excepted, see `isPublicRead`). Management modules register through it,
 * so a route they add, under any path, is guarded.
 */
export function guardManagementRoutes(app: ServerApp, guards: readonly MiddlewareHandler[]): ServerApp {
  const chain = (method: string, path: unknown, handlers: unknown[]) =>
    typeof path === 'string' && isPublicRead(method.toUpperCase(), path) ? handlers : [...guards, ...handlers];
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
