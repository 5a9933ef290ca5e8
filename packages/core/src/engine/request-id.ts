/** Request ids: the client's `x-request-id` when it is sane (safe characters, bounded length), else a new UUID. */
const VALID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

/** True when a client-sent request id can be kept as is. */
export function isValidRequestId(value: string): boolean {
  return VALID.test(value);
}

/** Picks the request id for a request from its `x-request-id` header. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && VALID.test(header) ? header : crypto.randomUUID();
}
