import { describe, expect, it } from 'vitest';
import { isValidRequestId, requestIdFrom } from './request-id.js';

describe('requestIdFrom', () => {
  it('keeps a sane client id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('client-id_1:a/b')).toBe('client-id_1:a/b');
    for (const bad of [undefined, null, '', 'has space', 'x'.repeat(129), 'ünicode']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(isValidRequestId('x'.repeat(128))).toBe(true);
    expect(isValidRequestId('x'.repeat(129))).toBe(false);
  });
});
