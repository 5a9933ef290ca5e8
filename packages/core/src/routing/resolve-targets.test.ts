import { describe, expect, it } from 'vitest';
import { ModelNotFoundError, RouterError } from '../errors.js';
import { createSnapshot, type StaticConfig } from '../engine/static-config.js';
import { createRoutingTable, orderTargets, resolveTargets, type ReportedModels } from './resolve-targets.js';

const providers: StaticConfig['providers'] = [
  { id: 'a', type: 'openai-compatible', config: {} },
  { id: 'b', type: 'openai-compatible', config: {} },
  { id: 'c', type: 'openai-compatible', config: {}, enabled: false },
];
const ids = (config: Partial<StaticConfig>, model = 'm') => resolveTargets(createSnapshot({ providers, ...config }), model).map((target) => `${target.provider.id}:${target.via}`);

/** Resolves against a snapshot and reported lists; answers `provider:via:model-sent` per target. */
function route(config: Partial<StaticConfig>, reported: Record<string, string[]>, model: string, hints: { provider?: string; fallback?: boolean | string } = {}, random = () => 0.99) {
  const lists: ReportedModels = new Map(Object.entries(reported).map(([id, models]) => [id, new Set(models)]));
  return createRoutingTable(createSnapshot({ providers, ...config }), lists)
    .resolve(model, hints, random)
    .map((target) => `${target.provider.id}:${target.via}:${target.model}`);
}
const errorOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return RouterError.isInstance(error) ? { status: error.status, code: error.code, param: error.param } : error;
  }
  throw new Error('expected an error');
};

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

describe('routing precedence', () => {
  const config: Partial<StaticConfig> = {
    activeProviderId: 'a',
    routes: { mapped: [{ providerId: 'b', model: 'b-name' }] },
    models: [{ id: 'linked', providers: [{ providerId: 'b' }] }],
  };
  const reported = { a: ['only-a'], b: ['mapped', 'linked', 'only-b', 'both'], c: ['only-c'] };

  it.each([
    ['a mapping wins over links, reported lists and the active provider', 'mapped', ['b:mapping:b-name']],
    ['a catalogue link wins over the active provider', 'linked', ['b:model:linked']],
    ['a model only one enabled provider reports goes there, not to the active provider', 'only-b', ['b:reported:only-b']],
    ['a model the active provider reports stays there', 'only-a', ['a:reported:only-a']],
    ['a disabled provider\'s list does not count', 'only-c', ['a:active:only-c']],
    ['an unknown model goes to the active provider', 'unknown', ['a:active:unknown']],
  ])('%s', (_, model, expected) => {
    expect(route(config, reported, model)).toEqual(expected);
  });

  it('orders the providers that report a model by priority, then the active provider, then by id', () => {
    const prioritised = providers.map((provider) => ({ ...provider, priority: provider.id === 'b' ? 1 : 5 }));
    expect(route({ providers: prioritised, activeProviderId: 'a' }, { a: ['both'], b: ['both'] }, 'both')).toEqual(['b:reported:both', 'a:reported:both']);
    expect(route({ activeProviderId: 'b' }, { a: ['both'], b: ['both'] }, 'both')).toEqual(['b:reported:both', 'a:reported:both']);
    expect(route({}, { a: ['both'], b: ['both'] }, 'both')).toEqual(['a:reported:both', 'b:reported:both']);
  });

  it('tries a catalogue model\'s links first, then the other providers that report it', () => {
    expect(route({ models: [{ id: 'x', providers: [{ providerId: 'b', model: 'x-on-b' }] }] }, { a: ['x'], b: ['x-on-b'] }, 'x')).toEqual(['b:model:x-on-b', 'a:reported:x']);
  });
});

describe('pinning', () => {
  const config: Partial<StaticConfig> = { activeProviderId: 'a', settings: { fallback_providers: 'b' } };

  it('<provider-id>/<model> pins to that enabled provider, without fallbacks', () => {
    expect(route(config, {}, 'b/some-model')).toEqual(['b:pinned:some-model']);
    expect(route(config, {}, 'b/vendor/model')).toEqual(['b:pinned:vendor/model']);
  });

  it('a model id with a slash whose prefix is no enabled provider is an ordinary model name', () => {
    expect(route(config, {}, 'meta-llama/Llama-3-8b')).toEqual(['a:active:meta-llama/Llama-3-8b', 'b:fallback:meta-llama/Llama-3-8b']);
    expect(route(config, {}, 'c/model')).toEqual(['a:active:c/model', 'b:fallback:c/model']);
    expect(route({ activeProviderId: 'a' }, { b: ['qwen/qwen3-coder'] }, 'qwen/qwen3-coder')).toEqual(['b:reported:qwen/qwen3-coder']);
  });

  it('a whole model name the router knows wins over the pinned reading of it', () => {
    expect(route(config, { a: ['b/exact'] }, 'b/exact')).toEqual(['a:reported:b/exact']);
    expect(route({ ...config, routes: { 'b/x': [{ providerId: 'a' }] } }, {}, 'b/x')).toEqual(['a:mapping:b/x']);
  });

  it('the x-router-provider header pins to that provider; x-router-fallback adds the model\'s other targets', () => {
    expect(route(config, { b: ['m'] }, 'm', { provider: 'a' })).toEqual(['a:pinned:m']);
    expect(route(config, { b: ['m'] }, 'm', { provider: 'a', fallback: 'true' })).toEqual(['a:pinned:m', 'b:reported:m']);
    expect(route(config, {}, 'x', { provider: 'b', fallback: true })).toEqual(['b:pinned:x', 'a:active:x']);
    expect(route(config, {}, 'b/x', { provider: 'b' })).toEqual(['b:pinned:x']);
    expect(route(config, {}, 'b/x', { provider: 'b', fallback: 'false' })).toEqual(['b:pinned:x']);
  });

  it('refuses a pin to an unknown or disabled provider (404) and an unreadable fallback header (400)', () => {
    expect(errorOf(() => route(config, {}, 'm', { provider: 'nope' }))).toEqual({ status: 404, code: 'provider_not_found', param: 'x-router-provider' });
    expect(errorOf(() => route(config, {}, 'm', { provider: 'c' }))).toEqual({ status: 404, code: 'provider_not_found', param: 'x-router-provider' });
    expect(errorOf(() => route(config, {}, 'm', { provider: 'a', fallback: 'yes please' }))).toEqual({ status: 400, code: 'invalid_value', param: 'x-router-fallback' });
  });
});

describe('default model', () => {
  const withDefault = providers.map((provider) => (provider.id === 'a' ? { ...provider, defaultModel: 'a-default' } : provider));
  const config: Partial<StaticConfig> = { providers: withDefault, activeProviderId: 'a', models: [{ id: 'linked', providers: [{ providerId: 'a', model: 'a-linked' }] }] };

  it('is sent instead of a model the provider does not report and is not linked to', () => {
    expect(route(config, { a: ['known'] }, 'unknown')).toEqual(['a:active:a-default']);
    expect(route(config, { a: [] }, 'unknown')).toEqual(['a:active:a-default']);
    expect(route(config, { a: ['known'] }, 'a/unknown')).toEqual(['a:pinned:a-default']);
    expect(route(config, { a: ['known'] }, 'other', { provider: 'a' })).toEqual(['a:pinned:a-default']);
  });

  it('is not used for a model the provider reports or is linked to', () => {
    expect(route(config, { a: ['known'] }, 'known')).toEqual(['a:reported:known']);
    expect(route(config, { a: ['known'] }, 'linked')).toEqual(['a:model:a-linked']);
    expect(route(config, { a: ['known'] }, 'linked', { provider: 'a' })).toEqual(['a:pinned:a-linked']);
  });

  it('is not used while the provider\'s model list is unknown: the requested name goes upstream', () => {
    expect(route(config, {}, 'unknown')).toEqual(['a:active:unknown']);
  });

  it('applies to fallback providers too', () => {
    const both = withDefault.map((provider) => (provider.id === 'b' ? { ...provider, defaultModel: 'b-default' } : provider));
    expect(route({ providers: both, activeProviderId: 'a', settings: { fallback_providers: 'b' } }, { a: ['x'], b: ['y'] }, 'z')).toEqual(['a:active:a-default', 'b:fallback:b-default']);
  });
});

describe('equal priorities', () => {
  it('catalogue links of equal priority are tried in order (failover), whatever the random source', () => {
    const models = [{ id: 'm', providers: [{ providerId: 'a', priority: 100 }, { providerId: 'b', priority: 100 }] }];
    for (const value of [0, 0.5, 0.99]) {
      expect(resolveTargets(createSnapshot({ providers, models }), 'm', () => value).map((target) => target.provider.id)).toEqual(['a', 'b']);
    }
  });

  it('targets of equal priority without weights keep their order; with weights they share load', () => {
    const unweighted = [{ providerId: 'a', priority: 1 }, { providerId: 'b', priority: 1 }];
    expect(orderTargets(unweighted, () => 0.99).map((target) => target.providerId)).toEqual(['a', 'b']);
    const weighted = [{ providerId: 'a', priority: 1, weight: 1 }, { providerId: 'b', priority: 1, weight: 3 }];
    expect(orderTargets(weighted, () => 0.1).map((target) => target.providerId)).toEqual(['a', 'b']);
    expect(orderTargets(weighted, () => 0.5).map((target) => target.providerId)).toEqual(['b', 'a']);
  });
});

describe('the model list agrees with routing', () => {
  it('names each listed model\'s owner as the provider a request goes to first, and lists pinned forms on request', () => {
    const table = createRoutingTable(
      createSnapshot({ providers, activeProviderId: 'a', routes: { alias: [{ providerId: 'b', model: 'x' }] }, models: [{ id: 'linked', providers: [{ providerId: 'c' }, { providerId: 'b' }] }] }),
      new Map([['a', new Set(['only-a'])], ['b', new Set(['only-b', 'a/only-a'])], ['c', new Set(['only-c'])]]),
    );
    expect(table.names()).toEqual([['alias', 'b'], ['linked', 'b'], ['only-a', 'a'], ['only-b', 'b'], ['a/only-a', 'b']]);
    for (const [name, owner] of table.names(true)) expect([name, table.resolve(name, {}, () => 0)[0].provider.id]).toEqual([name, owner]);
    expect(table.names(true).map(([name]) => name)).toEqual(['alias', 'linked', 'only-a', 'only-b', 'a/only-a', 'b/alias', 'b/linked', 'b/only-b', 'b/a/only-a']);
  });
});
