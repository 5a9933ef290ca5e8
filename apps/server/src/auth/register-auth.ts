/**
 * Puts the guards in front of the routes. Registered before any route, since
 * Hono runs handlers in registration order.
 */
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { createAdminAuth, type RemoteAddress } from './create-admin-auth.js';
import { createClientKeyAuth } from './create-client-key-auth.js';

/** Who may call what. */
export interface AuthOptions {
  /** `ADMIN_API_KEY`: required on every management route; unset means loopback clients only. */
  adminApiKey?: string;
  /** `ROUTER_API_KEYS`: required on chat and model reads; empty means open. */
  clientApiKeys?: readonly string[];
  /** Where the client address comes from (tests inject one). */
  remoteAddress?: RemoteAddress;
}

/** Path patterns of the management API (the write methods of `/v1/models` are management too). */
export const MANAGEMENT_PATHS = ['/v1/providers/*', '/v1/settings/*', '/v1/mappings/*', '/v1/requests/*', '/v1/stats/*', '/v1/history/*'] as const;
const MODEL_PATHS = ['/v1/models', '/v1/models/*'];

/** Registers the admin guard on management routes and, when keys are configured, the client-key guard on the proxy routes. */
export function registerAuth(app: Hono<{ Bindings: Partial<HttpBindings> }>, options: AuthOptions = {}): void {
  const admin = createAdminAuth(options);
  for (const path of MANAGEMENT_PATHS) app.use(path, admin);
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], MODEL_PATHS, admin);
  const client = createClientKeyAuth(options.clientApiKeys ?? [], options.adminApiKey);
  if (client) {
    app.post('/v1/chat/completions', client);
    app.get(MODEL_PATHS[0], client);
    app.get(MODEL_PATHS[1], client);
  }
}
