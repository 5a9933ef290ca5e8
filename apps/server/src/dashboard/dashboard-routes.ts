/**
 * The web dashboard (`apps/dashboard`), served as static files: `GET /` redirects to `/ui/`, the
 * built files are under `/ui/…`, and every other `/ui/…` path without a file extension is a page of
 * the app (its client-side router draws it), answered with `index.html` so it can be linked and
 * reloaded. The files hold no data: everything the app shows comes from the management API, which
 * keeps its own guards.
 *
 * Who may load it: the browser guard (cross-site requests, DNS rebinding) always, and without an
 * admin key only local clients, as for the management API. With an admin key the files load for
 * anyone and the app asks for the key (its sign-in page).
 *
 * Where the files are: `dashboard/` beside the server's bundle (the server's build copies them
 * there, so a packed server carries them), else the workspace's `@router/dashboard` build. When
 * neither exists (the dashboard was not built), the routes answer 503 saying how to build it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { NotFoundError, RouterError } from '@router/core';
import type { AppEnv, ServerApp } from '../app-env.js';
import { createAdminAuth } from '../auth/create-admin-auth.js';
import { createRequestGuard } from '../auth/create-request-guard.js';
import { markGuard } from '../auth/guard-marks.js';
import type { AuthOptions } from '../auth/register-auth.js';
import { DASHBOARD_PREFIX, ROUTES } from '../routes/route-table.js';

/** The folder of the built dashboard (the one holding `index.html`), or undefined when it was not built. */
export function findDashboardDir(): string | undefined {
  // beside the bundle: dist/dashboard/ (the server's build copies the dashboard there)
  const bundled = fileURLToPath(new URL('./dashboard/', import.meta.url));
  if (existsSync(join(bundled, 'index.html'))) return bundled;
  try {
    // the workspace package (its export points at dist/index.html; resolving fails when it is missing)
    return dirname(createRequire(import.meta.url).resolve('@router/dashboard/index.html'));
  } catch {
    return undefined;
  }
}

/** 503: the dashboard's files are not there. */
export function dashboardNotBuilt(): RouterError {
  return new RouterError('The dashboard is not built: run `pnpm build` in the repository (it builds apps/dashboard), then restart the server.', {
    status: 503, type: 'server_error', code: 'dashboard_not_built',
  });
}

/** The dashboard's guards: the browser guard, then without an admin key the loopback check. */
export function dashboardGuard(auth: AuthOptions = {}): MiddlewareHandler<AppEnv> {
  const requestGuard = createRequestGuard(auth);
  const local = auth.adminApiKey ? undefined : createAdminAuth(auth);
  return markGuard('dashboard', (async (c, next) => {
    await requestGuard(c, async () => {
      if (local) await local(c, next);
      else await next();
    });
  }) as MiddlewareHandler<AppEnv>);
}

/** A path under the prefix that names a file (its last segment has an extension), not a page. */
const FILE_PATH = /\/[^/]*\.[A-Za-z0-9]+$/;

/** Registers the dashboard's rows of the route table. `dir`: the built files (default: found by `findDashboardDir`). */
export function registerDashboardRoutes(app: ServerApp, options: { auth?: AuthOptions; dir?: string | null } = {}): void {
  const dir = options.dir === undefined ? findDashboardDir() : options.dir ?? undefined;
  const guard = dashboardGuard(options.auth);
  const rows = ROUTES.filter((route) => route.kind === 'dashboard');
  const root = rows.find((route) => route.path === '/');
  if (root) app.get(root.path, guard, (c) => c.redirect(`${DASHBOARD_PREFIX}/`, 302));

  // file names under assets/ carry their content hash: they never change; index.html may
  const cached = (handler: MiddlewareHandler<AppEnv>, cacheControl: (path: string) => string): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const response = await handler(c, next);
      // serveStatic answers with the file's Response, or passes on (and returns what the next handler did)
      if (response instanceof Response) response.headers.set('cache-control', cacheControl(c.req.path));
      return response;
    };
  const notBuilt: MiddlewareHandler<AppEnv> = async () => {
    throw dashboardNotBuilt();
  };
  const files = dir
    ? cached(serveStatic<AppEnv>({ root: dir, rewriteRequestPath: (path) => path.slice(DASHBOARD_PREFIX.length) || '/' }), (path) =>
        path.startsWith(`${DASHBOARD_PREFIX}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache')
    : notBuilt;
  const page = dir ? cached(serveStatic<AppEnv>({ root: dir, path: 'index.html' }), () => 'no-cache') : notBuilt;
  for (const route of rows) {
    if (route.path === '/') continue;
    app.get(route.path, guard, files, async (c, next) => {
      // a missing file is a 404; any other path is a page of the app
      if (FILE_PATH.test(c.req.path)) throw new NotFoundError(`No dashboard file at ${c.req.path}.`, 'dashboard_file_not_found');
      return page(c, next);
    });
  }
}
