/** The request id: the client's `x-request-id` when it is sane, else a new UUID. */
const VALID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

/** Picks the request id for a request. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && VALID.test(header) ? header : crypto.randomUUID();
}
