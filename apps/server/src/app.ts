/**
 * The Hono app, built from its dependencies and the route table (`routes/route-table.ts`): the
 * proxy routes (`/v1/chat/completions`, `/v1/messages`, `/v1/responses`, `/v1/embeddings`,
 * `/v1/completions`, `/v1/models`), `/health`, the management API and the web dashboard. The guards, request ids
 * and body limits of each route follow from its row.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { ServerApp, AppEnv } from './app-env.js';
import { keyAllowsModel, NotFoundError, type Router, requestIdFrom } from '@router/core';
import { errorResponse } from './errors.js';
import type { Logger } from './logger.js';
import { registerProxyRoute, type NodeProxyRoutes } from './routes/proxy-route.js';
import { proxyRoutes, ROUTES } from './routes/route-table.js';
import { auditRoutes } from './routes/route-audit.js';
import { markGuard } from './auth/guard-marks.js';
import { modelListResponse } from './routes/model-list-response.js';
import { notFoundHint, routePath } from './route-path.js';
import type { DrainLimits } from './node/read-body.js';
import { createBrowserCheck } from './auth/create-request-guard.js';
import { guardManagementRoutes, managementGuards, registerAuth, type AuthOptions } from './auth/register-auth.js';
import { registerManagementRoutes, type ManagementDependencies } from './routes/management/register-management-routes.js';
import { buildOpenApiDocument } from './routes/management/openapi.js';
import { registerDashboardRoutes } from './dashboard/dashboard-routes.js';
import type { RouterMetrics } from './metrics/router-metrics.js';

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
  /** The built web dashboard's folder (default: found beside the server or in the workspace; null: not built, its routes answer 503). */
  dashboardDir?: string | null;
  /** Trace requests (OpenTelemetry on): see `tracing/`. */
  tracing?: boolean;
  /** The Prometheus metrics served at `GET /metrics` (behind the management guards); without them the route answers 404. */
  metrics?: RouterMetrics;
  /** Filled with the proxy routes' Node handlers, for a request listener that serves them before Hono (`withProxyFastPath`). */
  nodeRoutes?: NodeProxyRoutes;
  /** Registers further routes on the app (each must be a row of the route table, behind the guard of its kind). */
  extend?: (app: ServerApp) => void;
}

/** Creates the app. */
export function createApp(deps: AppDependencies): ServerApp {
  // routes on `/v1/…` also answer without `/v1` and with a trailing slash (see route-path.ts)
  const app: ServerApp = new Hono<AppEnv>({ getPath: routePath });
  const startedAt = deps.startedAt ?? Date.now();

  app.onError((error, c) => errorResponse(c, error, deps.logger));
  app.notFound((c) => errorResponse(c, new NotFoundError(`No route for ${c.req.method} ${c.req.path}.${notFoundHint(c.req.method, c.req.path)}`, 'route_not_found'), deps.logger));

  // Every response carries x-request-id (the client's when valid). The engine sets its own on the
  // routes it serves, so this middleware stays off the proxy hot path.
  const withRequestId: MiddlewareHandler<AppEnv> = markGuard('request-id', async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('x-request-id', requestId);
  });
  for (const route of ROUTES) if (route.api === undefined) app.on(route.method, route.path, withRequestId);

  // the client-key guard first: Hono runs handlers in registration order (management routes carry their own guards;
  // the proxy routes with an API run the check in their own handler)
  const clientKeyCheck = registerAuth(app, deps.auth);

  app.get('/health', (c) =>
    // adminKeyRequired: whether management needs ADMIN_API_KEY (any management route's 401 says as much); the dashboard shows its sign-in page from it
    c.json({ status: 'ok', version: deps.version, uptime: Math.round((Date.now() - startedAt) / 1000), adminKeyRequired: Boolean(deps.auth?.adminApiKey), ...deps.health?.() }),
  );

  // the management API serves the model reads with the catalogue's fields (and ?capability=); without it, the plain list
  if (deps.management) {
    registerManagementRoutes(app, { ...deps.management, router: deps.router, auth: deps.auth });
    // public, as /health is: it describes the API (the same for every router of this version) and reveals no data
    let document: Record<string, unknown> | undefined;
    app.get('/v1/openapi.json', (c) => c.json((document ??= buildOpenApiDocument({ version: deps.version }))));
  } else {
    app.get('/v1/models', (c) => {
      const pinned = c.req.query('pinned');
      const list = deps.router.listModels({ pinned: pinned === undefined ? undefined : pinned === 'true' });
      // a client key limited to some models sees only those
      const key = c.get('clientKey');
      return modelListResponse(c, key?.models ? { ...list, data: list.data.filter((entry) => keyAllowsModel(key, entry.id)) } : list);
    });
  }

  const metrics = deps.metrics;
  guardManagementRoutes(app, managementGuards(deps.auth)).get('/metrics', async (c) => {
    if (!metrics) throw new NotFoundError('Metrics are not collected by this server.', 'route_not_found');
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType });
  });

  // a browser's request to a client API: refused from another site's page, and on a rebound host name while the routes are open
  const browserCheck = createBrowserCheck({ checkHost: clientKeyCheck === null, allowedHosts: deps.auth?.allowedHosts });
  const proxyOptions = { router: deps.router, maxBodyBytes: deps.maxBodyBytes ?? 20 * 1024 * 1024, drain: deps.bodyDrain, logger: deps.logger, tracing: deps.tracing === true, clientKeyCheck, nodeRoutes: deps.nodeRoutes, browserCheck };
  for (const route of proxyRoutes()) registerProxyRoute(app, route, proxyOptions);

  registerDashboardRoutes(app, { auth: deps.auth, dir: deps.dashboardDir });

  deps.extend?.(app);
  // every route registered is a row of the table, behind the guard of its kind
  const problems = auditRoutes(app, { clientKeys: clientKeyCheck !== null });
  if (problems.length) throw new Error(`The app's routes do not match the route table: ${problems.join('; ')}.`);
  return app;
}
