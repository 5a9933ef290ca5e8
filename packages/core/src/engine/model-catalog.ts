/**
 * The model list clients see: mapped names, catalogue models with an enabled
 * provider, and what enabled providers report (cached; refreshed off the request path).
 */
import { readAll } from '../sse/bytes.js';
import type { ProviderInstance } from '../spec/adapter.js';
import type { ConfigSource, ProviderEntry } from '../spec/config.js';
import type { Transport } from '../spec/transport.js';

/** One entry of `GET /v1/models`. */
export interface ModelListEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** The OpenAI list shape. */
export interface ModelList {
  object: 'list';
  data: ModelListEntry[];
}

/** Lists models and refreshes what providers report. */
export interface ModelCatalog {
  list(): ModelList;
  refresh(options?: { timeoutMs?: number }): Promise<void>;
  /** Models a provider reported at the last refresh. */
  reported(providerId: string): readonly string[] | undefined;
}

/** Parses an OpenAI `/models` answer into ids. */
export function parseModelIds(text: string): string[] {
  const body = JSON.parse(text) as { data?: { id?: unknown }[] } | { id?: unknown }[];
  const list = Array.isArray(body) ? body : body.data;
  if (!Array.isArray(list)) throw new Error('the models answer has no "data" array');
  return list.map((entry) => entry?.id).filter((id): id is string => typeof id === 'string');
}

/** Fetches a provider's model ids through the transport. */
export async function fetchProviderModels(transport: Transport, instance: ProviderInstance, timeoutMs = 5_000): Promise<string[]> {
  const request = instance.modelsRequest();
  if (!request) return [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('models request timed out', 'TimeoutError')), timeoutMs);
  try {
    const response = await transport({ ...request, signal: controller.signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
    const text = new TextDecoder().decode(await readAll(response.body, 8 << 20));
    if (response.status >= 400) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    return parseModelIds(text);
  } finally {
    clearTimeout(timer);
  }
}


/** Creates the catalogue. */
export function createModelCatalog(deps: {
  config: ConfigSource;
  transport: Transport;
  instanceFor: (provider: ProviderEntry) => ProviderInstance;
}): ModelCatalog {
  const reported = new Map<string, { ids: string[]; at: number }>();
  let created = Math.floor(Date.now() / 1000);

  return {
    list() {
      const snapshot = deps.config.current();
      const seen = new Map<string, ModelListEntry>();
      const add = (id: string, owner: string) => {
        if (!seen.has(id)) seen.set(id, { id, object: 'model', created, owned_by: owner });
      };
      const enabled = (id: string) => snapshot.providers.get(id)?.enabled === true;
      for (const [model, targets] of snapshot.routes) {
        const owner = targets.find((target) => enabled(target.providerId));
        if (owner) add(model, owner.providerId);
      }
      for (const model of snapshot.models.values()) {
        const owner = model.providers.find((target) => enabled(target.providerId));
        if (owner) add(model.id, owner.providerId);
      }
      for (const [providerId, entry] of reported) {
        if (!enabled(providerId)) continue;
        for (const id of entry.ids) add(id, providerId);
      }
      return { object: 'list', data: [...seen.values()] };
    },
    async refresh(refreshOptions) {
      const snapshot = deps.config.current();
      const providers = [...snapshot.providers.values()].filter((provider) => provider.enabled);
      await Promise.all(
        providers.map(async (provider) => {
          try {
            const ids = await fetchProviderModels(deps.transport, deps.instanceFor(provider), refreshOptions?.timeoutMs);
            reported.set(provider.id, { ids, at: Date.now() });
          } catch {
            // keep the last good list; health checks report the failure
          }
        }),
      );
      for (const id of reported.keys()) if (!snapshot.providers.has(id)) reported.delete(id);
      created = Math.floor(Date.now() / 1000);
    },
    reported: (providerId) => reported.get(providerId)?.ids,
  };
}
