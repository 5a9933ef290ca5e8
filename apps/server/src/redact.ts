/** Builds the redactor the log writer applies: every secret in the current configuration, and anything shaped like a key. */
import { isSecretName, type ConfigSnapshot } from '@router/core';

const PATTERNS = [/Bearer\s+[A-Za-z0-9._~+\/=-]{6,}/gi, /\bsk-[A-Za-z0-9_-]{8,}/g];

function collect(value: unknown, secretKey: boolean, out: Set<string>): void {
  if (typeof value === 'string') {
    if (secretKey && value.length >= 6) out.add(value);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) collect(inner, secretKey || isSecretName(key), out);
  }
}

/** A redactor for a snapshot: replaces known secret values and key-shaped strings with `[redacted]`. */
export function createRedactor(snapshot: ConfigSnapshot): (text: string) => string {
  const secrets = new Set<string>();
  for (const provider of snapshot.providers.values()) collect(provider.config, false, secrets);
  const list = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    for (const pattern of PATTERNS) out = out.replace(pattern, '[redacted]');
    return out;
  };
}
