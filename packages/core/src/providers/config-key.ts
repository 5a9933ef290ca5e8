/**
 * The form of a provider config key, one rule for every way in (the REST API, the CLI with or
 * without a router, the store): letters, digits, `_ . -` (up to 64, starting with a letter or `_`),
 * and never a name that reaches an object's prototype (`__proto__`, `constructor`, `prototype`),
 * neither as a key nor as a key anywhere inside a value (`headers: {"__proto__": …}`).
 */

/** Names that would reach an object's prototype when used as a key. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The form of a config key. */
export const CONFIG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/** What a config key must look like, as error messages say it. */
export const CONFIG_KEY_RULE = 'letters, digits, _ . - (up to 64, starting with a letter or _), and not __proto__, constructor or prototype';

/** True for a plain config key: the pattern, and not a prototype name. */
export function isConfigKey(key: string): boolean {
  return CONFIG_KEY_PATTERN.test(key) && !PROTOTYPE_KEYS.has(key);
}

/** A field's path as OpenAI names fields: `targets[0].providerId`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out;
}

/**
 * The path of the first key named `__proto__`, `constructor` or `prototype` at any depth (walked
 * without recursion, so any nesting is safe), or null. Such a key would reach an object's prototype
 * wherever a name the user chose becomes a property (a setting, a config key, a header name, a field
 * merged into an upstream body), and a schema may drop it silently (`z.record` skips `__proto__`):
 * refused outright instead.
 */
export function prototypeKeyPath(value: unknown): string | null {
  const stack: [unknown, readonly PropertyKey[]][] = [[value, []]];
  while (stack.length) {
    const [item, path] = stack.pop()!;
    if (!item || typeof item !== 'object') continue;
    for (const [key, inner] of Object.entries(item)) {
      const here = [...path, Array.isArray(item) ? Number(key) : key];
      if (!Array.isArray(item) && PROTOTYPE_KEYS.has(key)) return formatFieldPath(here);
      if (inner && typeof inner === 'object') stack.push([inner, here]);
    }
  }
  return null;
}

/** Why a provider config is refused by its keys alone, with the field it names, or null when its keys are fine. */
export function configKeyIssue(config: Record<string, unknown>): { field: string; message: string } | null {
  for (const key of Object.keys(config)) {
    if (!isConfigKey(key)) return { field: key, message: `config keys are ${CONFIG_KEY_RULE}` };
    const nested = prototypeKeyPath(config[key]);
    if (nested) return { field: `${key}${nested.startsWith('[') ? '' : '.'}${nested}`, message: '__proto__, constructor and prototype are not allowed as keys' };
  }
  return null;
}
