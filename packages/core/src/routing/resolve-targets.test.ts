import { describe, expect, it } from 'vitest';
import { ModelNotFoundError } from '../errors.js';
import { createSnapshot, type StaticConfig } from '../engine/static-config.js';
import { resolveTargets } from './resolve-targets.js';

const providers: StaticConfig['providers'] = [
  { id: 'a', type: 'openai-compatible', config: {} },
  { id: 'b', type: 'openai-compatible', config: {} },
  { id: 'c', type: 'openai-compatible', config: {}, enabled: false },
];
const ids = (config: Partial<StaticConfig>, model = 'm') => resolveTargets(createSnapshot({ providers, ...config }), model).map((target) => `${target.provider.id}:${target.via}`);

describe('resolveTargets', () => {
  it('orders mapping targets by priority, skipping disabled providers', () => {
    expect(ids({ routes: { m: [{ providerId: 'c' }, { providerId: 'b', priority: 0 }, { providerId: 'a', priority: 1 }] } })).toEqual(['b:mapping', 'a:mapping']);
  });

  it('follows the active provider with the fallback_providers setting', () => {
    expect(ids({ activeProviderId: 'a', settings: { fallback_providers: 'b,c,a' } })).toEqual(['a:active', 'b:fallback']);
  });

  it('uses the fallbacks when the active provider is disabled', () => {
    expect(ids({ activeProviderId: 'c', settings: { fallback_providers: 'b' } })).toEqual(['b:fallback']);
  });

  it('throws model_not_found with what to configure when nothing can serve the model', () => {
    expect(() => ids({})).toThrow(ModelNotFoundError);
    expect(() => ids({ activeProviderId: 'c' })).toThrow(/disabled/);
  });
});
