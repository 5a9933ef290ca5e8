/** Applies the log redactor to every string in a JSON value (probe and health answers may echo upstream text). */
import { redactStrings, type ConfigSnapshot, type ProviderEntry } from '@router/core';
import { createRedactor } from '../../redact.js';

/**
 * Returns a copy of `value` with known secrets and key-shaped strings replaced by `[redacted]`:
 * the snapshot's broad secrets and, when the value came from one provider, every secret of it.
 */
export function redactDeep<T>(value: T, snapshot: ConfigSnapshot, provider?: ProviderEntry): T {
  return redactStrings(value, createRedactor(snapshot, provider));
}
