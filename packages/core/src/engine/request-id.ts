/**
 * Request ids. Every request gets the router's own id, a new time-ordered UUID (version 7,
 * RFC 9562): it is the log row's unique key. A client's `x-request-id`, when it is sane (safe
 * characters, bounded length), is kept beside it and echoed back, but clients reuse ids, so it
 * never replaces the router's.
 */
const VALID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

/** True when a client-sent request id can be kept as is. */
export function isValidRequestId(value: string): boolean {
  return VALID.test(value);
}

/**
 * A new UUID version 7: the first 48 bits are the Unix time in milliseconds, the rest random.
 * Ids made later sort later, so the request log's primary-key index grows at its end instead
 * of at random pages (about a fifth of the cost of inserting a log row), and ids read in time order.
 */
export function newRequestId(now: number = Date.now()): string {
  // The random part (and the RFC 9562 variant bits) comes from a v4 UUID: Node buffers its randomness.
  const random = crypto.randomUUID();
  const time = now.toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/** The id to echo for a request that is not logged: its `x-request-id` header when valid, else a new id. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && VALID.test(header) ? header : newRequestId();
}

/** The client's request id from its `x-request-id` header, when valid; `null` otherwise. */
export function clientRequestIdFrom(header: string | null | undefined): string | null {
  return header && VALID.test(header) ? header : null;
}
