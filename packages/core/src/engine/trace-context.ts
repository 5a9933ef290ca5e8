/**
 * W3C Trace Context (`traceparent`) for the spans a host builds from the log records: the host
 * gives each request a `TraceContext` (continuing the client's trace when it sent a valid
 * `traceparent`), and the engine gives each attempt a span id of its own and sends it upstream as
 * that attempt's `traceparent`, so the upstream's spans hang under the attempt's.
 */

/** A request's place in a trace. */
export interface TraceContext {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** The request's own span id (16 lowercase hex characters). */
  spanId: string;
  /** The client's span (from its `traceparent`), the request span's parent; null for a new trace. */
  parentSpanId: string | null;
  /** Trace flags, 2 hex characters (`01`: sampled). */
  flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/** Random lowercase hex of `bytes` bytes (Web Crypto: Node and browsers alike). */
export function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let text = '';
  for (const byte of buffer) text += (byte < 16 ? '0' : '') + byte.toString(16);
  return text;
}

/** A new span id that is not all zeros. */
export function newSpanId(): string {
  for (;;) {
    const id = randomHex(8);
    if (id !== '0000000000000000') return id;
  }
}

/**
 * The trace context for a request: the client's trace when its `traceparent` header is valid
 * (version `00`, or a later one read as `00` as the spec says; ids not all zeros), else a new
 * sampled trace.
 */
export function traceContextFrom(traceparent: string | null | undefined): TraceContext {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (match && match[1] !== 'ff' && !(match[1] === '00' && traceparent!.trim().length !== 55) && !/^0+$/.test(match[2]!) && !/^0+$/.test(match[3]!)) {
    return { traceId: match[2]!, parentSpanId: match[3]!, spanId: newSpanId(), flags: match[4]! };
  }
  let traceId = randomHex(16);
  while (/^0+$/.test(traceId)) traceId = randomHex(16);
  return { traceId, parentSpanId: null, spanId: newSpanId(), flags: '01' };
}

/** The `traceparent` header value for a span of the trace. */
export function traceparentFor(trace: TraceContext, spanId: string): string {
  return `00-${trace.traceId}-${spanId}-${trace.flags}`;
}
