import { describe, expect, it } from 'vitest';
import { configFields, createPayload, editPayload, fieldOfParam, formValues, type ProviderType } from './config-form.ts';

/** The groq preset as `GET /v1/provider-types` describes it (the server's own output, trimmed of nothing that matters here). */
const groq: ProviderType = {
  type: 'groq',
  description: 'Groq.',
  secretKeys: ['apiKey'],
  required: ['apiKey'],
  defaults: { baseURL: 'https://api.groq.com/openai/v1' },
  configSchema: {
    type: 'object',
    properties: {
      baseURL: { default: 'https://api.groq.com/openai/v1', type: 'string' },
      apiKey: { type: 'string', minLength: 1, secret: true },
      headers: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } },
      extraBody: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
      timeout: { type: 'integer', exclusiveMinimum: 0, maximum: 3600000 },
      apis: { type: 'array', items: { type: 'string', enum: ['embeddings', 'completions', 'responses'] } },
      toolMode: { type: 'string', enum: ['native', 'xml'] },
    },
    required: ['apiKey'],
    additionalProperties: {},
  },
};

describe('configFields', () => {
  it('makes a field per schema property, required first, each with the editor its type needs', () => {
    const fields = configFields(groq);
    expect(fields.map((field) => [field.key, field.kind, field.required])).toEqual([
      ['apiKey', 'secret', true],
      ['baseURL', 'string', false],
      ['headers', 'string-map', false],
      ['extraBody', 'json', false],
      ['timeout', 'number', false],
      ['apis', 'enum-list', false],
      ['toolMode', 'enum', false],
    ]);
    expect(fields.find((field) => field.key === 'baseURL')?.defaultValue).toBe('https://api.groq.com/openai/v1');
    expect(fields.find((field) => field.key === 'toolMode')?.options).toEqual(['native', 'xml']);
    expect(fields.find((field) => field.key === 'headers')?.secretValues).toBe(true);
    expect(fields.find((field) => field.key === 'timeout')?.integer).toBe(true);
  });

  it('adds the stored keys the schema does not name, secret when masked or named like a secret', () => {
    const fields = configFields(groq, { apiKey: '••••abcd', region: 'eu', sessionToken: '••••', retries: 3, flags: { a: 1 } });
    expect(fields.filter((field) => field.extra).map((field) => [field.key, field.kind])).toEqual([['region', 'string'], ['sessionToken', 'secret'], ['retries', 'number'], ['flags', 'json']]);
  });

  it('without a schema, makes every stored key a field', () => {
    expect(configFields(null, { baseURL: 'http://x', apiKey: '••••' }).map((field) => [field.key, field.kind])).toEqual([['baseURL', 'string'], ['apiKey', 'secret']]);
  });
});

describe('createPayload', () => {
  const fields = configFields(groq);

  it('sends every value given, converted, and leaves empty fields out so defaults apply', () => {
    const values = { ...formValues(fields), apiKey: 'gsk_secret_value', timeout: '5000', apis: ['responses'], headers: [['x-team', 'a'], ['', '']] as [string, string][], extraBody: '{"top_k": 20}' };
    expect(createPayload(fields, values)).toEqual({ ok: true, changed: true, config: { apiKey: 'gsk_secret_value', timeout: 5000, apis: ['responses'], headers: { 'x-team': 'a' }, extraBody: { top_k: 20 } } });
  });

  it('reports each bad field: required, not a number, not JSON, a header twice', () => {
    const values = { ...formValues(fields), timeout: 'soon', extraBody: '{', headers: [['a', '1'], ['a', '2']] as [string, string][] };
    expect(createPayload(fields, values)).toEqual({ ok: false, errors: { apiKey: 'is required', timeout: 'must be a number', extraBody: 'must be valid JSON', headers: '"a" is given twice' } });
    expect(createPayload(fields, { ...formValues(fields), apiKey: 'k', timeout: '1.5' })).toMatchObject({ ok: false, errors: { timeout: 'must be a whole number' } });
  });
});

describe('editPayload', () => {
  const stored = { apiKey: '••••cdef', baseURL: 'https://proxy.example/v1', headers: { 'x-key': '••••7890', 'x-team': '••••' }, timeout: 30000 };
  const fields = configFields(groq, stored);
  const initial = formValues(fields, stored);

  it('sends nothing when nothing changed: the masked secret is kept', () => {
    expect(editPayload(fields, initial, { ...initial })).toEqual({ ok: true, changed: false, config: {} });
  });

  it('sends only the changed keys; a secret left as its mask is not sent', () => {
    const values = { ...initial, timeout: '60000', toolMode: 'xml' };
    expect(editPayload(fields, initial, values)).toEqual({ ok: true, changed: true, config: { timeout: 60000, toolMode: 'xml' } });
  });

  it('sends a secret typed over its mask as typed', () => {
    expect(editPayload(fields, initial, { ...initial, apiKey: 'gsk_new_key' })).toMatchObject({ config: { apiKey: 'gsk_new_key' } });
  });

  it('removes an emptied key with null; a required one cannot be emptied', () => {
    expect(editPayload(fields, initial, { ...initial, baseURL: '', timeout: '' })).toEqual({ ok: true, changed: true, config: { baseURL: null, timeout: null } });
    expect(editPayload(fields, initial, { ...initial, apiKey: '' })).toEqual({ ok: false, errors: { apiKey: 'is required' } });
  });

  it('sends a header map whole when one row changed, its untouched masks standing for the stored values', () => {
    const headers = initial.headers as [string, string][];
    const values = { ...initial, headers: [...headers, ['x-new', 'v']] as [string, string][] };
    expect(editPayload(fields, initial, values)).toEqual({ ok: true, changed: true, config: { headers: { 'x-key': '••••7890', 'x-team': '••••', 'x-new': 'v' } } });
  });
});

describe('fieldOfParam', () => {
  it('names the form field an API error points at', () => {
    expect(fieldOfParam('config.baseURL')).toBe('config:baseURL');
    expect(fieldOfParam('config.headers.x-key')).toBe('config:headers');
    expect(fieldOfParam('config.apis[0]')).toBe('config:apis');
    expect(fieldOfParam('id')).toBe('id');
    expect(fieldOfParam('config')).toBe('config');
    expect(fieldOfParam(null)).toBeNull();
  });
});
