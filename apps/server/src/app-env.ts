/** The Hono environment of the app: the Node request and response, and the request id a route has settled on. */
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { ClientKeyEntry } from '@router/core';

/** `c.env` is the Node request and response (absent under `app.request()`); `c.var.requestId` is what `x-request-id` answers with; `c.var.clientKey` the client key the request was accepted with. */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { requestId?: string; clientKey?: ClientKeyEntry };
};

/** The server's Hono app. */
export type ServerApp = Hono<AppEnv>;
