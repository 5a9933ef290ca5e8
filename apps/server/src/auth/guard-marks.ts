/**
 * The middleware that guards routes, marked by what it guards, so the route audit
 * (`auditRoutes`) can tell from `app.routes` which guard runs before each route's handler.
 */

/**
 * What a marked middleware does: checks client keys, runs the management or dashboard guards, limits the body, or sets `x-request-id`;
 * `handler-checks-client-key` marks a route's own handler that runs the client-key check itself before anything else (the proxy routes, so
 * the hot path has one handler and no middleware chain).
 */
export type GuardKind = 'client-key' | 'admin' | 'dashboard' | 'body-limit' | 'request-id' | 'handler-checks-client-key';

const marks = new WeakMap<object, GuardKind>();

/** Marks a middleware and returns it. */
export function markGuard<T extends object>(kind: GuardKind, middleware: T): T {
  marks.set(middleware, kind);
  return middleware;
}

/** The mark of a handler (undefined: a route's own handler). */
export function guardKindOf(handler: object): GuardKind | undefined {
  return marks.get(handler);
}
