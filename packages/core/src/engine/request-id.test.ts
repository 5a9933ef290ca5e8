import { describe, expect, it } from 'vitest';
import { isValidRequestId, newRequestId, requestIdFrom } from './request-id.js';

describe('requestIdFrom', () => {
  it('keeps a sane client id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('client-id_1:a/b')).toBe('client-id_1:a/b');
    for (const bad of [undefined, null, '', 'has space', 'x'.repeat(129), 'ünicode']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(isValidRequestId('x'.repeat(128))).toBe(true);
    expect(isValidRequestId('x'.repeat(129))).toBe(false);
  });

  it('makes version 7 UUIDs that carry their time and sort by it', () => {
    const id = newRequestId(Date.UTC(2026, 10, 24, 9, 30));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 24, 9, 30));
    const ids = [1_000, 2_000, 1_764_000_000_000, 1_764_000_000_001].map((at) => newRequestId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => newRequestId(5))).size).toBe(1000);
  });
});
