/**
 * The management API's guard. With an admin key: `Authorization: Bearer <key>`
 * is required, compared in constant time. Without one: only loopback clients.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { apiKeyDigest, bearerToken, matchesDigest } from './api-key-digest.js';
import { loopbackOnly, missingOrWrongKey } from './auth-errors.js';
import { isLoopbackAddress } from './is-loopback-address.js';

type Env = AppEnv;

/** How a request's client address is found (tests inject one; the default reads the Node socket). */
export type RemoteAddress = (c: Context<Env>) => string | null | undefined;

/** Options for the admin guard. */
export interface AdminAuthOptions {
  /** `ADMIN_API_KEY`; when unset, management answers only loopback clients. */
  adminApiKey?: string;
  /** Where the client address comes from (default: `c.env.incoming.socket.remoteAddress`). */
  remoteAddress?: RemoteAddress;
}

/** The Node socket's peer address; undefined outside Node (then the request is not treated as local). */
export const socketRemoteAddress: RemoteAddress = (c) => c.env?.incoming?.socket?.remoteAddress;

/** The authorization header, read straight from the Node request when there is one (no Headers object built). */
export function authorizationHeader(c: Context<Env>): string | undefined {
  const incoming = c.env?.incoming;
  if (incoming) return incoming.headers.authorization;
  return c.req.header('authorization');
}

/** Creates the guard middleware. */
export function createAdminAuth(options: AdminAuthOptions = {}): MiddlewareHandler<Env> {
  if (options.adminApiKey) {
    const expected = apiKeyDigest(options.adminApiKey);
    return async (c, next) => {
      const token = bearerToken(authorizationHeader(c));
      if (token === null || !matchesDigest(token, expected)) throw missingOrWrongKey(token !== null, 'admin');
      await next();
    };
  }
  const remoteAddress = options.remoteAddress ?? socketRemoteAddress;
  return async (c, next) => {
    if (!isLoopbackAddress(remoteAddress(c))) throw loopbackOnly();
    await next();
  };
}
