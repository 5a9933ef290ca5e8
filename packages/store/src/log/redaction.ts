/**
 * Redaction as data: the secret values of a configuration and the key-shaped patterns,
 * plain enough to cross into the log worker, and the text redactor built from them there.
 */
import { secretValues as coreSecretValues, type ConfigSnapshot } from '@router/core';

/** Bearer tokens and `sk-…` keys, redacted wherever they appear, configured or not. */
export const DEFAULT_SECRET_PATTERNS: readonly RegExp[] = [/Bearer\s+[A-Za-z0-9._~+/=-]{6,}/gi, /\bsk-[A-Za-z0-9_-]{8,}/g];

/** What to redact: literal secret values and patterns. */
export interface RedactionRules {
  /** Secret values, replaced wherever they occur. */
  secrets: readonly string[];
  /** Patterns, replaced after the literal values (default: `DEFAULT_SECRET_PATTERNS`). */
  patterns?: readonly RegExp[];
}

const REDACTED = '[redacted]';
const cache = new WeakMap<ConfigSnapshot, readonly string[]>();

/** Every secret value in a snapshot's provider configs (values under secret-looking keys), longest first; cached per snapshot. */
export function secretValues(snapshot: ConfigSnapshot): readonly string[] {
  let list = cache.get(snapshot);
  if (!list) {
    // Values shorter than 6 characters would redact ordinary words; key-shaped ones are caught by the patterns.
    const found = new Set<string>();
    for (const provider of snapshot.providers.values()) for (const secret of coreSecretValues(provider.config)) found.add(secret);
    list = [...found].sort((a, b) => b.length - a.length);
    cache.set(snapshot, list);
  }
  return list;
}

/** A redactor: replaces each secret value, then each pattern match, with `[redacted]`. */
export function createTextRedactor(rules: RedactionRules): (text: string) => string {
  const secrets = [...rules.secrets].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  const patterns = (rules.patterns ?? DEFAULT_SECRET_PATTERNS).map((pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const pattern of patterns) out = out.replace(pattern, REDACTED);
    return out;
  };
}
