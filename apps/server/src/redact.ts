/** The redactor for a configuration snapshot: its secret values and key-shaped strings become `[redacted]`. */
import { createRedactor as createTextRedactor, secretValuesOfSnapshot, type ConfigSnapshot } from '@router/core';

/** A redactor for a snapshot (used by the in-thread log writer and the management answers that echo upstream text). */
export function createRedactor(snapshot: ConfigSnapshot): (text: string) => string {
  return createTextRedactor({ secrets: secretValuesOfSnapshot(snapshot) });
}
