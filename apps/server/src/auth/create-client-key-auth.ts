/**
 * The client-key guard of the proxy routes. A request passes with one of `ROUTER_API_KEYS` (or the
 * admin key), or with a client key from the configuration snapshot that is neither revoked nor
 * expired, sent as `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key: <key>` (Anthropic
 * clients). A key is found by its SHA-256 (one hash, one map lookup; no database read); the entry is
 * handed to the proxy route, which gives it to the engine (models, providers, limits). While no key
 * of either kind exists the guard lets everything through, as an open router does.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientKeyEntry } from '@router/core';
import type { AppEnv } from '../app-env.js';
import { apiKeyHex, bearerToken } from './api-key-digest.js';
import { clientKeyRefused, missingOrWrongKey } from './auth-errors.js';
import { markGuard } from './guard-marks.js';

type Env = AppEnv;

/** Why a request was refused at the door (metrics count them). */
export type KeyRejection = 'missing' | 'unknown' | 'revoked' | 'expired';

/** The client keys as the snapshot has them now (by the SHA-256 hex of their value). */
export type ClientKeyLookup = () => ReadonlyMap<string, ClientKeyEntry> | undefined;

/** Splits `ROUTER_API_KEYS` (comma-separated, blanks ignored). */
export function parseApiKeys(text: string | undefined): string[] {
  return (text ?? '').split(',').map((key) => key.trim()).filter(Boolean);
}

/** Options of the guard. */
export interface ClientKeyAuthOptions {
  /** The admin key, accepted too when other keys are required. */
  adminApiKey?: string;
  /** The stored client keys, read per request (absent: only `ROUTER_API_KEYS`). */
  clientKeys?: ClientKeyLookup;
  /** Told each refusal with its reason. */
  onRejected?: (reason: KeyRejection) => void;
  /** Wall clock for expiry (default `Date.now`). */
  now?: () => number;
}

/** Reads a request header by lower-case name (Node's `incoming.headers[name]`, or Hono's `c.req.header(name)`). */
export type HeaderReader = (name: string) => string | string[] | undefined;

/**
 * Checks one request's client key: the stored key's entry, undefined when the request passes without one (open, or an
 * environment or admin key), or throws the 401/403. `count: false` leaves a refusal uncounted (`onRejected`): for a
 * caller that hands a refused request on to be answered (and counted) elsewhere.
 */
export type ClientKeyCheck = (header: HeaderReader, count?: boolean) => ClientKeyEntry | undefined;

/** A header reader over a Hono context: Node's raw headers when there are some (no web `Headers` built). */
export function contextHeaders(c: Context<Env>): HeaderReader {
  const incoming = c.env?.incoming;
  return incoming ? (name) => incoming.headers[name] : (name) => c.req.header(name);
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The `x-api-key` header's key (trimmed; undefined when absent or blank). */
function apiKeyOf(header: HeaderReader): string | undefined {
  const key = first(header('x-api-key'))?.trim();
  return key ? key : undefined;
}

/**
 * The check, or null when it could never refuse anything (no `ROUTER_API_KEYS` and no store of
 * client keys): then the routes stay open and the hot path pays nothing. Synchronous, so a proxy
 * route runs it inside its own handler (`registerProxyRoute`) instead of as a middleware in front.
 */
export function createClientKeyCheck(keys: readonly string[], options: ClientKeyAuthOptions = {}): ClientKeyCheck | null {
  const { clientKeys, onRejected } = options;
  if (keys.length === 0 && !clientKeys) return null;
  const now = options.now ?? Date.now;
  // hashing first makes the lookup independent of how much of a key matches
  const envDigests = keys.map((key) => apiKeyHex(key));
  // the admin key is accepted wherever a key is asked for
  const digests = new Set([...envDigests, ...(options.adminApiKey ? [apiKeyHex(options.adminApiKey)] : [])]);
  return (header, count = true) => {
    const stored = clientKeys?.();
    if (envDigests.length === 0 && !stored?.size) return undefined;
    const refuse = (reason: KeyRejection) => {
      if (count) onRejected?.(reason);
    };
    const bearer = bearerToken(first(header('authorization')));
    const apiKey = bearer === null ? apiKeyOf(header) : undefined;
    const presented = bearer ?? apiKey ?? null;
    if (presented === null) {
      refuse('missing');
      throw missingOrWrongKey(false, 'client');
    }
    let digest = apiKeyHex(presented);
    let entry = stored?.get(digest);
    if (!entry && !digests.has(digest) && bearer !== null) {
      // an Anthropic client may carry some other bearer token beside its x-api-key
      const other = apiKeyOf(header);
      if (other !== undefined) {
        digest = apiKeyHex(other);
        entry = stored?.get(digest);
      }
    }
    if (entry) {
      if (entry.revokedAt !== null) {
        refuse('revoked');
        throw clientKeyRefused('revoked');
      }
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        refuse('expired');
        throw clientKeyRefused('expired', entry.expiresAt);
      }
      return entry;
    }
    if (!digests.has(digest)) {
      refuse('unknown');
      throw missingOrWrongKey(true, 'client');
    }
    return undefined;
  };
}

/** The check as a middleware in front of a route (the key's entry in `c.get('clientKey')`), or null when it could never refuse anything. */
export function createClientKeyAuth(keys: readonly string[], options: ClientKeyAuthOptions = {}): MiddlewareHandler<Env> | null {
  const check = createClientKeyCheck(keys, options);
  return check ? clientKeyMiddleware(check) : null;
}

/** A middleware that runs `check` and hands the entry on. */
export function clientKeyMiddleware(check: ClientKeyCheck): MiddlewareHandler<Env> {
  return markGuard('client-key', async (c, next) => {
    const entry = check(contextHeaders(c));
    if (entry) c.set('clientKey', entry);
    return next();
  });
}
