/**
 * Decides where a request goes: the model's mapping (or catalogue links),
 * else the active provider, else the default provider. The active or default
 * provider is followed by the providers of the `fallback_providers` setting
 * (comma-separated ids), so a single-provider setup can still fail over.
 */
import { ModelNotFoundError } from '../errors.js';
import type { ConfigSnapshot, ProviderEntry, RouteTarget } from '../spec/config.js';

/** A target resolved against the snapshot. */
export interface ResolvedTarget {
  /** The provider to call. */
  provider: ProviderEntry;
  /** The model name to send upstream. */
  model: string;
  /** Why this target was chosen: `mapping`, `model`, `active`, `default` or `fallback` (the `fallback_providers` setting). */
  via: 'mapping' | 'model' | 'active' | 'default' | 'fallback';
}

/** Setting: comma-separated provider ids tried, in order, after the active (or default) provider. */
export const FALLBACK_PROVIDERS_SETTING = 'fallback_providers';

const HOW_TO =
  'Add a provider with `provider-cli provider add --id <id> --type openai-compatible --config baseURL=<url>`, then `provider-cli set <id>` (or map the model with MODEL_MAPPINGS).';

/** Orders targets by priority, then weighted-random among equal priorities. */
function orderTargets(targets: readonly RouteTarget[], random: () => number): RouteTarget[] {
  const groups = new Map<number, RouteTarget[]>();
  targets.forEach((target, index) => {
    const priority = target.priority ?? index;
    const group = groups.get(priority) ?? [];
    group.push(target);
    groups.set(priority, group);
  });
  const ordered: RouteTarget[] = [];
  for (const priority of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(priority)!;
    if (group.length === 1) {
      ordered.push(group[0]);
      continue;
    }
    const pool = [...group];
    while (pool.length > 0) {
      const total = pool.reduce((sum, target) => sum + Math.max(0, target.weight ?? 1), 0);
      let pick = random() * total;
      let index = pool.findIndex((target) => (pick -= Math.max(0, target.weight ?? 1)) < 0);
      if (index < 0) index = 0;
      ordered.push(pool.splice(index, 1)[0]);
    }
  }
  return ordered;
}

/** Appends the enabled `fallback_providers` not already in the list. */
function withFallbacks(snapshot: ConfigSnapshot, targets: ResolvedTarget[], model: string): ResolvedTarget[] {
  const setting = snapshot.settings.get(FALLBACK_PROVIDERS_SETTING);
  if (!setting) return targets;
  for (const raw of setting.split(',')) {
    const id = raw.trim();
    const provider = id ? snapshot.providers.get(id) : undefined;
    if (provider?.enabled && !targets.some((target) => target.provider.id === id)) targets.push({ provider, model, via: 'fallback' });
  }
  return targets;
}

/** Resolves the ordered list of targets for a model; throws `ModelNotFoundError` with what to configure. */
export function resolveTargets(snapshot: ConfigSnapshot, model: string, random: () => number = Math.random): ResolvedTarget[] {
  const mapped = snapshot.routes.get(model);
  const linked = mapped ? undefined : snapshot.models.get(model)?.providers;
  const explicit = mapped ?? linked;
  if (explicit && explicit.length > 0) {
    const via = mapped ? 'mapping' : 'model';
    const resolved: ResolvedTarget[] = [];
    for (const target of orderTargets(explicit, random)) {
      const provider = snapshot.providers.get(target.providerId);
      if (provider?.enabled) resolved.push({ provider, model: target.model || model, via });
    }
    if (resolved.length > 0) return resolved;
    const names = explicit.map((target) => target.providerId).join(', ');
    throw new ModelNotFoundError(`Model "${model}" is routed to ${names}, but none of them exists and is enabled. Enable one with \`provider-cli provider enable <id>\` or change the mapping.`);
  }
  for (const [id, via] of [
    [snapshot.activeProviderId, 'active'],
    [snapshot.defaultProviderId, 'default'],
  ] as const) {
    if (!id) continue;
    const provider = snapshot.providers.get(id);
    if (provider?.enabled) return withFallbacks(snapshot, [{ provider, model, via }], model);
  }
  const configured = snapshot.activeProviderId ?? snapshot.defaultProviderId;
  // The chosen provider is gone or disabled: the fallbacks are exactly for that.
  const fallbacks = configured ? withFallbacks(snapshot, [], model) : [];
  if (fallbacks.length > 0) return fallbacks;
  if (configured) {
    throw new ModelNotFoundError(
      `No provider can serve model "${model}": the active provider "${configured}" is missing or disabled. Enable it, or choose another with \`provider-cli set <id>\`.`,
    );
  }
  throw new ModelNotFoundError(`No provider can serve model "${model}": no route, no active and no default provider is configured. ${HOW_TO}`);
}
