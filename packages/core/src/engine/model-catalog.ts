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
import { discoveryFromCapabilities, usableContext, type DiscoveredModel, type ServerDiscovery } from '../spec/discovery.js';
import { createRoutingTable, type ReportedModels, type ResolvedTarget, type RoutingTable } from '../routing/resolve-targets.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
import type { Transport, UpstreamRequest } from '../spec/transport.js';

/** One entry of `GET /v1/models`: OpenAI's fields, then the router's (which OpenAI clients ignore). */
export interface ModelListEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** The provider a request for the model goes to first (as `owned_by`). */
  provider?: string;
  /** A local server's model: `loaded`, `not-loaded`, or `unreachable` when the last refresh could not reach the server. */
  state?: 'loaded' | 'not-loaded' | 'unreachable';
  /** The context a request can use now, in tokens: a loaded local model's loaded context, else the most it supports, else the catalogue's. */
  context_length?: number;
  /** The most context a local model supports. */
  max_context_length?: number;
  /** The context a local model is loaded with. */
  loaded_context_length?: number;
  /** A local server's kind of model (`llm`, `vlm`, `embeddings`). */
  model_type?: string;
}

/** Where a target's known context comes from: a local server's discovery, or the catalogue's `contextLength`. */
export interface KnownContext {
  /** Tokens. */
  tokens: number;
  /** `loaded`: the loaded context of a local model; `max`: the most a not-loaded local model supports; `catalogue`: the model definition's. */
  source: 'loaded' | 'max' | 'catalogue';
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
  /**
   * Fetches every enabled provider's model list (off the request path); a failed fetch keeps the last good list.
   * Local servers are asked what they have (load state, context lengths). `localOnly`: only the local servers.
   */
  refresh(options?: { timeoutMs?: number; localOnly?: boolean }): Promise<void>;
  /** Models a provider reported at the last successful refresh (undefined: not known yet). */
  reported(providerId: string): readonly string[] | undefined;
  /** The routing lookups for a snapshot and the current reported lists (built once per change, then cached). */
  routing(snapshot: ConfigSnapshot): RoutingTable;
  /** What the last refresh learned about a local server (undefined: not a local server type, or not asked yet). */
  discovered(providerId: string): ServerDiscovery | undefined;
  /** The context a target can hold, when known (for a request for `model`): from memory, no I/O. */
  contextOf(snapshot: ConfigSnapshot, model: string, target: ResolvedTarget): KnownContext | undefined;
  /** Whether a target is a local model known not to be loaded (unknown: false): from memory, no I/O. */
  isCold(target: ResolvedTarget): boolean;
  /** A target's local model answered: it counts as loaded now, until a refresh says otherwise. */
  loaded(target: ResolvedTarget): void;
}

/** Sends a discovery request through the transport and reads its JSON (bounded, timed). */
function discoveryFetch(transport: Transport, timeoutMs: number) {
  return async (request: UpstreamRequest): Promise<unknown> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('discovery request timed out', 'TimeoutError')), timeoutMs);
    try {
      const response = await transport({ ...request, signal: controller.signal, headersTimeoutMs: timeoutMs, bodyTimeoutMs: timeoutMs });
      const text = new TextDecoder().decode(await readAll(response.body, 8 << 20));
      if (response.status >= 400) throw new Error(`${new URL(request.url).pathname} answered HTTP ${response.status}`);
      return JSON.parse(text);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The discovered model behind a listed or routed name at a provider (a pinned `<provider>/<model>` form included). */
function discoveredModel(found: ServerDiscovery | undefined, upstream: string, providerId: string): DiscoveredModel | undefined {
  if (!found) return undefined;
  return found.models.get(upstream) ?? (upstream.startsWith(`${providerId}/`) ? found.models.get(upstream.slice(providerId.length + 1)) : undefined);
}

/** What an earlier run kept in a provider's `capabilities` (see `storedDiscovery`). */
function storedOf(provider: ProviderEntry): Pick<ServerDiscovery, 'models' | 'learnedAt'> | undefined {
  const stored = discoveryFromCapabilities(provider.capabilities);
  return stored ? { learnedAt: stored.learnedAt, models: new Map(stored.models.map((model) => [model.id, model])) } : undefined;
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

/** A cheap fingerprint of what discovery knows, to tell whether a refresh changed it. */
function discoverySignature(discoveries: ReadonlyMap<string, ServerDiscovery>): string {
  const parts: unknown[] = [];
  for (const [id, found] of discoveries) parts.push([id, found.reachable, [...found.models.values()]]);
  return JSON.stringify(parts);
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
  const lists = new WeakMap<RoutingTable, { version: number; plain?: ModelList; pinned?: ModelList }>();

  /** The provider configuration each list was fetched with: a failed fetch keeps the list only while it is unchanged. */
  const fetchedWith = new Map<string, string>();
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let queuedLocalOnly = true;

  /** A local server's discovered models, replaced at each refresh of that server. */
  let discoveries = new Map<string, ServerDiscovery>();
  /** Bumped when a refresh changed what discovery knows, so the listing is rebuilt. */
  let discoveryVersion = 0;

  /** Asks a local server what it has; falls back to its plain model list when its own API does not answer. */
  async function discover(provider: ProviderEntry, instance: ProviderInstance, timeoutMs: number): Promise<{ ids?: Set<string>; discovery: ServerDiscovery }> {
    try {
      const models = await instance.discoverModels!(discoveryFetch(deps.transport, timeoutMs));
      const at = Date.now();
      return { ids: new Set(models.map((model) => model.id)), discovery: { reachable: true, refreshedAt: at, learnedAt: at, models: new Map(models.map((model) => [model.id, model])) } };
    } catch (error) {
      // what the last refresh learned, else what an earlier run kept in the provider's capabilities
      const remembered = discoveries.get(provider.id);
      const previous = remembered?.learnedAt !== undefined ? remembered : (storedOf(provider) ?? remembered);
      const message = error instanceof Error ? error.message : String(error);
      let ids: Set<string> | undefined;
      try {
        ids = new Set(await fetchProviderModels(deps.transport, instance, timeoutMs));
      } catch {
        // unreachable: the last known details stay, marked so, until a refresh reaches it again
      }
      const discovery: ServerDiscovery = { reachable: ids !== undefined, refreshedAt: Date.now(), error: message, models: previous?.models ?? new Map() };
      if (previous?.learnedAt !== undefined) discovery.learnedAt = previous.learnedAt;
      return { ids, discovery };
    }
  }

  async function refreshOnce(timeoutMs: number | undefined, localOnly: boolean): Promise<void> {
    const snapshot = deps.config.current();
    const instanceOf = (provider: ProviderEntry) => {
      try {
        return deps.instanceFor(provider);
      } catch {
        return undefined;
      }
    };
    const providers = [...snapshot.providers.values()].filter((provider) => provider.enabled && (!localOnly || instanceOf(provider)?.discoverModels));
    const learned = new Map<string, ServerDiscovery>();
    const fetched = await Promise.all(
      providers.map(async (provider) => {
        const config = JSON.stringify(provider.config);
        try {
          const instance = deps.instanceFor(provider);
          if (instance.discoverModels) {
            const found = await discover(provider, instance, timeoutMs ?? 5_000);
            learned.set(provider.id, found.discovery);
            return { id: provider.id, config, ids: found.ids };
          }
          return { id: provider.id, config, ids: new Set(await fetchProviderModels(deps.transport, instance, timeoutMs)) };
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
    const nextDiscoveries = new Map<string, ServerDiscovery>();
    for (const [id, found] of discoveries) if (latest.providers.has(id) && !learned.has(id)) nextDiscoveries.set(id, found);
    for (const [id, found] of learned) if (latest.providers.has(id)) nextDiscoveries.set(id, found);
    if (discoverySignature(nextDiscoveries) !== discoverySignature(discoveries)) discoveryVersion++;
    discoveries = nextDiscoveries;
    created = Math.floor(Date.now() / 1000);
    // Unchanged lists keep the routing table (and the listing) that was built from them.
    if (!sameLists(reported, next)) reported = next;
    // Build the lookups now rather than on the next request.
    routing(deps.config.current());
  }

  function refresh(options?: { timeoutMs?: number; localOnly?: boolean }): Promise<void> {
    // One refresh at a time; a call during one runs once more after it, so the newest configuration wins.
    if (running) {
      // the queued run asks every provider if any caller waiting for it wanted them all
      queuedLocalOnly &&= options?.localOnly === true;
      queued ??= running.then(() => {
        queued = undefined;
        const localOnly = queuedLocalOnly;
        queuedLocalOnly = true;
        return refresh({ timeoutMs: options?.timeoutMs, localOnly });
      });
      return queued;
    }
    running = refreshOnce(options?.timeoutMs, options?.localOnly === true).finally(() => {
      running = undefined;
    });
    return running;
  }

  /** One listed model, with what the router knows about it (its provider, and a local server's load state and context). */
  function listEntry(snapshot: ConfigSnapshot, table: RoutingTable, id: string, owner: string): ModelListEntry {
    const entry: ModelListEntry = { id, object: 'model', created, owned_by: owner, provider: owner };
    const provider = snapshot.providers.get(owner);
    const found = discoveries.get(owner);
    const model = provider ? discoveredModel(found, table.upstreamModel(provider, id), owner) : undefined;
    if (model) {
      entry.state = found!.reachable ? model.state : 'unreachable';
      const usable = usableContext(model);
      if (usable) entry.context_length = usable;
      if (model.maxContextLength) entry.max_context_length = model.maxContextLength;
      if (model.state === 'loaded' && model.loadedContextLength) entry.loaded_context_length = model.loadedContextLength;
      if (model.type) entry.model_type = model.type;
    } else if (found && !found.reachable) {
      entry.state = 'unreachable';
    }
    if (entry.context_length === undefined) {
      const contextLength = snapshot.models.get(id)?.contextLength;
      if (contextLength) entry.context_length = contextLength;
    }
    return entry;
  }

  function contextOf(snapshot: ConfigSnapshot, model: string, target: ResolvedTarget): KnownContext | undefined {
    const local = discoveredModel(discoveries.get(target.provider.id), target.model, target.provider.id);
    const usable = local ? usableContext(local) : undefined;
    if (local && usable) return { tokens: usable, source: local.state === 'loaded' ? 'loaded' : 'max' };
    const contextLength = snapshot.models.get(model)?.contextLength;
    return contextLength ? { tokens: contextLength, source: 'catalogue' } : undefined;
  }

  function isCold(target: ResolvedTarget): boolean {
    const found = discoveries.get(target.provider.id);
    return found !== undefined && discoveredModel(found, target.model, target.provider.id)?.state === 'not-loaded';
  }

  function loaded(target: ResolvedTarget): void {
    const found = discoveries.get(target.provider.id);
    const model = discoveredModel(found, target.model, target.provider.id);
    if (!found || !model || model.state === 'loaded') return;
    // replaced, not mutated: a refresh in flight compares against the map it started from
    const models = new Map(found.models);
    models.set(model.id, { ...model, state: 'loaded' });
    discoveries = new Map(discoveries).set(target.provider.id, { ...found, models });
    discoveryVersion++;
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
      if (!cached || cached.version !== discoveryVersion) lists.set(current, (cached = { version: discoveryVersion }));
      const pinned = options?.pinned ?? snapshot.settings.get(MODELS_LIST_PINNED_SETTING) === 'true';
      const key = pinned ? 'pinned' : 'plain';
      return (cached[key] ??= {
        object: 'list',
        data: current.names(pinned).map(([id, owner]) => listEntry(snapshot, current, id, owner)),
      });
    },
    discovered: (providerId) => discoveries.get(providerId),
    contextOf,
    isCold,
    loaded,
    refresh,
    reported: (providerId) => {
      const ids = reported.get(providerId);
      return ids ? [...ids] : undefined;
    },
    routing,
  };
}
