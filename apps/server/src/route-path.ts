/**
 * The path the app routes on, and what a path that found no route is told. A client configured
 * with a base URL without `/v1` (as the product's own test client is: `http://localhost:3001`)
 * reaches the proxy routes at `/chat/completions`, `/models`, `/embeddings`, …; a trailing slash
 * does not change a route. Both are rewritten here, before routing, so every guard registered on
 * the `/v1` form covers the other forms too: no path form can reach a handler around its guards.
 * Which paths are proxy routes comes from the route table.
 */
import { getPath } from 'hono/utils/url';
import { patternRegex, proxyRoutes, ROUTES, type RouteEntry } from './routes/route-table.js';

const SLASH = 47;

/** A table path without its `/v1` prefix, and the prefix of its variable part (`/models/` for `/v1/models/:id{.+}`). */
function unprefixed(path: string): { exact?: string; prefix?: string } {
  if (!path.startsWith('/v1/')) return {};
  const rest = path.slice(3);
  const variable = rest.search(/[:*]/);
  return variable === -1 ? { exact: rest } : { prefix: rest.slice(0, variable) };
}

const proxyForms = ROUTES.filter((route) => route.kind === 'proxy').map((route) => unprefixed(route.path));
const EXACT = new Set(proxyForms.flatMap((form) => (form.exact ? [form.exact] : [])));
const PREFIXES = [...new Set(proxyForms.flatMap((form) => (form.prefix ? [form.prefix] : [])))];

/** The routed path of a request: trailing slashes dropped, the proxy routes given their `/v1` prefix. */
export function routePath(request: Request): string {
  let path = getPath(request);
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === SLASH) end--;
  if (end !== path.length) path = path.slice(0, end);
  if (EXACT.has(path)) return `/v1${path}`;
  for (const prefix of PREFIXES) if (path.startsWith(prefix)) return `/v1${path}`;
  return path;
}

const matchers = ROUTES.map((route) => ({ route, regex: patternRegex(route.path) }));
/** Each proxy route's tail as it appears at the end of a misplaced path (`/v1/v1/messages`, `/api/chat/completions`). */
const tails = ROUTES.filter((route) => route.kind === 'proxy').map((route) => ({ route, regex: new RegExp(`/${patternRegex(route.path.slice(4)).source.slice(1)}`) }));

/** The table row a path that found no route was most likely meant for: the same path with another method, else a misplaced proxy path. */
export function intendedRoute(method: string, path: string): { route: RouteEntry; misplaced: boolean } | undefined {
  const same = matchers.filter((matcher) => matcher.regex.test(path)).map((matcher) => matcher.route);
  if (same.length) return { route: same.find((route) => route.method === method) ?? same[0], misplaced: false };
  let best: RouteEntry | undefined;
  for (const tail of tails) {
    if (tail.regex.test(path) && (!best || tail.route.path.length > best.path.length)) best = tail.route;
  }
  return best ? { route: best, misplaced: true } : undefined;
}

/** APIs of OpenAI's and Anthropic's the router does not serve, as they would appear at the end of a path. */
const UNSERVED = /\/(moderations|images\/[a-z]+|audio\/[a-z]+|files|batches|assistants|threads|vector_stores|fine_tuning\/[a-z]+|messages\/batches(\/.*)?)$/;

/** A hint for a path that found no route: the methods it answers, where a misplaced proxy path belongs, or what is served. */
export function notFoundHint(method: string, path: string): string {
  const intended = intendedRoute(method, path);
  if (intended && !intended.misplaced) {
    const methods = [...new Set(matchers.filter((matcher) => matcher.regex.test(path)).map((matcher) => matcher.route.method))];
    return ` It answers ${methods.join(', ')} only.`;
  }
  if (intended) {
    const { route } = intended;
    const served = `${route.method} ${route.path.replace(/\/:[^/]*$/, '/{id}')}`;
    const base = route.api === 'messages' || route.api === 'count_tokens'
      ? "Set the client's base URL to this server's address without /v1 (e.g. ANTHROPIC_BASE_URL=http://localhost:3001)."
      : "Set the client's base URL to this server's address, with or without /v1 (e.g. http://localhost:3001/v1), and nothing after it.";
    return ` Did you mean ${served}? ${base}`;
  }
  if (UNSERVED.test(path)) return ` The router does not serve this API; it serves ${proxyRoutes().map((route) => `${route.method} ${route.path}`).join(', ')} and GET /v1/models.`;
  return '';
}
