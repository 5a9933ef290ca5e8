/** Applies the log redactor to every string in a JSON value (probe and health answers may echo upstream text). */
import type { ConfigSnapshot } from '@router/core';
import { createRedactor } from '../../redact.js';

/** Returns a copy of `value` with known secrets and key-shaped strings replaced by `[redacted]`. */
export function redactDeep<T>(value: T, snapshot: ConfigSnapshot): T {
  const redact = createRedactor(snapshot);
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return redact(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner && typeof inner === 'object') return Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, walk(item)]));
    return inner;
  };
  return walk(value) as T;
}
