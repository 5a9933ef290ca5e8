/**
 * Redaction as data: the secret values of a configuration and the key-shaped patterns,
 * plain enough to cross into the log worker, and the text redactor built from them there.
 * What counts as secret is defined once, in `@router/core` (`secretValuesOf`).
 */
import { createRedactor, secretValuesOfSnapshot, type ConfigSnapshot, type RedactionRules } from '@router/core';

export { DEFAULT_SECRET_PATTERNS, type RedactionRules } from '@router/core';

/** Every secret value in a snapshot's provider configs, longest first; cached per snapshot. */
export function secretValues(snapshot: ConfigSnapshot): readonly string[] {
  return secretValuesOfSnapshot(snapshot);
}

/** A redactor: replaces each secret value, then each pattern match, with `[redacted]`. */
export function createTextRedactor(rules: RedactionRules): (text: string) => string {
  return createRedactor(rules);
}
