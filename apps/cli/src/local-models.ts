/** `model list`'s local-server part in direct mode: asks each enabled local server what it has, now, from here. */
import { createFetchTransport, createRouter, createStaticConfigSource, usableContext } from '@router/core';
import type { CliContext } from './context.js';
import type { LocalServerModels } from './client/router-client.js';

/** How long one local server gets to answer. */
const DISCOVERY_TIMEOUT_MS = 3_000;

/**
 * Discovers the models of every enabled local server in the database. A server that does not answer
 * is reported unreachable, with the models the router last learned from it (kept in its capabilities).
 */
export async function localModelsHere(context: CliContext): Promise<LocalServerModels[]> {
  const records = await (await context.store()).providers.list({ enabled: true });
  const config = createStaticConfigSource({ providers: records.map(({ id, type, config, capabilities }) => ({ id, type, config, capabilities })) });
  const router = createRouter({ config, transport: createFetchTransport() });
  const local = records.filter((record) => {
    try {
      return router.instanceFor(config.current().providers.get(record.id)!).discoverModels !== undefined;
    } catch {
      return false;
    }
  });
  if (local.length === 0) return [];
  await router.refreshModels({ localOnly: true, timeoutMs: DISCOVERY_TIMEOUT_MS });
  return local.map((record) => {
    const found = router.discoveredModels(record.id);
    return {
      providerId: record.id,
      reachable: found?.reachable ?? false,
      error: found?.error ? context.redactFrom(found.error, [record.id]) : null,
      learnedAt: found?.learnedAt === undefined ? null : new Date(found.learnedAt).toISOString(),
      models: [...(found?.models.values() ?? [])].map((model) => ({
        id: model.id, state: model.state, type: model.type ?? null, contextLength: usableContext(model) ?? null,
        maxContextLength: model.maxContextLength ?? null, loadedContextLength: model.loadedContextLength ?? null,
      })),
    };
  });
}
