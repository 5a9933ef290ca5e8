/**
 * The model list clients see: mapped names, catalogue models with an enabled
 * provider, and what enabled providers report (cached; refreshed off the request path).
 * The same lookups route requests (`routing/resolve-targets.ts`), so every listed model
 * goes to the provider the list names as its owner.
 */
import { readAll } from '../sse/bytes.js';
import { parseModelIds } from '../providers/shared/model-ids.js';

export { parseModelIds };
import type { ProviderInstance } from '../spec/adapter.js';
import { createRoutingTable, type ReportedModels, type RoutingTable } from '../routing/resolve-targets.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
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

/** Setting: `true` makes `GET /v1/models` list the `<provider-id>/<model>` forms too (as `?pinned=true` does). */
export const MODELS_LIST_PINNED_SETTING = 'models_list_pinned';

/** Lists models and refreshes what providers report. */
export interface ModelCatalog {
  /** The models a client can ask for; with `pinned` (default: the `models_list_pinned` setting), also every `<provider-id>/<model>` form. */
  list(options?: { pinned?: boolean }): ModelList;
  /** Fetches every enabled provider's model list (off the request path); a failed fetch keeps the last good list. */
  refresh(options?: { timeoutMs?: number }): Promise<void>;
  /** Models a provider reported at the last successful refresh (undefined: not known yet). */
  reported(providerId: string): readonly string[] | undefined;
  /** The routing lookups for a snapshot and the current reported lists (built once per change, then cached). */
  routing(snapshot: ConfigSnapshot): RoutingTable;
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


function sameLists(a: ReportedModels, b: ReportedModels): boolean {
  if (a.size !== b.size) return false;
  for (const [id, ids] of a) {
    const other = b.get(id);
    if (!other || other.size !== ids.size) return false;
    for (const model of ids) if (!other.has(model)) return false;
  }
  return true;
}

/** Creates the catalogue. */
export function createModelCatalog(deps: {
  config: ConfigSource;
  transport: Transport;
  instanceFor: (provider: ProviderEntry) => ProviderInstance;
}): ModelCatalog {
  // Replaced, never mutated: a routing table built from one version stays consistent.
  let reported: ReportedModels = new Map();
  let created = Math.floor(Date.now() / 1000);
  let table: RoutingTable | undefined;
  const lists = new WeakMap<RoutingTable, { plain?: ModelList; pinned?: ModelList }>();

  /** The provider configuration each list was fetched with: a failed fetch keeps the list only while it is unchanged. */
  const fetchedWith = new Map<string, string>();
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  async function refreshOnce(timeoutMs: number | undefined): Promise<void> {
    const snapshot = deps.config.current();
    const providers = [...snapshot.providers.values()].filter((provider) => provider.enabled);
    const fetched = await Promise.all(
      providers.map(async (provider) => {
        const config = JSON.stringify(provider.config);
        try {
          return { id: provider.id, config, ids: new Set(await fetchProviderModels(deps.transport, deps.instanceFor(provider), timeoutMs)) };
        } catch {
          // keep the last good list (if fetched with this configuration); health checks report the failure
          return { id: provider.id, config, ids: undefined };
        }
      }),
    );
    const latest = deps.config.current();
    const next = new Map<string, ReadonlySet<string>>();
    // Lists of providers still configured (a disabled one keeps its list for when it is enabled again).
    for (const [id, ids] of reported) if (latest.providers.has(id)) next.set(id, ids);
    for (const entry of fetched) {
      if (!latest.providers.has(entry.id)) continue;
      if (entry.ids) {
        next.set(entry.id, entry.ids);
        fetchedWith.set(entry.id, entry.config);
      } else if (fetchedWith.get(entry.id) !== entry.config) {
        next.delete(entry.id);
      }
    }
    for (const id of fetchedWith.keys()) if (!next.has(id)) fetchedWith.delete(id);
    created = Math.floor(Date.now() / 1000);
    // Unchanged lists keep the routing table (and the listing) that was built from them.
    if (!sameLists(reported, next)) reported = next;
    // Build the lookups now rather than on the next request.
    routing(deps.config.current());
  }

  function refresh(options?: { timeoutMs?: number }): Promise<void> {
    // One refresh at a time; a call during one runs once more after it, so the newest configuration wins.
    if (running) {
      queued ??= running.then(() => {
        queued = undefined;
        return refresh(options);
      });
      return queued;
    }
    running = refreshOnce(options?.timeoutMs).finally(() => {
      running = undefined;
    });
    return running;
  }

  function routing(snapshot: ConfigSnapshot): RoutingTable {
    if (table?.snapshot !== snapshot || table.reported !== reported) table = createRoutingTable(snapshot, reported);
    return table;
  }

  return {
    list(options) {
      const snapshot = deps.config.current();
      const current = routing(snapshot);
      let cached = lists.get(current);
      if (!cached) lists.set(current, (cached = {}));
      const pinned = options?.pinned ?? snapshot.settings.get(MODELS_LIST_PINNED_SETTING) === 'true';
      const key = pinned ? 'pinned' : 'plain';
      return (cached[key] ??= {
        object: 'list',
        data: current.names(pinned).map(([id, owner]) => ({ id, object: 'model' as const, created, owned_by: owner })),
      });
    },
    refresh,
    reported: (providerId) => {
      const ids = reported.get(providerId);
      return ids ? [...ids] : undefined;
    },
    routing,
  };
}
