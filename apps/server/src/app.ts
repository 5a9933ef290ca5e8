/**
 * The Hono app, built from its dependencies. Routes: the OpenAI-compatible
 * proxy (`/v1/chat/completions`, `/v1/models`), `/health`, and the management API.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { NotFoundError, type Router, requestIdFrom } from '@router/core';
import { errorResponse } from './errors.js';
import type { Logger } from './logger.js';
import { registerChatRoute } from './routes/chat.js';
import { notFoundHint, routePath } from './route-path.js';
import type { DrainLimits } from './node/read-body.js';
import { registerAuth, type AuthOptions } from './auth/register-auth.js';
import { registerManagementRoutes, type ManagementDependencies } from './routes/management/register-management-routes.js';

/** What the app is built from. */
export interface AppDependencies {
  /** The routing engine. */
  router: Router;
  /** Version reported by `/health`. */
  version: string;
  /** Epoch ms the process started (default: now). */
  startedAt?: number;
  /** Largest accepted request body in bytes (default 20 MiB). */
  maxBodyBytes?: number;
  /** How much of a refused upload is read and discarded so the client can read the answer (default: 64 MiB, 5 s). */
  bodyDrain?: Partial<DrainLimits>;
  /** Server logger. */
  logger?: Logger;
  /** Extra fields for `/health` (log writer counters, config revision, …). */
  health?: () => Record<string, unknown>;
  /** Admin key, client keys and how the client address is found (default: loopback-only management, open proxy routes). */
  auth?: AuthOptions;
  /** The management API's dependencies; without them only the proxy routes and `/health` exist. */
  management?: ManagementDependencies;
  /** Registers further routes on the app. */
  extend?: (app: Hono<{ Bindings: Partial<HttpBindings> }>) => void;
}

const REQUEST_ID_PATHS = [
  '/health', '/v1/models', '/v1/models/*', '/v1/providers', '/v1/providers/*', '/v1/settings', '/v1/settings/*',
  '/v1/mappings', '/v1/mappings/*', '/v1/requests', '/v1/requests/*', '/v1/stats', '/v1/history',
];

/** Creates the app. */
export function createApp(deps: AppDependencies): Hono<{ Bindings: Partial<HttpBindings> }> {
  // routes on `/v1/…` also answer without `/v1` and with a trailing slash (see route-path.ts)
  const app = new Hono<{ Bindings: Partial<HttpBindings> }>({ getPath: routePath });
  const startedAt = deps.startedAt ?? Date.now();

  app.onError((error, c) => errorResponse(c, error, deps.logger));
  app.notFound((c) => errorResponse(c, new NotFoundError(`No route for ${c.req.method} ${c.req.path}.${notFoundHint(c.req.method, c.req.path)}`, 'route_not_found'), deps.logger));

  // Every response carries x-request-id (the client's when valid). The chat route sets its own;
  // listing the other paths keeps this middleware off the chat hot path.
  const withRequestId: MiddlewareHandler = async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId' as never, requestId as never);
    await next();
    c.res.headers.set('x-request-id', requestId);
  };
  for (const path of REQUEST_ID_PATHS) app.use(path, withRequestId);

  // the client-key guard first: Hono runs handlers in registration order (management routes carry their own guards)
  registerAuth(app, deps.auth);

  app.get('/health', (c) =>
    c.json({ status: 'ok', version: deps.version, uptime: Math.round((Date.now() - startedAt) / 1000), ...deps.health?.() }),
  );

  // the management API also answers GET /v1/models (with ?capability=), so it goes before the plain list
  if (deps.management) registerManagementRoutes(app, { ...deps.management, router: deps.router, auth: deps.auth });
  app.get('/v1/models', (c) => {
    const pinned = c.req.query('pinned');
    return c.json(deps.router.listModels({ pinned: pinned === undefined ? undefined : pinned === 'true' }));
  });

  registerChatRoute(app, { router: deps.router, maxBodyBytes: deps.maxBodyBytes ?? 20 * 1024 * 1024, drain: deps.bodyDrain, logger: deps.logger });

  deps.extend?.(app);
  return app;
}
