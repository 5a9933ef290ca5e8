/**
 * Loop detection. Every upstream request carries `x-router-hop`: the ids of the routers it has
 * passed through, this one's last. A request that arrives with this router's id came back
 * through it (a provider whose base URL is the router itself, or two routers pointing at each
 * other): it is refused before any upstream call instead of multiplying itself.
 */
import { RouterError } from '../errors.js';
import type { UpstreamRequest } from '../spec/transport.js';

/** The request header listing the routers a request has passed through. */
export const HOP_HEADER = 'x-router-hop';

/** Longest chain of routers a request may pass through. */
export const MAX_HOPS = 8;

/** 508: the request came back through this router (or passed through too many). */
export class LoopDetectedError extends RouterError {
  constructor(message: string) {
    super(message, { status: 508, type: 'invalid_request_error', code: 'loop_detected', param: HOP_HEADER });
  }
}

/** A fresh router instance id: random per router, so two processes never share one. */
export function newInstanceId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The `x-router-hop` value to send upstream for a request that arrived with `incoming`;
 * throws `LoopDetectedError` when `incoming` already names this router or is too long.
 */
export function nextHops(incoming: string | readonly string[] | null | undefined, instanceId: string): string {
  // the usual case, a request straight from a client: nothing to split or check (this runs per request)
  if (incoming === undefined || incoming === null || incoming === '') return instanceId;
  const text = Array.isArray(incoming) ? incoming.join(',') : (incoming as string | null | undefined) ?? '';
  const hops = text.split(',').map((hop) => hop.trim()).filter(Boolean);
  if (hops.includes(instanceId)) {
    throw new LoopDetectedError('This request came back through this router: a provider\'s baseURL points at the router itself (or at a router that points back). Fix that provider\'s baseURL.');
  }
  if (hops.length >= MAX_HOPS) throw new LoopDetectedError(`This request has already passed through ${hops.length} routers (the limit is ${MAX_HOPS}); the routers' providers form a loop.`);
  return [...hops, instanceId].join(', ');
}

type Headers = UpstreamRequest['headers'];
/** The headers with `x-router-hop` added, per adapter headers object (adapters hand out one per kind of request). */
const withHopsCache = new WeakMap<Headers, { hops: string; headers: Headers }>();

/**
 * `headers` plus `x-router-hop: hops`, as a new object (adapters may hand out the same headers
 * object for every request, so it is never changed). The copy is kept for the next request with
 * the same headers object and hops value, which is nearly every request (the value is this
 * router's id unless the request came through another router): no copy per request, and the
 * transport is handed one object of one shape.
 */
export function withHops(headers: Headers, hops: string): Headers {
  const cached = withHopsCache.get(headers);
  if (cached && cached.hops === hops) return cached.headers;
  const merged = { ...headers, [HOP_HEADER]: hops };
  withHopsCache.set(headers, { hops, headers: merged });
  return merged;
}
