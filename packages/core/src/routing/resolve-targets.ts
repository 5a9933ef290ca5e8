/**
 * Decides where a request goes. The precedence, first match wins:
 *
 * 1. a pin: the `x-router-provider` header (`RouteHints.provider`);
 * 2. the model's mapping;
 * 3. the providers the model is linked to in the catalogue (by link priority), then the enabled
 *    providers that report the model in their own model list (by provider priority);
 * 4. a pin in the name: `<provider-id>/<model>` when `<provider-id>` is an enabled provider
 *    (any other name with a slash is an ordinary model name);
 * 5. the active provider, else the default provider, followed by the providers of the
 *    `fallback_providers` setting (comma-separated ids).
 *
 * A pinned request goes to that provider only, unless `RouteHints.fallback` asks for the
 * targets the model would otherwise have (steps 2, 3 and 5) after it.
 *
 * The model sent to a provider: the mapping's or link's upstream name; else the requested name
 * when the provider reports it or its model list is unknown; else (the provider's list is known
 * and lacks the model) the provider's default model when it has one.
 *
 * Everything that does not depend on the request is computed once per configuration snapshot
 * and model-list refresh (`createRoutingTable`); resolving a request is a few map lookups.
 */
import { InvalidRequestError, ModelNotFoundError, NotFoundError } from '../errors.js';
import type { ConfigSnapshot, ModelEntry, ProviderEntry, RouteTarget } from '../spec/config.js';
import { rendezvousOrder } from './sticky.js';

/** Why a target was chosen. */
export type RouteVia = 'pinned' | 'mapping' | 'model' | 'reported' | 'active' | 'default' | 'fallback';

/** A target resolved against the snapshot. */
export interface ResolvedTarget {
  /** The provider to call. */
  provider: ProviderEntry;
  /** The model name to send upstream. */
  model: string;
  /**
   * Why this target was chosen: `pinned` (header or `<provider-id>/` prefix), `mapping`, `model` (catalogue
   * link), `reported` (the provider's own model list), `active`, `default` or `fallback` (the `fallback_providers` setting).
   */
  via: RouteVia;
}

/** What the request itself says about routing. */
export interface RouteHints {
  /** Pin the request to this provider id (the `x-router-provider` header). */
  provider?: string | null;
  /**
   * After the pinned provider, try the targets the model would otherwise have (the `x-router-fallback` header:
   * `true`/`false`, `1`/`0`; any other text is refused with 400).
   */
  fallback?: boolean | string | null;
  /**
   * The request's stickiness key (`routing/sticky.ts`): targets that share load by weight are ordered by a
   * stable hash of it instead of at random, so the same key always gets the same arm and failover order.
   */
  stickyKey?: string | null;
}

/** Model ids each provider reported at its last successful model-list refresh (absent: not known). */
export type ReportedModels = ReadonlyMap<string, ReadonlySet<string>>;

/** Setting: comma-separated provider ids tried, in order, after the active (or default) provider. */
export const FALLBACK_PROVIDERS_SETTING = 'fallback_providers';

/** Request header that pins a request to a provider. */
export const PIN_HEADER = 'x-router-provider';
/** Request header that lets a pinned request fail over to the model's other targets. */
export const FALLBACK_HEADER = 'x-router-fallback';

const HOW_TO =
  'Add a provider with `provider-cli provider add --id <id> --type openai-compatible --config baseURL=<url>`, then `provider-cli set <id>` (or map the model with MODEL_MAPPINGS).';

const NO_REPORTS: ReportedModels = new Map();
const EMPTY: readonly ResolvedTarget[] = [];

/**
 * Orders targets by priority (targets without one keep their position). Targets of equal priority
 * keep their order (failover), unless one of them sets a `weight`: then they share load by weight,
 * chosen at random, or with a `stickyKey` by its rendezvous hash (the same key, the same order).
 */
export function orderTargets(targets: readonly RouteTarget[], random: () => number, stickyKey?: string | null): RouteTarget[] {
  const groups = new Map<number, RouteTarget[]>();
  targets.forEach((target, index) => {
    const priority = target.priority ?? index;
    const group = groups.get(priority);
    if (group) group.push(target);
    else groups.set(priority, [target]);
  });
  const ordered: RouteTarget[] = [];
  for (const priority of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(priority)!;
    if (group.length === 1 || !group.some((target) => target.weight !== undefined && target.weight !== null)) {
      ordered.push(...group);
      continue;
    }
    if (stickyKey) {
      ordered.push(...rendezvousOrder(group, stickyKey));
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

/** Reads the fallback hint: a boolean, or the header's text. */
function fallbackWanted(value: RouteHints['fallback']): boolean {
  if (value === undefined || value === null || typeof value === 'boolean') return value === true;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0' || text === '') return false;
  throw new InvalidRequestError(`The ${FALLBACK_HEADER} header must be "true" or "false", got "${value.slice(0, 40)}".`, FALLBACK_HEADER, 'invalid_value');
}

/** Routing lookups precomputed for one configuration snapshot and one set of reported model lists. */
export interface RoutingTable {
  readonly snapshot: ConfigSnapshot;
  readonly reported: ReportedModels;
  /** The ordered targets for a request's model; throws `ModelNotFoundError` (or a 400/404 for a bad pin) with what to configure. */
  resolve(model: string, hints?: RouteHints, random?: () => number): readonly ResolvedTarget[];
  /** The model name sent to `provider` for a requested `model` (mapping or link name, the requested name, or the default model). */
  upstreamModel(provider: ProviderEntry, model: string): string;
  /** Every model name a client can ask for, with the provider that serves it first; with `pinned`, also every `<provider-id>/<model>` form. */
  names(pinned?: boolean): readonly (readonly [name: string, owner: string])[];
}

/** Builds the routing lookups for a snapshot and the model lists providers reported. */
export function createRoutingTable(snapshot: ConfigSnapshot, reported: ReportedModels = NO_REPORTS): RoutingTable {
  const { providers } = snapshot;
  const enabled = (id: string) => providers.get(id)?.enabled === true;
  const rank = (provider: ProviderEntry) => (provider.id === snapshot.activeProviderId ? 0 : provider.id === snapshot.defaultProviderId ? 1 : 2);
  /** Enabled providers by priority; among equals the active, then the default provider, then by id. */
  const ordered = [...providers.values()]
    .filter((provider) => provider.enabled)
    .sort((a, b) => a.priority - b.priority || rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Per provider: the model names configuration gives it (mapping targets, then catalogue links) → upstream name.
  const named = new Map<string, Map<string, string>>();
  const name = (providerId: string, model: string, upstream: string | null | undefined) => {
    let names = named.get(providerId);
    if (!names) named.set(providerId, (names = new Map()));
    if (!names.has(model)) names.set(model, upstream || model);
  };
  for (const [model, targets] of snapshot.routes) for (const target of targets) name(target.providerId, model, target.model);
  for (const model of snapshot.models.values()) for (const link of model.providers) name(link.providerId, model.id, link.model);

  // Model name → the enabled providers that report it, in provider order.
  const reporters = new Map<string, ProviderEntry[]>();
  for (const provider of ordered) {
    for (const id of reported.get(provider.id) ?? []) {
      const list = reporters.get(id);
      if (list) list.push(provider);
      else reporters.set(id, [provider]);
    }
  }

  /** A catalogue model's targets: its links in order, then the providers that report it. */
  function catalogueTargets(model: ModelEntry, random: () => number, stickyKey?: string | null): ResolvedTarget[] {
    const targets: ResolvedTarget[] = [];
    for (const link of orderTargets(model.providers, random, stickyKey)) {
      const provider = providers.get(link.providerId);
      if (provider?.enabled && !targets.some((target) => target.provider === provider)) targets.push({ provider, model: link.model || model.id, via: 'model' });
    }
    for (const provider of reporters.get(model.id) ?? []) {
      if (!targets.some((target) => target.provider === provider)) targets.push({ provider, model: model.id, via: 'reported' });
    }
    return targets;
  }

  // Catalogue and reported models without a mapping: their targets are computed here once, except for
  // catalogue links that share load by weight (ordered per request).
  const known = new Map<string, readonly ResolvedTarget[] | ModelEntry>();
  for (const model of snapshot.models.values()) {
    if (snapshot.routes.has(model.id)) continue;
    if (model.providers.some((link) => link.weight !== undefined && link.weight !== null)) known.set(model.id, model);
    else if (model.providers.length > 0 || reporters.has(model.id)) known.set(model.id, catalogueTargets(model, () => 0));
  }
  for (const [model, list] of reporters) {
    if (known.has(model) || snapshot.routes.has(model)) continue;
    known.set(model, list.map((provider) => ({ provider, model, via: 'reported' as const })));
  }
  const targetsOf = (entry: readonly ResolvedTarget[] | ModelEntry, random: () => number, stickyKey?: string | null): readonly ResolvedTarget[] =>
    Array.isArray(entry) ? entry : catalogueTargets(entry as ModelEntry, random, stickyKey);

  function upstreamModel(provider: ProviderEntry, model: string): string {
    const configured = named.get(provider.id)?.get(model);
    if (configured) return configured;
    const list = reported.get(provider.id);
    if (!list || list.has(model) || !provider.defaultModel) return model;
    return provider.defaultModel;
  }

  /** Steps 2 and 3: the model is known by its whole name. */
  function byName(model: string, random: () => number, stickyKey?: string | null): readonly ResolvedTarget[] | undefined {
    const mapped = snapshot.routes.get(model);
    if (mapped && mapped.length > 0) {
      const resolved: ResolvedTarget[] = [];
      for (const target of orderTargets(mapped, random, stickyKey)) {
        const provider = providers.get(target.providerId);
        if (provider?.enabled) resolved.push({ provider, model: target.model || model, via: 'mapping' });
      }
      if (resolved.length > 0) return resolved;
      const names = mapped.map((target) => target.providerId).join(', ');
      throw new ModelNotFoundError(`Model "${model}" is routed to ${names}, but none of them exists and is enabled. Enable one with \`provider-cli provider enable <id>\` or change the mapping.`);
    }
    const entry = known.get(model);
    if (!entry) return undefined;
    const targets = targetsOf(entry, random, stickyKey);
    if (targets.length > 0) return targets;
    const names = snapshot.models.get(model)!.providers.map((link) => link.providerId).join(', ');
    throw new ModelNotFoundError(`Model "${model}" is linked to ${names}, but none of them exists and is enabled, and no enabled provider reports it. Enable one with \`provider-cli provider enable <id>\` or link it to another provider.`);
  }

  /** Appends the enabled `fallback_providers` not already in the list. */
  function withFallbacks(targets: ResolvedTarget[], model: string): ResolvedTarget[] {
    const setting = snapshot.settings.get(FALLBACK_PROVIDERS_SETTING);
    if (!setting) return targets;
    for (const raw of setting.split(',')) {
      const id = raw.trim();
      const provider = id ? providers.get(id) : undefined;
      if (provider?.enabled && !targets.some((target) => target.provider.id === id)) targets.push({ provider, model: upstreamModel(provider, model), via: 'fallback' });
    }
    return targets;
  }

  /** Step 5. */
  function byActive(model: string): ResolvedTarget[] {
    // the active provider, else the default one (no lists built for the lookup: this is the usual route of a request)
    const active = snapshot.activeProviderId ? providers.get(snapshot.activeProviderId) : undefined;
    if (active?.enabled) return withFallbacks([{ provider: active, model: upstreamModel(active, model), via: 'active' }], model);
    const fallbackDefault = snapshot.defaultProviderId ? providers.get(snapshot.defaultProviderId) : undefined;
    if (fallbackDefault?.enabled) return withFallbacks([{ provider: fallbackDefault, model: upstreamModel(fallbackDefault, model), via: 'default' }], model);
    const configured = snapshot.activeProviderId ?? snapshot.defaultProviderId;
    // The chosen provider is gone or disabled: the fallbacks are exactly for that.
    const fallbacks = configured ? withFallbacks([], model) : [];
    if (fallbacks.length > 0) return fallbacks;
    if (configured) {
      throw new ModelNotFoundError(
        `No provider can serve model "${model}": the active provider "${configured}" is missing or disabled. Enable it, or choose another with \`provider-cli set <id>\`.`,
      );
    }
    throw new ModelNotFoundError(`No provider can serve model "${model}": no route, no active and no default provider is configured. ${HOW_TO}`);
  }

  function pinned(provider: ProviderEntry, model: string, fallback: boolean, random: () => number, stickyKey?: string | null): readonly ResolvedTarget[] {
    const first: ResolvedTarget = { provider, model: upstreamModel(provider, model), via: 'pinned' };
    if (!fallback) return [first];
    let rest: readonly ResolvedTarget[] = EMPTY;
    try {
      rest = byName(model, random, stickyKey) ?? byActive(model);
    } catch (error) {
      if (!(error instanceof ModelNotFoundError)) throw error;
    }
    return [first, ...rest.filter((target) => target.provider !== provider)];
  }

  function resolve(model: string, hints: RouteHints = {}, random: () => number = Math.random): readonly ResolvedTarget[] {
    const fallback = fallbackWanted(hints.fallback);
    const pin = hints.provider?.trim();
    if (pin) {
      const provider = providers.get(pin);
      if (!provider?.enabled) {
        const why = provider ? 'is disabled' : 'does not exist';
        throw new NotFoundError(`Provider "${pin.slice(0, 100)}" named by the ${PIN_HEADER} header ${why}. See \`provider-cli provider list\`.`, 'provider_not_found', PIN_HEADER);
      }
      // `x-router-provider: b` with `model: "b/m"`: the prefix names the same provider.
      const prefixed = model.startsWith(`${pin}/`) && !named.get(pin)?.has(model) && !reported.get(pin)?.has(model);
      return pinned(provider, prefixed ? model.slice(pin.length + 1) : model, fallback, random, hints.stickyKey);
    }
    const found = byName(model, random, hints.stickyKey);
    if (found) return found;
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = providers.get(model.slice(0, slash));
      if (provider?.enabled) return pinned(provider, model.slice(slash + 1), fallback, random);
    }
    return byActive(model);
  }

  let plain: (readonly [string, string])[] | undefined;
  let all: (readonly [string, string])[] | undefined;
  function names(withPinned = false): readonly (readonly [string, string])[] {
    if (!plain) {
      plain = [];
      for (const [model, targets] of snapshot.routes) {
        const owner = orderTargets(targets, () => 0).find((target) => enabled(target.providerId));
        if (owner) plain.push([model, owner.providerId]);
      }
      for (const [model, entry] of known) {
        const first = targetsOf(entry, () => 0)[0];
        if (first) plain.push([model, first.provider.id]);
      }
    }
    if (!withPinned) return plain;
    if (!all) {
      all = [...plain];
      const seen = new Set(plain.map(([model]) => model));
      for (const provider of ordered) {
        const served = new Set([...(named.get(provider.id)?.keys() ?? []), ...(reported.get(provider.id) ?? [])]);
        for (const model of served) {
          const id = `${provider.id}/${model}`;
          // A whole name that is known wins over the pinned reading of it (and is listed already).
          if (seen.has(id) || known.has(id) || snapshot.routes.has(id)) continue;
          seen.add(id);
          all.push([id, provider.id]);
        }
      }
    }
    return all;
  }

  return { snapshot, reported, resolve, upstreamModel, names };
}

/**
 * Resolves the ordered list of targets for a model; throws `ModelNotFoundError` with what to configure.
 * Builds the lookups for this one call: the router keeps a `createRoutingTable` per snapshot instead.
 */
export function resolveTargets(
  snapshot: ConfigSnapshot,
  model: string,
  random: () => number = Math.random,
  options: RouteHints & { reported?: ReportedModels } = {},
): ResolvedTarget[] {
  return [...createRoutingTable(snapshot, options.reported).resolve(model, options, random)];
}
