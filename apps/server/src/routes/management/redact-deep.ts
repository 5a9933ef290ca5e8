/** Applies the log redactor to every string in a JSON value (probe and health answers may echo upstream text). */
import type { ConfigSnapshot, ProviderEntry } from '@router/core';
import { createRedactor } from '../../redact.js';

/**
 * Returns a copy of `value` with known secrets and key-shaped strings replaced by `[redacted]`:
 * the snapshot's broad secrets and, when the value came from one provider, every secret of it.
 */
export function redactDeep<T>(value: T, snapshot: ConfigSnapshot, provider?: ProviderEntry): T {
  const redact = createRedactor(snapshot, provider);
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return redact(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner && typeof inner === 'object') return Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, walk(item)]));
    return inner;
  };
  return walk(value) as T;
}
