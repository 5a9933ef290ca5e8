import { describe, expect, it } from 'vitest';
import { configKeyIssue, formatFieldPath, isConfigKey, prototypeKeyPath } from './config-key.js';

describe('config keys', () => {
  it('finds a prototype name used as a key at any depth, naming its path; values with those names are fine', () => {
    expect(prototypeKeyPath({ a: [{ b: 1 }, { constructor: 2 }] })).toBe('a[1].constructor');
    expect(prototypeKeyPath({ a: ['__proto__', 'constructor'] })).toBeNull();
    expect(prototypeKeyPath(JSON.parse('{"x":{"y":{"__proto__":{}}}}'))).toBe('x.y.__proto__');
  });

  it('names fields as OpenAI does', () => {
    expect(formatFieldPath(['targets', 0, 'providerId'])).toBe('targets[0].providerId');
    expect(formatFieldPath([])).toBe('');
  });

  it('says which key of a config is refused, and why', () => {
    expect(isConfigKey('headers.x-a')).toBe(true);
    expect(configKeyIssue({ baseURL: 'x', 'bad key': 1 })).toEqual({ field: 'bad key', message: expect.stringMatching(/^config keys are letters/) });
    expect(configKeyIssue({ headers: [JSON.parse('{"prototype":1}')] })).toEqual({ field: 'headers[0].prototype', message: expect.stringMatching(/not allowed as keys/) });
    expect(configKeyIssue({ baseURL: 'x', headers: { 'x-a': '1' } })).toBeNull();
  });
});
