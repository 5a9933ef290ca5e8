import { describe, expect, it } from 'vitest';
import { forceReason, needsForce, rolesOf } from './provider-rules.ts';

const setting = (id: string | null) => ({ providerId: id, effective: id, source: id ? ('database' as const) : null });

describe('provider delete rules', () => {
  it('asks for an explicit confirmation for the active or default provider only', () => {
    const settings = { activeProvider: setting('a'), defaultProvider: setting('b') };
    expect(forceReason('a', settings)).toBe('a is the active provider (requests without a mapping go to it).');
    expect(forceReason('b', settings)).toBe('b is the default provider (the fallback when nothing else matches).');
    expect(forceReason('a', { activeProvider: setting('a'), defaultProvider: setting('a') })).toContain('active provider (requests without a mapping go to it) and the default provider');
    expect(forceReason('c', settings)).toBeNull();
    expect(forceReason('a', undefined)).toBeNull();
    // the legacy DEFAULT_PROVIDER (effective, not stored) counts too
    expect(forceReason('e', { activeProvider: setting(null), defaultProvider: { providerId: null, effective: 'e', source: 'env' } })).toContain('default provider');
  });

  it('knows the API refusal a forced delete gets past', () => {
    expect(needsForce({ status: 400, param: 'force', code: 'provider_active' })).toBe(true);
    expect(needsForce({ status: 404, param: 'id' })).toBe(false);
    expect(needsForce(null)).toBe(false);
  });

  it('labels the row of the active and the default provider', () => {
    expect(rolesOf('a', { activeProvider: setting('a'), defaultProvider: setting('a') })).toEqual(['active', 'default']);
    expect(rolesOf('b', { activeProvider: setting('a'), defaultProvider: setting(null) })).toEqual([]);
  });
});
