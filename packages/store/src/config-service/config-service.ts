/**
 * The configuration service: every management rule and every multi-step write, in one place.
 * The REST API and the CLI (on the database) are thin callers of it, so they cannot disagree.
 * Each operation checks everything before its first write, then runs all its writes in one batch
 * (one transaction): a failure changes nothing. Errors are the router's typed errors (status,
 * code, param, message): 400 for bad input and for a change the configuration forbids (never 409,
 * which HTTP clients retry), 404 for what does not exist.
 */
import { InvalidRequestError, NotFoundError, unresolvedMask, validateProviderConfig, type RouteTarget } from '@router/core';
import { assertModelId, assertProviderId } from '../ids.js';
import type { ChangeSource } from '../repositories/history.js';
import type { MappingRecord } from '../repositories/mappings.js';
import type { ModelInput, ModelRecord } from '../repositories/models.js';
import type { PriceRecord } from '../repositories/prices.js';
import { normalizePriceInput } from './price-input.js';
import type { ProviderInput, ProviderPatch, ProviderRecord } from '../repositories/providers.js';
import { SETTING } from '../repositories/settings.js';
import { runBatch, type Statement } from '../repositories/statements.js';
import type { Store } from '../store.js';
import { normalizeTunableSetting } from '../tunable-settings.js';
import type { RouteOptionsRecord } from '../repositories/route-options.js';
import { applyRouteOptionsPatch, type RouteOptionsPatch } from './route-options-patch.js';
import { createClientKeyOperations } from './client-key-operations.js';

/** Provider ids the management API's fixed routes would shadow (`/v1/providers/health`). */
export const RESERVED_PROVIDER_IDS: ReadonlySet<string> = new Set(['health']);

/** A provider link given with a model. */
export interface ModelLinkInput {
  providerId: string;
  upstreamModel?: string | null;
  priority?: number;
}

/** What `removeProvider` did. */
export interface ProviderRemoval {
  /** The removed provider (secrets in clear: mask before showing). */
  removed: ProviderRecord;
  wasActive: boolean;
  wasDefault: boolean;
  /** Mappings that lost this provider's targets. */
  mappingsChanged: string[];
  /** Mappings that had no other target and are gone. */
  mappingsRemoved: string[];
}

/** Options of `createConfigService`. */
export interface ConfigServiceOptions {
  /** Which door the changes come through (recorded in the history). */
  source: ChangeSource;
}

/** Throws a 400 when an update carries a mask with no stored secret behind it. */
function assertNoUnresolvedMask(update: Record<string, unknown>, stored: Record<string, unknown>): void {
  const param = unresolvedMask(update, stored);
  if (param) throw new InvalidRequestError(`${param} is a masked placeholder with no stored secret behind it; send the real value.`, param, 'masked_value');
}

/** Creates the configuration service over a store. */
export function createConfigService(store: Store, options: ConfigServiceOptions) {
  const { source } = options;
  const run = (statements: Statement[]) => runBatch(store.db, statements);

  async function providerExists(id: string, param: string): Promise<void> {
    if (!(await store.providers.find(id))) throw new NotFoundError(`Provider "${id}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', param);
  }

  async function modelOrNull(id: string): Promise<ModelRecord | null> {
    return (await store.models.list()).find((model) => model.id === id) ?? null;
  }

  async function getModel(id: string, param = 'id'): Promise<ModelRecord> {
    const found = await modelOrNull(id);
    if (!found) throw new NotFoundError(`Model "${id}" does not exist. See \`provider-cli model list\`.`, 'model_not_found', param);
    return found;
  }

  async function checkLinks(links: readonly ModelLinkInput[] | undefined, param: string): Promise<void> {
    if (!links?.length) return;
    const known = new Set((await store.providers.list()).map((provider) => provider.id));
    links.forEach((link, index) => {
      if (!known.has(link.providerId)) throw new NotFoundError(`Provider "${link.providerId}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', `${param}[${index}].providerId`);
    });
  }

  return {
    /** Adds a provider (its config validated for its type). */
    async addProvider(input: ProviderInput): Promise<ProviderRecord> {
      const id = assertProviderId(input.id);
      if (RESERVED_PROVIDER_IDS.has(id)) throw new InvalidRequestError(`"${id}" is reserved by the API; choose another id.`, 'id', 'invalid_id');
      assertNoUnresolvedMask(input.config ?? {}, {});
      await run(await store.providers.planCreate(input, source));
      return store.providers.get(id);
    },

    /** Changes a provider: `config` is merged key by key (null removes a key) unless `replaceConfig`. */
    async updateProvider(id: string, patch: ProviderPatch, change: { replaceConfig?: boolean } = {}): Promise<ProviderRecord> {
      const before = await store.providers.get(id);
      if (patch.config) assertNoUnresolvedMask(patch.config, before.config);
      await run(store.providers.planUpdate(before, patch, source, change));
      return store.providers.get(id);
    },

    /** Replaces a provider's whole configuration. */
    async replaceProviderConfig(id: string, config: Record<string, unknown>): Promise<ProviderRecord> {
      return this.updateProvider(id, { config }, { replaceConfig: true });
    },

    /** Sets (or, with null, removes) one configuration key. */
    async setProviderConfigValue(id: string, key: string, value: unknown): Promise<ProviderRecord> {
      const before = await store.providers.get(id);
      if (value === null && !(key in before.config)) throw new NotFoundError(`Provider "${id}" has no config key "${key}".`, 'config_key_not_found', 'key');
      assertNoUnresolvedMask({ [key]: value }, before.config);
      await run(store.providers.planUpdate(before, { config: { [key]: value } }, source));
      return store.providers.get(id);
    },

    /** Enables or disables a provider; writes nothing (and records no change) when it already is. */
    async setProviderEnabled(id: string, enabled: boolean): Promise<{ provider: ProviderRecord; changed: boolean }> {
      const before = await store.providers.get(id);
      if (before.enabled === enabled) return { provider: before, changed: false };
      await run(store.providers.planUpdate(before, { enabled }, source));
      return { provider: await store.providers.get(id), changed: true };
    },

    /** Sets (or clears) a provider's default model. */
    async setProviderDefaultModel(id: string, model: string | null): Promise<ProviderRecord> {
      if (model !== null) assertModelId(model, 'model');
      return this.updateProvider(id, { defaultModel: model });
    },

    /**
     * Removes a provider with its config, model links and mapping targets. The active or the
     * default provider is removed only with `force` (a 400 `provider_active`/`provider_default`
     * naming `force` otherwise): the router would lose where unmapped requests go.
     */
    async removeProvider(id: string, change: { force?: boolean } = {}): Promise<ProviderRemoval> {
      const before = await store.providers.get(id);
      const [active, fallback, mappings] = await Promise.all([store.settings.getActiveProvider(), store.settings.getDefaultProvider(), store.mappings.list()]);
      const role = id === active ? 'active' : id === fallback ? 'default' : null;
      if (role && !change.force) {
        throw new InvalidRequestError(`Provider "${id}" is the ${role} provider; choose another first, or remove it anyway with force.`, 'force', `provider_${role}`);
      }
      const routed = mappings.filter((mapping) => mapping.targets.some((target) => target.providerId === id));
      await run(store.providers.planRemove(before, source));
      return {
        removed: before,
        wasActive: id === active,
        wasDefault: id === fallback,
        mappingsChanged: routed.map((mapping) => mapping.model),
        mappingsRemoved: routed.filter((mapping) => mapping.targets.every((target) => target.providerId === id)).map((mapping) => mapping.model),
      };
    },

    /** Re-validates a stored provider's configuration and bumps its revision, so running servers re-read it. */
    async touchProvider(id: string): Promise<ProviderRecord> {
      const provider = await store.providers.get(id);
      const checked = validateProviderConfig(store.providers.registry, provider.type, provider.config);
      if (!checked.ok) throw new InvalidRequestError(`Provider "${id}" has an invalid config: config.${checked.issues[0].field} ${checked.issues[0].message}`, `config.${checked.issues[0].field}`, 'invalid_config');
      return store.providers.touch(id, source);
    },

    /** Makes a provider the active one (null: none). */
    async setActiveProvider(id: string | null): Promise<ProviderRecord | null> {
      return setProviderSetting(SETTING.activeProvider, id);
    },

    /** Makes a provider the default one (null: none). */
    async setDefaultProvider(id: string | null): Promise<ProviderRecord | null> {
      return setProviderSetting(SETTING.defaultProvider, id);
    },

    /** Adds a model definition with its provider links, all or nothing. */
    async addModel(input: ModelInput & { providers?: ModelLinkInput[] }): Promise<ModelRecord> {
      const { providers: links, ...definition } = input;
      assertModelId(definition.id);
      await checkLinks(links, 'providers');
      const statements = await store.models.planCreate(definition, source);
      for (const link of links ?? []) statements.push(...store.models.planLink(link.providerId, definition.id, link, source));
      await run(statements);
      return getModel(definition.id);
    },

    /** Changes a model definition; `providers`, when given, replaces its links (all or nothing). */
    async updateModel(id: string, patch: Omit<Partial<ModelInput>, 'id'> & { providers?: ModelLinkInput[] }): Promise<ModelRecord> {
      const { providers: links, ...definition } = patch;
      const before = await getModel(id);
      await checkLinks(links, 'providers');
      const statements = store.models.planUpdate(before, definition, source);
      if (links) {
        const wanted = new Set(links.map((link) => link.providerId));
        for (const link of before.providers) if (!wanted.has(link.providerId)) statements.push(...(await store.models.planUnlink(link.providerId, id, source)));
        for (const link of links) statements.push(...store.models.planLink(link.providerId, id, link, source));
      }
      await run(statements);
      return getModel(id);
    },

    /** Removes a model definition and its links. */
    async removeModel(id: string): Promise<ModelRecord> {
      const before = await getModel(id);
      await run(store.models.planRemove(before, source));
      return before;
    },

    /** Lets a provider serve a model (or changes how); both must exist. */
    async linkModel(providerId: string, modelId: string, link: { upstreamModel?: string | null; priority?: number } = {}): Promise<ModelRecord> {
      await providerExists(providerId, 'providerId');
      await getModel(modelId, 'modelId');
      await run(store.models.planLink(providerId, modelId, link, source));
      return getModel(modelId);
    },

    /** Stops a provider serving a model. */
    async unlinkModel(providerId: string, modelId: string): Promise<void> {
      await providerExists(providerId, 'providerId');
      await run(await store.models.planUnlink(providerId, modelId, source));
    },

    /** Routes a model to ordered targets (replacing its mapping); every target's provider must exist. */
    async setMapping(model: string, targets: RouteTarget[]): Promise<MappingRecord> {
      assertModelId(model, 'model');
      if (targets.length === 0) throw new InvalidRequestError('a mapping needs at least one target provider', 'targets', 'invalid_value');
      for (const [index, target] of targets.entries()) await providerExists(target.providerId, `targets[${index}].providerId`);
      return store.mappings.set(model, targets, source);
    },

    /** Removes a model's mapping. */
    async removeMapping(model: string): Promise<MappingRecord> {
      return store.mappings.remove(model, source);
    },

    /**
     * Changes a route's options (stickiness, shadow traffic): every field is checked, and every shadow
     * target's provider must exist, before the one write. Answers the options as stored.
     */
    async updateRouteOptions(model: string, patch: RouteOptionsPatch): Promise<RouteOptionsRecord> {
      assertModelId(model, 'model');
      const before = await store.routeOptions.get(model);
      const next = applyRouteOptionsPatch(before, patch);
      for (const [index, target] of next.shadowTargets.entries()) await providerExists(target.providerId, `shadowTargets[${index}].providerId`);
      await run(store.routeOptions.planSet(before, next, source));
      return store.routeOptions.get(model);
    },

    /** Sets a tunable setting (validated by its key's own rule); returns the stored value. */
    async setTuning(key: string, value: unknown): Promise<string> {
      const normalized = normalizeTunableSetting(key, value);
      await run(await store.settings.planSet(key, normalized, source));
      return normalized;
    },

    /** Sets a model's price override (US dollars per million tokens), validated before anything is written. */
    async setPrice(model: string, input: { inputPerMillion?: unknown; outputPerMillion?: unknown; cachedInputPerMillion?: unknown }): Promise<PriceRecord> {
      const checked = normalizePriceInput(model, input);
      await run(await store.prices.planSet(checked.model, checked.price, source));
      return store.prices.get(checked.model);
    },

    /** Removes a model's price override (404 when it has none); its cost comes from the bundled list again. */
    async removePrice(model: string): Promise<PriceRecord> {
      const { removed, statements } = await store.prices.planRemove(model, source);
      await run(statements);
      return removed;
    },

    /** Returns a tunable setting to its default. */
    async unsetTuning(key: string): Promise<void> {
      normalizeTunableSetting(key, '1');
      await run(await store.settings.planSet(key, null, source));
    },

    ...createClientKeyOperations(store, run, source),
  };

  async function setProviderSetting(key: string, id: string | null): Promise<ProviderRecord | null> {
    const provider = id === null ? null : await store.providers.find(id);
    if (id !== null && !provider) throw new NotFoundError(`Provider "${id}" does not exist. See \`provider-cli provider list\`.`, 'provider_not_found', 'providerId');
    await run(await store.settings.planSet(key, id, source));
    return provider;
  }
}

/** The configuration service. */
export type ConfigService = ReturnType<typeof createConfigService>;
