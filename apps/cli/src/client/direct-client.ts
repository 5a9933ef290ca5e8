/** The direct mode: the configuration service over the database the run resolved (`--db`, `DATABASE_URL`, the default file). */
import { bundledPrice, maskDatabaseUrl, clientKeyViews, createConfigService, maskProvider, PRICE_CATALOGUE, TUNABLE_SETTINGS, type ConfigService, type ProviderRecord, type Store } from '@router/store';
import type { CliContext } from '../context.js';
import { effectiveConfig } from '../effective.js';
import { probeHere } from '../probe.js';
import { localModelsHere } from '../local-models.js';
import { CliError } from '../io.js';
import { createLocalReplay } from '../replay/replay-here.js';
import type { RouterClient } from './router-client.js';

/** A client on the run's database; the database is opened on the first call. */
export function createDirectClient(context: CliContext): RouterClient {
  let opened: Promise<{ store: Store; service: ConfigService }> | undefined;
  const open = () => (opened ??= context.store().then((store) => ({ store, service: createConfigService(store, { source: 'cli' }) })));
  const store = async () => (await open()).store;
  const service = async () => (await open()).service;
  const mask = (record: ProviderRecord) => maskProvider(record);
  const target = context.database();
  const replay = createLocalReplay(store);
  /** A key's id from its id or name (a removed key's log rows keep its id). */
  const keyIdOf = async (key: string | undefined) => (key === undefined ? undefined : ((await (await store()).clientKeys.find(key))?.id ?? key));

  return {
    mode: 'direct',
    location: target.path ?? maskDatabaseUrl(target.url),

    listProviders: async () => (await effectiveConfig(context)).providers,
    providerConfig: async (id) => mask(await (await store()).providers.get(id)).config,
    addProvider: async (input) => mask(await (await service()).addProvider(input)),
    updateProvider: async (id, patch, options) => mask(await (await service()).updateProvider(id, patch, options)),
    async removeProvider(id, options) {
      const removal = await (await service()).removeProvider(id, options);
      return { ...removal, removed: mask(removal.removed) };
    },
    setProviderEnabled: async (id, enabled) => ({ changed: (await (await service()).setProviderEnabled(id, enabled)).changed }),
    testProvider: (id, options) => probeHere(context, id, options),
    async reloadProvider(id) {
      const provider = await (await service()).touchProvider(id);
      return { kind: 'touched', id: provider.id, type: provider.type, adapterFallback: (await store()).providers.registry.get(provider.type).fallback };
    },
    async setActiveProvider(id) {
      const { providers } = await store();
      if (!(await providers.find(id))) {
        const fromEnv = context.legacy().legacy.providers.find((entry) => entry.id === id);
        if (fromEnv) throw new CliError(`Provider "${id}" comes from the environment (${fromEnv.from.join(', ')}); run \`provider-cli migrate\` first to store it in the database.`);
      }
      const provider = await (await service()).setActiveProvider(id);
      return { enabled: provider?.enabled ?? false };
    },

    listModels: async (filter) => (await store()).models.list(filter),
    localModels: () => localModelsHere(context),
    addModel: async (input) => (await service()).addModel(input),
    updateModel: async (id, patch) => (await service()).updateModel(id, patch),
    removeModel: async (id) => (await service()).removeModel(id),
    linkModel: async (providerId, modelId, link) => (await service()).linkModel(providerId, modelId, link),
    unlinkModel: async (providerId, modelId) => (await service()).unlinkModel(providerId, modelId),

    listMappings: async () => (await effectiveConfig(context)).mappings,
    setMapping: async (model, targets) => (await service()).setMapping(model, targets),
    removeMapping: async (model) => (await service()).removeMapping(model),

    listRouteOptions: async () => (await store()).routeOptions.list(),
    routeOptions: async (model) => (await store()).routeOptions.get(model),
    updateRouteOptions: async (model, patch) => (await service()).updateRouteOptions(model, patch),
    async listPrices(query) {
      const data = await (await store()).prices.list();
      return { data, catalogue: { ...PRICE_CATALOGUE }, ...(query.model !== undefined ? { bundled: bundledPrice(query.model) } : {}) };
    },
    setPrice: async (model, price) => (await service()).setPrice(model, price),
    removePrice: async (model) => (await service()).removePrice(model),

    replayCandidates: (query) => replay.plan(query),
    replay: (row, to, signal) => replay.replay(row, to, signal),
    finishReplay: () => replay.finish(),

    async listTuning() {
      const values = await (await store()).settings.all();
      return Object.entries(TUNABLE_SETTINGS).map(([key, description]) => ({ key, value: values[key] ?? null, description }));
    },
    setTuning: async (key, value) => (await service()).setTuning(key, value),
    unsetTuning: async (key) => (await service()).unsetTuning(key),

    listRequests: async (query) =>
      (await store()).logs.list({ limit: query.limit, endpoint: query.endpoint, providerId: query.provider, model: query.model, status: query.status, since: query.since }),
    stats: async (query) => (await store()).logs.stats({ since: query.since, endpoint: query.endpoint, providerId: query.provider, model: query.model, keyId: await keyIdOf(query.key) }),
    scorecard: async (query) => (await store()).logs.scorecard({ since: query.since, providerId: query.provider }),
    keyStats: async (query) => (await store()).logs.statsByKey({ since: query.since, endpoint: query.endpoint, providerId: query.provider, model: query.model, keyId: await keyIdOf(query.key) }),
    targetStats: async (query) => (await store()).experiments.targetStats({ since: query.since, endpoint: query.endpoint, providerId: query.provider, model: query.model }),
    shadowReport: async (query) => (await store()).experiments.pairs(query),
    changes: async (query) => (await store()).history.list(query),
    listClientKeys: async () => clientKeyViews((await store()).clientKeys),
    async showClientKey(idOrName) {
      const { clientKeys } = await store();
      const [view] = await clientKeyViews(clientKeys, [await clientKeys.get(idOrName)]);
      return view;
    },
    createClientKey: async (input) => (await service()).createClientKey(input),
    updateClientKey: async (idOrName, change) => (await service()).updateClientKey(idOrName, change),
    revokeClientKey: async (idOrName) => (await service()).revokeClientKey(idOrName),
    rotateClientKey: async (idOrName) => (await service()).rotateClientKey(idOrName),
    removeClientKey: async (idOrName) => (await service()).removeClientKey(idOrName),
    async status() {
      const { logs } = await store();
      const [effective, requests] = await Promise.all([effectiveConfig(context), logs.count()]);
      return { effective, requests };
    },
  };
}
