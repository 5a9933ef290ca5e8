/**
 * The provider form's data logic, without React: the fields of a provider type's configuration
 * (from the JSON Schema `GET /v1/provider-types` gives), the editable values of a stored
 * configuration (secrets as the masks the API shows), and what to send on save: on create, every
 * value given; on edit, only the keys that changed (`PATCH` merges them; `null` removes a key), so
 * a masked secret left alone is never sent and the stored one is kept.
 */

/** A JSON Schema object (the part of it the form reads). */
export type JsonSchema = Record<string, unknown>;

/** One provider type as `GET /v1/provider-types` lists it. */
export interface ProviderType {
  type: string;
  description: string;
  configSchema: JsonSchema | null;
  secretKeys: string[];
  required: string[];
  defaults: Record<string, unknown>;
}

/** How a field is edited. */
export type FieldKind =
  | 'string' // a text input
  | 'secret' // a password input showing the mask of the stored value
  | 'number' // a number input (integer when `integer`)
  | 'boolean' // a checkbox
  | 'enum' // a select of `options` (with an empty choice: the default)
  | 'enum-list' // a checkbox per option
  | 'string-list' // one text input per item
  | 'string-map' // name/value rows (secret values when `secretValues`)
  | 'json'; // a JSON textarea

/** One field of the form. */
export interface ConfigField {
  key: string;
  kind: FieldKind;
  required: boolean;
  /** Shown as the placeholder: what the key is when left empty. */
  defaultValue?: unknown;
  options?: string[];
  integer?: boolean;
  /** For `string-map`: every value is masked on read (request headers). */
  secretValues?: boolean;
  description?: string;
  /** Not in the type's schema: a key the stored configuration has. */
  extra?: boolean;
}

/** A field's value as the form holds it. */
export type FieldValue = string | boolean | string[] | [string, string][];
/** The form's values by key. */
export type FormValues = Record<string, FieldValue>;

/** The placeholder the API shows instead of a secret. */
export const MASK_PREFIX = '••••';

/** Key names the API treats as secret whatever the schema says (the server's rule). */
const SECRET_NAME = /(api[-_]?key|secret|token|password|passwd|authorization|auth|credential|cookie|private[-_]?key)/i;

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** True for a value the API masked. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(MASK_PREFIX);
}

function enumOf(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.enum) && schema.enum.every((item) => typeof item === 'string')) return schema.enum as string[];
  if (typeof schema.const === 'string') return [schema.const];
  const choices = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null) as JsonSchema[] | null;
  if (choices && choices.every((choice) => isRecord(choice) && typeof choice.const === 'string')) return choices.map((choice) => choice.const as string);
  return undefined;
}

/** The field for one property of the schema. */
function fieldOf(key: string, schema: JsonSchema, required: boolean, secret: boolean): ConfigField {
  const base = { key, required, ...('default' in schema ? { defaultValue: schema.default } : {}), ...(typeof schema.description === 'string' ? { description: schema.description } : {}) };
  const type = schema.type;
  const options = enumOf(schema);
  if (secret || schema.secret === true) return { ...base, kind: 'secret' };
  if (options) return { ...base, kind: 'enum', options };
  if (type === 'boolean') return { ...base, kind: 'boolean' };
  if (type === 'integer' || type === 'number') return { ...base, kind: 'number', integer: type === 'integer' };
  if (type === 'array' && isRecord(schema.items)) {
    const itemOptions = enumOf(schema.items);
    if (itemOptions) return { ...base, kind: 'enum-list', options: itemOptions };
    if (schema.items.type === 'string') return { ...base, kind: 'string-list' };
  }
  if (type === 'object' && isRecord(schema.additionalProperties) && schema.additionalProperties.type === 'string' && !isRecord(schema.properties)) {
    return { ...base, kind: 'string-map', ...(/^headers$/i.test(key) ? { secretValues: true } : {}) };
  }
  if (type === 'string') return { ...base, kind: 'string' };
  return { ...base, kind: 'json' };
}

/** A field for a stored key the schema does not describe, from its value. */
function extraField(key: string, value: unknown): ConfigField {
  const base = { key, required: false, extra: true };
  if (isMasked(value) || SECRET_NAME.test(key)) return { ...base, kind: 'secret' };
  if (typeof value === 'boolean') return { ...base, kind: 'boolean' };
  if (typeof value === 'number') return { ...base, kind: 'number', integer: Number.isInteger(value) };
  if (typeof value === 'string') return { ...base, kind: 'string' };
  return { ...base, kind: 'json' };
}

/**
 * The fields of a type's form: the schema's properties in its order, required ones first, then the
 * keys a stored configuration has that the schema does not name. Without a schema every key of
 * the configuration is a field (the form is then a key/value editor of what is stored).
 */
export function configFields(type: Pick<ProviderType, 'configSchema' | 'secretKeys' | 'required'> | null, config: Record<string, unknown> = {}): ConfigField[] {
  const schema = type?.configSchema;
  const properties = isRecord(schema?.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const required = new Set([...(type?.required ?? []), ...(Array.isArray(schema?.required) ? (schema.required as string[]) : [])]);
  const secret = new Set(type?.secretKeys ?? []);
  const fields = Object.entries(properties).map(([key, property]) => fieldOf(key, isRecord(property) ? property : {}, required.has(key), secret.has(key) || SECRET_NAME.test(key)));
  fields.sort((a, b) => Number(b.required) - Number(a.required));
  for (const [key, value] of Object.entries(config)) if (!(key in properties)) fields.push(extraField(key, value));
  return fields;
}

/** The form's value of one field for a stored value (undefined: the key is not set). */
export function fieldValue(field: ConfigField, value: unknown): FieldValue {
  switch (field.kind) {
    case 'boolean':
      return value === true || value === 'true';
    case 'enum-list':
    case 'string-list':
      if (Array.isArray(value)) return value.map(String);
      return typeof value === 'string' && value.trim() ? value.split(',').map((part) => part.trim()).filter(Boolean) : [];
    case 'string-map': {
      let map = value;
      if (typeof map === 'string') {
        try {
          map = JSON.parse(map);
        } catch {
          map = undefined;
        }
      }
      return isRecord(map) ? Object.entries(map).map(([name, inner]) => [name, String(inner)] as [string, string]) : [];
    }
    case 'json':
      return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** The form's values for a stored configuration (a new provider: an empty one). */
export function formValues(fields: readonly ConfigField[], config: Record<string, unknown> = {}): FormValues {
  return Object.fromEntries(fields.map((field) => [field.key, fieldValue(field, config[field.key])]));
}

/** True when the field holds nothing (the key is then left out, or removed on edit). */
export function isEmptyValue(value: FieldValue): boolean {
  if (typeof value === 'boolean') return false;
  if (typeof value === 'string') return value.trim() === '';
  return value.length === 0 || (value as unknown[]).every((item) => (Array.isArray(item) ? item[0].trim() === '' : String(item).trim() === ''));
}

const same = (a: FieldValue, b: FieldValue) => JSON.stringify(a) === JSON.stringify(b);

/** The configuration value of a field's form value, or an error message for the field. */
export function configValue(field: ConfigField, value: FieldValue): { value: unknown } | { error: string } {
  switch (field.kind) {
    case 'boolean':
      return { value: value === true };
    case 'number': {
      const text = String(value).trim();
      const number = Number(text);
      if (text === '' || !Number.isFinite(number)) return { error: 'must be a number' };
      if (field.integer && !Number.isInteger(number)) return { error: 'must be a whole number' };
      return { value: number };
    }
    case 'enum-list':
    case 'string-list':
      return { value: (value as string[]).map((item) => item.trim()).filter(Boolean) };
    case 'string-map': {
      const rows = (value as [string, string][]).filter(([name]) => name.trim() !== '');
      const names = rows.map(([name]) => name.trim());
      const twice = names.find((name, index) => names.indexOf(name) !== index);
      if (twice) return { error: `"${twice}" is given twice` };
      return { value: Object.fromEntries(rows.map(([name, inner]) => [name.trim(), inner])) };
    }
    case 'json': {
      try {
        return { value: JSON.parse(String(value)) };
      } catch {
        return { error: 'must be valid JSON' };
      }
    }
    case 'string':
      return { value: String(value).trim() };
    default:
      // a secret is sent exactly as typed
      return { value: String(value) };
  }
}

/** What a save sends: the configuration (or its changes), or the errors by field key. */
export type ConfigPayload = { ok: true; config: Record<string, unknown>; changed: boolean } | { ok: false; errors: Record<string, string> };

/**
 * The `config` of a create (`POST /v1/providers`): every field given; empty ones left out (the
 * type's default applies). A required field left empty is an error.
 */
export function createPayload(fields: readonly ConfigField[], values: FormValues): ConfigPayload {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || isEmptyValue(value) || (field.kind === 'boolean' && value === false && field.defaultValue === undefined)) {
      if (field.required && field.defaultValue === undefined) errors[field.key] = 'is required';
      continue;
    }
    if (isMasked(value)) {
      errors[field.key] = 'type the value (a masked value cannot be saved on a new provider)';
      continue;
    }
    const converted = configValue(field, value);
    if ('error' in converted) errors[field.key] = converted.error;
    else config[field.key] = converted.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, config, changed: true };
}

/**
 * The `config` of an edit (`PATCH /v1/providers/:id`, merged key by key): only the fields whose
 * value differs from the stored one; a field emptied is `null` (the key is removed). A secret left
 * as its mask is not sent, so the stored secret is kept; a map of masked header values is sent
 * whole when one row changed, its untouched masks standing for the stored values (the API keeps them).
 */
export function editPayload(fields: readonly ConfigField[], initial: FormValues, values: FormValues): ConfigPayload {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const before = initial[field.key];
    const after = values[field.key];
    if (after === undefined || (before !== undefined && same(before, after))) continue;
    if (isEmptyValue(after)) {
      if (before !== undefined && !isEmptyValue(before)) {
        if (field.required && field.defaultValue === undefined) errors[field.key] = 'is required';
        else config[field.key] = null;
      }
      continue;
    }
    if (field.kind === 'secret' && isMasked(after)) continue;
    const converted = configValue(field, after);
    if ('error' in converted) errors[field.key] = converted.error;
    else config[field.key] = converted.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, config, changed: Object.keys(config).length > 0 };
}

/**
 * The field an API error names (`param`: `config.baseURL`, `config.headers.x-key`, `name`), as
 * `config:<key>` for a configuration key or the top-level field name; null when it names none.
 */
export function fieldOfParam(param: string | null | undefined): string | null {
  if (!param) return null;
  const config = /^config\.([^.[]+)/.exec(param);
  if (config) return `config:${config[1]}`;
  if (param === 'config') return 'config';
  const top = /^([^.[]+)/.exec(param);
  return top ? top[1] : null;
}
