/** Which headers of an upstream answer reach the client, and the headers of a relayed stream. */
import type { UpstreamResponse } from '../spec/transport.js';

/** The headers of every stream the router relays. */
export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' } as const;
// hop-by-hop, framing and the upstream's own identity, cookies and CORS: the router answers for itself
const STRIP_UPSTREAM = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length',
  'content-encoding', 'content-type', 'date', 'server', 'set-cookie', 'x-request-id', 'x-router-request-id', 'access-control-allow-origin',
  'access-control-allow-credentials', 'access-control-expose-headers', 'alt-svc', 'via', 'cf-ray', 'strict-transport-security',
]);
/** Copies the upstream's headers a client may see into `into`, joined and redacted. */
export function forwardHeaders(upstream: UpstreamResponse['headers'], into: Record<string, string>, redact: ((value: string) => string) | null | undefined): void {
  for (const name in upstream) {
    if (STRIP_UPSTREAM.has(name)) continue;
    const value = upstream[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    // an upstream may echo a configured header or key back in its own headers
    into[name] = redact ? redact(text) : text;
  }
}
