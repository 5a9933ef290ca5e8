/**
 * The management API's browser guard. A web page the user visits can make the
 * browser send requests to a loopback address (cross-site requests, and DNS
 * rebinding, where the attacker's host name resolves to 127.0.0.1). None of
 * them can pass this guard:
 * - writes must say `Content-Type: application/json`, which a browser sends
 *   cross-origin only after a CORS preflight the router never allows;
 * - an `Origin` (or `Sec-Fetch-Site`) that is not the router's own is refused;
 * - without an admin key, the `Host` must be a loopback name or one of
 *   `ALLOWED_HOSTS`, so a rebound name is refused.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { RouterError } from '@router/core';
import { isLoopbackAddress } from './is-loopback-address.js';

type Env = AppEnv;

/** Options for the guard. */
export interface RequestGuardOptions {
  /** `ADMIN_API_KEY`; when set, the `Host` check is off (the key is required anyway). */
  adminApiKey?: string;
  /** `ALLOWED_HOSTS`: host names (optionally `name:port`) management answers besides loopback names. */
  allowedHosts?: readonly string[];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** 403: the request comes from another site's page. */
export function crossOriginRefused(origin: string): RouterError {
  return new RouterError(`This router refuses requests from another site's pages (Origin ${JSON.stringify(origin.slice(0, 200))} is not this router; programs send no Origin).`, {
    status: 403, type: 'permission_error', code: 'cross_origin_refused',
  });
}

/** 403: the Host header names neither a loopback name nor an allowed host. */
export function hostNotAllowed(host: string): RouterError {
  return new RouterError(
    `Without ADMIN_API_KEY (management) or client keys (the client APIs), this router answers browsers only on loopback host names; "${host.slice(0, 200)}" is not one (add it to ALLOWED_HOSTS if it is this router).`,
    { status: 403, type: 'permission_error', code: 'host_not_allowed' },
  );
}

/** 415: a write without a JSON content type. */
export function jsonRequired(value: string | undefined): RouterError {
  const got = value ? `got "${value.slice(0, 100)}"` : 'none was sent';
  return new RouterError(`Management writes need Content-Type: application/json (${got}).`, {
    status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', param: 'content-type',
  });
}

/** Splits a `Host` value into its lower-case name (IPv6 without brackets) and port. */
export function parseHost(host: string): { name: string; port: string } {
  const value = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(value);
  if (bracketed) return { name: bracketed[1], port: bracketed[2] ?? '' };
  const colon = value.lastIndexOf(':');
  // more than one colon without brackets: a bare IPv6 address, no port
  if (colon !== -1 && value.indexOf(':') === colon) return { name: value.slice(0, colon), port: value.slice(colon + 1) };
  return { name: value, port: '' };
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHostName(name: string): boolean {
  const host = name.replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

function header(c: Context<Env>, name: string): string | undefined {
  const incoming = c.env?.incoming;
  if (incoming) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return c.req.header(name);
}

/**
 * The browser check, shared by the management guard and the client APIs: answers the refusal for
 * a request with a foreign `Origin` (or `Sec-Fetch-Site: cross-site`/`same-site`), or, when
 * `checkHost`, a `Host` that is neither a loopback name nor in `allowedHosts`; null to let it pass.
 */
export function createBrowserCheck(options: { checkHost: boolean; allowedHosts?: readonly string[] }): (host: string, origin: string | undefined, site: string | undefined) => RouterError | null {
  const allowed = new Set((options.allowedHosts ?? []).map((host) => host.trim().toLowerCase()).filter(Boolean));
  const hostAllowed = (host: string) => {
    const { name, port } = parseHost(host);
    return isLoopbackHostName(name) || allowed.has(name) || (port !== '' && allowed.has(`${name}:${port}`));
  };
  return (host, origin, site) => {
    if (options.checkHost && !hostAllowed(host)) return hostNotAllowed(host);
    if (origin !== undefined) {
      let originHost: string | null = null;
      try {
        originHost = new URL(origin).host;
      } catch {
        // `null` (sandboxed pages, file:) and junk
      }
      if (originHost === null || originHost === '' || originHost.toLowerCase() !== parseAsUrlHost(host)) return crossOriginRefused(origin);
    }
    if (site === 'cross-site' || site === 'same-site') return crossOriginRefused(origin ?? site);
    return null;
  };
}

/** Creates the guard middleware. */
export function createRequestGuard(options: RequestGuardOptions = {}): MiddlewareHandler<Env> {
  const check = createBrowserCheck({ checkHost: !options.adminApiKey, allowedHosts: options.allowedHosts });
  return async (c, next) => {
    // the request URL's host is the Host header on Node (and the test URL's host under app.request())
    const host = header(c, 'host') ?? new URL(c.req.url).host;
    const refused = check(host, header(c, 'origin'), header(c, 'sec-fetch-site'));
    if (refused) throw refused;
    if (WRITE_METHODS.has(c.req.method)) {
      const type = header(c, 'content-type');
      if (!type || !JSON_TYPE.test(type)) throw jsonRequired(type);
    }
    await next();
  };
}

/** A Host value as `new URL()` would spell it (lower case, default ports dropped), for comparing with an Origin. */
function parseAsUrlHost(host: string): string {
  try {
    const url = new URL(`http://${host}`);
    // the Origin carries its scheme's default port implicitly; compare names and explicit ports only
    return url.host;
  } catch {
    return host.toLowerCase();
  }
}
