/**
 * The one definition of "secret" in a provider configuration, used by every read
 * path (API, CLI, history, logs, error bodies). A value is secret when it is:
 * - under a key whose name looks secret (`apiKey`, `token`, `authorization`, …), at any depth;
 * - under a key the adapter's schema marks secret (`secretField`);
 * - any value of `headers` (whatever the header is called: `x-key`, `Ocp-Apim-Subscription-Key`);
 * - the user name, password or a query value of a URL (`https://user:pass@host/v1?key=…`).
 * There is no minimum length. On top of the configured values, key-shaped
 * patterns (`Bearer …`, `sk-…`) are redacted wherever they appear.
 */

const SECRET_NAME = /(api[-_]?key|secret|token|password|passwd|authorization|auth|credential|cookie|private[-_]?key)/i;
const HEADERS_KEY = /^headers$/i;

/** The placeholder shown instead of a secret; writing it back keeps the stored value. */
export const MASK_PREFIX = '••••';

/** What replaces a secret in free text (logs, error bodies). */
export const REDACTED = '[redacted]';

/** Bearer tokens and `sk-…` keys, redacted wherever they appear, configured or not. */
export const DEFAULT_SECRET_PATTERNS: readonly RegExp[] = [/Bearer\s+[A-Za-z0-9._~+/=-]{6,}/gi, /\bsk-[A-Za-z0-9_-]{8,}/g, /\brk-[A-Za-z0-9]{32}\b/g];

/** Which config keys are secret besides the rules every config follows. */
export interface SecretRules {
  /** Keys the adapter's schema marks secret (see `secretKeysOfSchema`). */
  secretKeys?: readonly string[];
}

/** True when a config key or header name looks secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks a secret value, keeping only its last four characters when it is long enough. */
export function maskSecret(value: unknown): string {
  // masking is idempotent: a value masked before (history stores masked values) stays as it is
  if (isMasked(value)) return value as string;
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  if (text.length >= 12) return `${MASK_PREFIX}${text.slice(-4)}`;
  return MASK_PREFIX;
}

/** True when a value is a mask produced by `maskSecret`. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK_PREFIX);
}

/** True when a value contains a mask anywhere (a whole mask, or a URL with a masked part). */
export function containsMask(value: unknown): boolean {
  return typeof value === 'string' && value.includes(MASK_PREFIX);
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function looksLikeJson(value: string): boolean {
  const text = value.trim();
  return (text.startsWith('{') && text.endsWith('}')) || (text.startsWith('[') && text.endsWith(']'));
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A URL with secret parts (user name, password, query values), or null when the string is not one. */
function urlWithSecrets(value: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.username || url.password || url.search.length > 1 ? url : null;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

/** The secret parts of a URL string, both as written and decoded. */
function urlSecrets(value: string): string[] {
  const url = urlWithSecrets(value);
  if (!url) return [];
  const out: string[] = [];
  const add = (raw: string) => {
    if (raw) out.push(raw, decoded(raw));
  };
  add(url.username);
  add(url.password);
  for (const pair of url.search.slice(1).split('&')) add(pair.slice(pair.indexOf('=') + 1 || pair.length));
  return out;
}

/** The URL with its user name, password and query values masked. */
function maskUrl(value: string): string {
  const url = urlWithSecrets(value);
  if (!url) return value;
  const userinfo = url.username || url.password ? `${url.username ? maskSecret(decoded(url.username)) : ''}${url.password ? `:${maskSecret(decoded(url.password))}` : ''}@` : '';
  const query = url.search.length > 1
    ? `?${url.search.slice(1).split('&').map((pair) => {
        const equals = pair.indexOf('=');
        return equals === -1 ? pair : `${pair.slice(0, equals)}=${maskSecret(decoded(pair.slice(equals + 1)))}`;
      }).join('&')}`
    : '';
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query}${url.hash}`;
}

type Secrecy = 'secret' | 'headers' | 'plain';

function secrecyOf(key: string, rules: SecretRules, depth: number): Secrecy {
  if (isSecretName(key) || (depth === 0 && rules.secretKeys?.includes(key))) return 'secret';
  if (HEADERS_KEY.test(key)) return 'headers';
  return 'plain';
}

/** Masks every secret in a config (see the module comment); other values are returned as they are. */
export function maskConfig<T>(config: T, rules: SecretRules = {}): T {
  return maskValue(config, rules, 0, false) as T;
}

function maskValue(value: unknown, rules: SecretRules, depth: number, secret: boolean): unknown {
  if (depth > 64) return secret ? maskSecret('') : value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, rules, depth + 1, secret));
  if (isRecord(value)) {
    // fromEntries defines own properties: a `__proto__` key cannot reach a prototype
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskEntry(key, inner, rules, depth, secret)]));
  }
  if (typeof value === 'string') {
    if (secret) return value === '' ? value : maskSecret(value);
    if (looksLikeJson(value)) {
      const parsed = parseJson(value);
      if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) return JSON.stringify(maskValue(parsed, rules, depth + 1, false));
    }
    return maskUrl(value);
  }
  if (secret && value !== null && value !== undefined) return maskSecret(value);
  return value;
}

function maskEntry(key: string, value: unknown, rules: SecretRules, depth: number, secret: boolean): unknown {
  if (secret) return maskValue(value, rules, depth + 1, true);
  const secrecy = secrecyOf(key, rules, depth);
  if (secrecy === 'secret') {
    if (value === null || value === undefined || value === '') return value;
    return maskSecret(value);
  }
  if (secrecy === 'headers') {
    if (typeof value === 'string' && looksLikeJson(value)) {
      const parsed = parseJson(value);
      if (isRecord(parsed)) return JSON.stringify(maskValue(parsed, rules, depth + 1, true));
    }
    return maskValue(value, rules, depth + 1, isRecord(value) || Array.isArray(value));
  }
  return maskValue(value, rules, depth + 1, false);
}

/**
 * Replaces masked values in an update with the stored secrets, so a read-modify-write keeps them:
 * a whole mask, or a value equal to the masked form of the stored one (a URL with masked parts, headers as JSON text).
 */
export function unmaskConfig(update: Record<string, unknown>, stored: Record<string, unknown>, rules: SecretRules = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    let next = value;
    if (Object.hasOwn(stored, key)) {
      const before = stored[key];
      if (isMasked(value) || (containsMask(value) && JSON.stringify(maskConfig({ [key]: before }, rules)[key]) === JSON.stringify(value))) next = before;
      else if (isRecord(value) && isRecord(before)) {
        const inner = HEADERS_KEY.test(key) || isSecretName(key) ? unmaskAll(value, before) : unmaskConfig(value, before, {});
        next = inner;
      }
    }
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Under a secret or headers key every value is masked, so each one resolves against its stored value. */
function unmaskAll(update: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(update)) {
    const before = stored[key];
    const next = Object.hasOwn(stored, key) && (isMasked(value) || JSON.stringify(maskValue(before, {}, 0, true)) === JSON.stringify(value)) ? before : value;
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The path of a value in an update that carries a mask with no stored secret behind it
 * (it would otherwise be stored literally), or null.
 */
export function unresolvedMask(update: Record<string, unknown>, stored: Record<string, unknown>, path = 'config', rules: SecretRules = {}): string | null {
  const resolved = unmaskConfig(update, stored, rules);
  const find = (value: unknown, at: string): string | null => {
    if (containsMask(value)) return at;
    if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) {
        const found = find(inner, `${at}.${key}`);
        if (found) return found;
      }
    }
    if (Array.isArray(value)) {
      for (const [index, inner] of value.entries()) {
        const found = find(inner, `${at}[${index}]`);
        if (found) return found;
      }
    }
    return null;
  };
  for (const [key, value] of Object.entries(resolved)) {
    const found = find(value, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Every secret value in a config (see the module comment), longest first; no minimum length. */
export function secretValuesOf(config: unknown, rules: SecretRules = {}): string[] {
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') {
      if (value !== '') out.add(value);
    } else if (typeof value === 'number' || typeof value === 'boolean') out.add(String(value));
  };
  const visit = (value: unknown, depth: number, secret: boolean) => {
    if (depth > 64) return;
    if (typeof value === 'string') {
      if (secret) add(value);
      for (const part of urlSecrets(value)) add(part);
      if (looksLikeJson(value)) {
        const parsed = parseJson(value);
        if (parsed && typeof parsed === 'object') visit(parsed, depth + 1, secret);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1, secret);
    } else if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) visit(inner, depth + 1, secret || secrecyOf(key, rules, depth) !== 'plain');
    } else if (secret) add(value);
  };
  visit(config, 0, false);
  return [...out].sort((a, b) => b.length - a.length);
}

/**
 * Every secret value in a config with names that look secret, longest first.
 * @deprecated Use `secretValuesOf(config, rules)`; `minLength` is ignored (every secret counts, however short).
 */
export function secretValues(config: unknown, _minLength?: number): string[] {
  return secretValuesOf(config);
}

/** What to redact: literal secret values and patterns. */
export interface RedactionRules {
  /** Secret values, replaced wherever they occur (values under 6 characters only as a whole word, so `k1` does not eat `k10`). */
  secrets: readonly string[];
  /** Patterns, replaced after the literal values (default: `DEFAULT_SECRET_PATTERNS`; `[]` for none). */
  patterns?: readonly RegExp[];
  /** What a match becomes (default: `[redacted]`; the CLI shows `maskSecret(match)`). */
  replace?: (match: string) => string;
}

const SHORT = 6;

/**
 * The secrets worth looking for in text that did not come from their own provider: those of at
 * least 6 characters. A shorter one (a header value `1` or `true`, a URL's user name `user`) is
 * masked wherever a configuration is shown and redacted from what its own provider sends back
 * (error bodies, forwarded headers, probe results); looked for in any other text, such as another
 * provider's log rows or a CLI table, it would only eat ordinary words and numbers
 * (`"role":"user"`, `"temperature":1`, a priority, an IP address).
 */
export function broadSecrets(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length >= SHORT);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A redactor: replaces each secret value, then each pattern match, with `[redacted]`. */
export function createRedactor(rules: RedactionRules): (text: string) => string {
  const unique = [...new Set(rules.secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  const long = unique.filter((secret) => secret.length >= SHORT);
  const short = unique.filter((secret) => secret.length < SHORT);
  const shortPattern = short.length ? new RegExp(`(?<![A-Za-z0-9])(?:${short.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'g') : null;
  const patterns = (rules.patterns ?? DEFAULT_SECRET_PATTERNS).map((pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
  if (!long.length && !shortPattern && !patterns.length) return (text) => text;
  const replace = rules.replace;
  if (replace) {
    return (text) => {
      let out = text;
      for (const secret of long) if (out.includes(secret)) out = out.split(secret).join(replace(secret));
      if (shortPattern) out = out.replace(shortPattern, replace);
      for (const pattern of patterns) out = out.replace(pattern, replace);
      return out;
    };
  }
  return (text) => {
    let out = text;
    for (const secret of long) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (shortPattern) out = out.replace(shortPattern, REDACTED);
    for (const pattern of patterns) out = out.replace(pattern, REDACTED);
    return out;
  };
}

/** Replaces each of `secrets` in `text` with `[redacted]` (no patterns). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor({ secrets, patterns: [] })(text);
}

/** A copy of a JSON value with `redact` applied to every string in it (answers that may echo upstream text). */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  const walk = (inner: unknown): unknown => {
    if (typeof inner === 'string') return redact(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    if (inner && typeof inner === 'object') return Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, walk(item)]));
    return inner;
  };
  return walk(value) as T;
}
