/** Secret masking shared by every read path (API, CLI, history, logs). */

const SECRET_NAME = /(api[-_]?key|secret|token|password|passwd|authorization|auth|credential|cookie|private[-_]?key)/i;

/** The placeholder shown instead of a secret; writing it back keeps the stored value. */
export const MASK_PREFIX = '••••';

/** True when a config key or header name looks secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks a secret value, keeping only its last four characters when it is long enough. */
export function maskSecret(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  if (text.length >= 12) return `${MASK_PREFIX}${text.slice(-4)}`;
  return MASK_PREFIX;
}

/** True when a value is a mask produced by `maskSecret`. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK_PREFIX);
}

/** Masks secret-looking keys in a config object, recursing into nested objects (e.g. `headers`). */
export function maskConfig<T>(config: T): T {
  if (Array.isArray(config)) return config.map((item) => maskConfig(item)) as T;
  if (!config || typeof config !== 'object') return config;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    if (isSecretName(key) && value !== null && value !== undefined && value !== '') out[key] = maskSecret(value);
    else if (value && typeof value === 'object') out[key] = maskConfig(value);
    else if (typeof value === 'string' && looksLikeJsonObject(value)) out[key] = maskJsonText(value);
    else out[key] = value;
  }
  return out as T;
}

function looksLikeJsonObject(value: string): boolean {
  return value.startsWith('{') && value.endsWith('}');
}

function maskJsonText(value: string): string {
  try {
    return JSON.stringify(maskConfig(JSON.parse(value)));
  } catch {
    return value;
  }
}

/** Replaces masked values in an update with the stored secrets, so a read-modify-write keeps them. */
export function unmaskConfig(update: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    if (isMasked(value) && key in stored) out[key] = stored[key];
    else if (value && typeof value === 'object' && !Array.isArray(value) && stored[key] && typeof stored[key] === 'object') {
      out[key] = unmaskConfig(value as Record<string, unknown>, stored[key] as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}

/** Every secret value in a config (values under secret-looking keys, at any depth), longest first. */
export function secretValues(config: unknown, minLength = 6): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, secret: boolean) => {
    if (typeof value === 'string') {
      if (secret && value.length >= minLength) out.add(value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, secret || isSecretName(key));
    }
  };
  visit(config, false);
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces each of `secrets` in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}
