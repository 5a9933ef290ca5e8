/**
 * Client keys (`ROUTER_API_KEYS`) for the proxy routes. The digests are
 * computed once; when no keys are configured there is no middleware at all,
 * so the chat hot path pays nothing.
 */
import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { apiKeyDigest, bearerToken } from './api-key-digest.js';
import { missingOrWrongKey } from './auth-errors.js';
import { authorizationHeader } from './create-admin-auth.js';

/** Splits `ROUTER_API_KEYS` (comma-separated, blanks ignored). */
export function parseApiKeys(text: string | undefined): string[] {
  return (text ?? '').split(',').map((key) => key.trim()).filter(Boolean);
}

/** The middleware for the given keys, or null when there are none (routes stay open). The admin key, if any, is accepted too. */
export function createClientKeyAuth(keys: readonly string[], adminApiKey?: string): MiddlewareHandler<{ Bindings: Partial<HttpBindings> }> | null {
  if (keys.length === 0) return null;
  // hashing first makes the lookup independent of how much of a key matches
  const digests = new Set([...keys, ...(adminApiKey ? [adminApiKey] : [])].map((key) => apiKeyDigest(key).toString('hex')));
  return async (c, next) => {
    const token = bearerToken(authorizationHeader(c));
    if (token === null || !digests.has(apiKeyDigest(token).toString('hex'))) throw missingOrWrongKey(token !== null, 'client');
    await next();
  };
}
