/** The redactor for a configuration snapshot: its secret values and key-shaped strings become `[redacted]`. */
import type { ConfigSnapshot } from '@router/core';
import { createTextRedactor, secretValues } from '@router/store';

/** A redactor for a snapshot (used by the in-thread log writer and the management answers that echo upstream text). */
export function createRedactor(snapshot: ConfigSnapshot): (text: string) => string {
  return createTextRedactor({ secrets: secretValues(snapshot) });
}
