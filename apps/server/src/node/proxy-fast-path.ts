/**
 * The server's request listener with the proxy routes served first: a `POST` to a proxy route's own
 * path (`/v1/chat/completions`, `/v1/messages?beta=true`, …) goes straight to that route's Node handler,
 * without the web `Request`, route match and context Hono's adapter builds per request. Everything else
 * (other paths and methods, the path forms without `/v1` or with a trailing slash, a request whose client
 * key is refused) goes to Hono's listener, which serves the same routes with the same handlers.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { NodeProxyRoutes } from '../routes/proxy-route.js';

/** `listener` with the proxy routes of `routes` tried first. */
export function withProxyFastPath(listener: RequestListener, routes: NodeProxyRoutes): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (incoming.method === 'POST' && routes.size > 0) {
      const url = incoming.url ?? '';
      const query = url.indexOf('?');
      const serve = routes.get(query === -1 ? url : url.slice(0, query));
      if (serve !== undefined && serve(incoming, outgoing)) return;
    }
    listener(incoming, outgoing);
  };
}
