/**
 * Client keys (`ROUTER_API_KEYS`) for the proxy routes, sent as `Authorization: Bearer <key>`
 * (OpenAI clients) or `x-api-key: <key>` (Anthropic clients). The digests are computed once; when
 * no keys are configured there is no middleware at all, so the chat hot path pays nothing.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { apiKeyDigest, bearerToken } from './api-key-digest.js';
import { missingOrWrongKey } from './auth-errors.js';
import { authorizationHeader } from './create-admin-auth.js';
import { markGuard } from './guard-marks.js';

type Env = AppEnv;

/** Splits `ROUTER_API_KEYS` (comma-separated, blanks ignored). */
export function parseApiKeys(text: string | undefined): string[] {
  return (text ?? '').split(',').map((key) => key.trim()).filter(Boolean);
}

/** The `x-api-key` header (Anthropic's), read straight from the Node request when there is one. */
export function apiKeyHeader(c: Context<Env>): string | undefined {
  const incoming = c.env?.incoming;
  const value = incoming ? incoming.headers['x-api-key'] : c.req.header('x-api-key');
  const key = Array.isArray(value) ? value[0] : value?.trim();
  return key ? key : undefined;
}

/**
 * The middleware for the given keys, or null when there are none (routes stay open). The admin key,
 * if any, is accepted too. A request passes when the key in either header is one of them.
 */
export function createClientKeyAuth(keys: readonly string[], adminApiKey?: string, onRejected?: () => void): MiddlewareHandler<Env> | null {
  if (keys.length === 0) return null;
  // hashing first makes the lookup independent of how much of a key matches
  const digests = new Set([...keys, ...(adminApiKey ? [adminApiKey] : [])].map((key) => apiKeyDigest(key).toString('hex')));
  const known = (key: string | null | undefined) => key != null && digests.has(apiKeyDigest(key).toString('hex'));
  const guard: MiddlewareHandler<Env> = async (c, next) => {
    const bearer = bearerToken(authorizationHeader(c));
    if (!known(bearer)) {
      const apiKey = apiKeyHeader(c);
      if (!known(apiKey)) {
        onRejected?.();
        throw missingOrWrongKey(bearer !== null || apiKey !== undefined, 'client');
      }
    }
    await next();
  };
  return markGuard('client-key', guard);
}
