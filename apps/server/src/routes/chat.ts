/** `POST /v1/chat/completions`: the proxy's hot path. */
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Cancellation, ClientClosedError, HOP_HEADER, RouterError, toReadableStream, type Router, clientRequestIdFrom } from '@router/core';
import { drainBody, readBody, PayloadTooLargeError, type DrainLimits } from '../node/read-body.js';
import { sendNodeResponse } from '../node/send-response.js';
import type { Logger } from '../logger.js';

/** What the chat route needs. */
export interface ChatRouteOptions {
  router: Router;
  maxBodyBytes: number;
  logger?: Logger;
  /** How much of a refused upload is read and discarded so the client can read the 413/415 (default: 64 MiB more, 5 s). */
  drain?: Partial<DrainLimits>;
}

/** A body sent as anything but JSON is refused before it is read (no content type at all is accepted, like OpenAI does). */
function checkContentType(value: string | undefined | null): void {
  if (value && !/^application\/(.+\+)?json\b/i.test(value.trim())) {
    throw new RouterError(`Content-Type must be application/json, got "${value}".`, { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', param: 'content-type' });
  }
}

/** Registers the route. */
export function registerChatRoute(app: Hono<{ Bindings: Partial<HttpBindings> }>, options: ChatRouteOptions): void {
  const { router, maxBodyBytes } = options;
  const drainLimits: DrainLimits = { maxBytes: options.drain?.maxBytes ?? 64 * 1024 * 1024, maxMs: options.drain?.maxMs ?? 5_000 };

  app.post('/v1/chat/completions', async (c) => {
    const incoming = c.env?.incoming;
    const outgoing = c.env?.outgoing;
    // On Node, read the raw header: `c.req.header()` would build a whole web `Headers` per request.
    // The engine gives every request its own id (the log row's key); the client's, which clients reuse, is echoed and logged beside it.
    const clientRequestId = clientRequestIdFrom(incoming ? (incoming.headers['x-request-id'] as string | undefined) : c.req.header('x-request-id'));
    if (clientRequestId !== null) c.set('requestId' as never, clientRequestId as never);
    // A pin to one provider (`x-router-provider`), whether it may fail over (`x-router-fallback`), and the routers the
    // request already passed through (`x-router-hop`, so one that loops back is refused): the engine validates all three.
    const route = incoming
      ? { provider: incoming.headers['x-router-provider'] as string | undefined, fallback: incoming.headers['x-router-fallback'] as string | undefined, hops: incoming.headers[HOP_HEADER] }
      : { provider: c.req.header('x-router-provider'), fallback: c.req.header('x-router-fallback'), hops: c.req.header(HOP_HEADER) };

    if (incoming && outgoing) {
      // Node fast path: read the socket directly, write straight back to it.
      const controller = new Cancellation();
      const onClose = () => {
        if (!outgoing.writableFinished) controller.abort();
      };
      outgoing.once('close', onClose);
      let body: string;
      try {
        checkContentType(incoming.headers['content-type']);
        body = await readBody(incoming, maxBodyBytes);
      } catch (error) {
        outgoing.off('close', onClose);
        // Refused before the engine read it: the engine still answers and logs it once.
        const rejected = RouterError.isInstance(error) ? error : new ClientClosedError();
        const result = await router.chatCompletion({ body: '', clientRequestId, controller, rejected });
        // The client left mid-upload: nobody to answer.
        if (rejected instanceof ClientClosedError || outgoing.destroyed) return RESPONSE_ALREADY_SENT;
        // The body was not read (415) or only partly (413): read and drop the rest, within bounds, so a
        // client still uploading gets to read the answer; then close rather than reuse the connection.
        await drainBody(incoming, drainLimits);
        if (outgoing.destroyed) return RESPONSE_ALREADY_SENT;
        result.headers.connection = 'close';
        await sendNodeResponse(outgoing, result);
        return RESPONSE_ALREADY_SENT;
      }
      const result = await router.chatCompletion({ body, clientRequestId, controller, ...route });
      try {
        await sendNodeResponse(outgoing, result);
      } finally {
        outgoing.off('close', onClose);
      }
      return RESPONSE_ALREADY_SENT;
    }

    // Web path (app.request() in tests, other runtimes).
    let body = '';
    let rejected: RouterError | undefined;
    try {
      checkContentType(c.req.header('content-type'));
      const declared = Number(c.req.header('content-length'));
      if (Number.isFinite(declared) && declared > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      body = await c.req.text();
      if (body.length > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
    } catch (error) {
      if (!RouterError.isInstance(error)) throw error;
      rejected = error;
      body = '';
    }
    const result = await router.chatCompletion({ body, clientRequestId, signal: c.req.raw.signal, rejected, ...route });
    // Pull-based, so a client that cancels the response body cancels the upstream too.
    const stream = result.body instanceof Uint8Array ? result.body : toReadableStream(result.body);
    return new Response(stream, { status: result.status, headers: result.headers });
  });
}

