/**
 * Checks an app against the route table: every route registered on it must be a row of the table,
 * and the guard its kind needs must come before its handler (the admin guards, and on writes the
 * management body limit, on admin rows; the client-key guard on proxy rows when client keys are
 * configured). `createApp` runs it and refuses
 * to build an app that fails it, so a route cannot ship unguarded.
 */
import type { Hono } from 'hono';
import { guardKindOf, type GuardKind } from '../auth/guard-marks.js';
import { findRoute, ROUTES, takesBody, type RouteEntry } from './route-table.js';

/** What the audit checks against. */
export interface RouteAuditOptions {
  /** Whether client keys are configured (then every proxy route needs the client-key guard). */
  clientKeys: boolean;
  /** The table (default: the server's). */
  routes?: readonly RouteEntry[];
}

/** The problems found, one sentence each (none: the app matches the table). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function auditRoutes(app: Hono<any, any, any>, options: RouteAuditOptions): string[] {
  const routes = options.routes ?? ROUTES;
  const groups = new Map<string, { method: string; path: string; handlers: { index: number; kind: GuardKind | undefined }[] }>();
  app.routes.forEach((registered, index) => {
    const key = `${registered.method} ${registered.path}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { method: registered.method, path: registered.path, handlers: [] }));
    group.handlers.push({ index, kind: guardKindOf(registered.handler) });
  });
  const problems: string[] = [];
  for (const { method, path, handlers } of groups.values()) {
    const route = findRoute(method, path, routes);
    if (!route) {
      problems.push(`${method} ${path} is registered but is not in the route table`);
      continue;
    }
    const own = handlers.filter((handler) => handler.kind === undefined || handler.kind === 'handler-checks-client-key');
    // a guard registered for a row whose handler this app does not have (no management API) guards nothing
    if (own.length === 0) continue;
    const needed: GuardKind | null = route.kind === 'admin' ? 'admin' : route.kind === 'dashboard' ? 'dashboard' : route.kind === 'proxy' && options.clientKeys ? 'client-key' : null;
    if (needed === null) continue;
    const before = (kind: GuardKind) =>
      handlers.some((handler) => handler.kind === kind && handler.index < own[0].index) || (kind === 'client-key' && own[0].kind === 'handler-checks-client-key');
    if (!before(needed)) problems.push(`${method} ${path} is ${route.kind === 'admin' ? 'an admin' : route.kind === 'dashboard' ? 'a dashboard' : 'a proxy'} route without the ${needed} guard before its handler`);
    else if (route.kind === 'admin' && takesBody(method) && !before('body-limit')) problems.push(`${method} ${path} is an admin route without the management body limit before its handler`);
  }
  return problems;
}
