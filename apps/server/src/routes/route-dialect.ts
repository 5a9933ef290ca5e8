/**
 * Which clients a request's errors are shaped for. An error on a route the engine serves takes the
 * shape of that route's API (`dialectFor(api)`): an Anthropic client gets
 * `{"type":"error","error":{…}}` for a wrong key, a body too large or an unknown
 * `/v1/messages/…` path, as it would from Anthropic. Elsewhere the request decides: one that
 * carries `anthropic-version` comes from an Anthropic client (model reads, a misplaced path);
 * anything else gets OpenAI's shape.
 */
import { anthropicDialect, dialectFor, openaiDialect, type Dialect } from '@router/core';
import { intendedRoute } from '../route-path.js';
import { proxyRoutes } from './route-table.js';

/** The served routes, longest path first, so `/v1/messages/count_tokens` wins over `/v1/messages`. */
const served = proxyRoutes().sort((a, b) => b.path.length - a.path.length);

/** The dialect of a request's errors, from its routed path, method and `anthropic-version` header. */
export function dialectOfRequest(method: string, path: string, anthropicVersion: string | undefined | null): Dialect {
  for (const route of served) {
    if (path === route.path || (path.length > route.path.length && path.startsWith(route.path) && path.charCodeAt(route.path.length) === 47)) return dialectFor(route.api);
  }
  if (anthropicVersion) return anthropicDialect;
  const intended = intendedRoute(method, path);
  return intended?.route.api ? dialectFor(intended.route.api) : openaiDialect;
}
