/**
 * The path the app routes on. A client configured with a base URL without `/v1` (as the
 * product's own test client is: `http://localhost:3001`) reaches the proxy routes at
 * `/chat/completions` and `/models`; a trailing slash does not change a route. Both are
 * rewritten here, before routing, so every guard registered on the `/v1` form covers the other
 * forms too: no path form can reach a handler around its guards.
 */
import { getPath } from 'hono/utils/url';

const SLASH = 47;

/** The routed path of a request: trailing slashes dropped, the proxy routes given their `/v1` prefix. */
export function routePath(request: Request): string {
  let path = getPath(request);
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === SLASH) end--;
  if (end !== path.length) path = path.slice(0, end);
  if (path === '/chat/completions' || path === '/models' || path.startsWith('/models/')) return `/v1${path}`;
  return path;
}

/** OpenAI API routes the router does not serve, as they would appear at the end of a misplaced path. */
const OPENAI_ROUTE = /\/(chat\/completions|models(\/.*)?|completions|embeddings|responses|moderations|images\/[a-z]+|audio\/[a-z]+|files|batches|assistants|threads)$/;

/** A hint for a path that found no route, when it looks like an OpenAI route in the wrong place or with the wrong method. */
export function notFoundHint(method: string, path: string): string {
  if (path === '/v1/chat/completions') return ' It answers POST only.';
  if (path === '/v1/models' || path.startsWith('/v1/models/')) return ' It answers GET only.';
  const match = OPENAI_ROUTE.exec(path);
  if (!match) return '';
  const route = match[1];
  if (route === 'chat/completions' || route.startsWith('models')) {
    const served = route === 'chat/completions' ? 'POST /v1/chat/completions' : `GET /v1/${route}`;
    return ` Did you mean ${served}? Set the client's base URL to this server's address, with or without /v1 (e.g. http://localhost:3001/v1), and nothing after it.`;
  }
  return ` The router serves the OpenAI chat API only: POST /v1/chat/completions and GET /v1/models.`;
}
