/** The secret values of whole configurations: a provider's, and every provider's in a snapshot (cached per object). */
import { createAdapterRegistry, secretRulesFor, type AdapterRegistry } from './providers/registry.js';
import { broadSecrets, secretValuesOf } from './secrets.js';
import type { ConfigSnapshot, ProviderEntry } from './spec/config.js';

let builtins: AdapterRegistry | undefined;
const byProvider = new WeakMap<ProviderEntry, WeakMap<AdapterRegistry, readonly string[]>>();
const bySnapshot = new WeakMap<ConfigSnapshot, WeakMap<AdapterRegistry, readonly string[]>>();
const broadBySnapshot = new WeakMap<ConfigSnapshot, WeakMap<AdapterRegistry, readonly string[]>>();

function cached<K extends object>(cache: WeakMap<K, WeakMap<AdapterRegistry, readonly string[]>>, key: K, registry: AdapterRegistry, compute: () => readonly string[]): readonly string[] {
  let inner = cache.get(key);
  if (!inner) cache.set(key, (inner = new WeakMap()));
  let list = inner.get(registry);
  if (!list) inner.set(registry, (list = compute()));
  return list;
}

/** Every secret value of one provider (its config, with its adapter's marked keys), longest first; cached per entry. */
export function providerSecretValues(provider: ProviderEntry, registry: AdapterRegistry = (builtins ??= createAdapterRegistry())): readonly string[] {
  return cached(byProvider, provider, registry, () => secretValuesOf(provider.config, secretRulesFor(registry, provider.type)));
}

/** Every secret value of every provider in a snapshot, longest first; cached per snapshot. */
export function secretValuesOfSnapshot(snapshot: ConfigSnapshot, registry: AdapterRegistry = (builtins ??= createAdapterRegistry())): readonly string[] {
  return cached(bySnapshot, snapshot, registry, () => {
    const found = new Set<string>();
    for (const provider of snapshot.providers.values()) for (const secret of providerSecretValues(provider, registry)) found.add(secret);
    return [...found].sort((a, b) => b.length - a.length);
  });
}

/**
 * The secrets of every provider in a snapshot that are worth looking for in any text (`broadSecrets`):
 * what redacts text that is not one provider's own, such as the request log. Cached per snapshot.
 */
export function broadSecretValuesOfSnapshot(snapshot: ConfigSnapshot, registry: AdapterRegistry = (builtins ??= createAdapterRegistry())): readonly string[] {
  return cached(broadBySnapshot, snapshot, registry, () => broadSecrets(secretValuesOfSnapshot(snapshot, registry)));
}
