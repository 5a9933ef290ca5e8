/**
 * The server mode: a running router's management API over HTTP (`--server <url>` or `ROUTER_URL`,
 * the admin key from `ROUTER_ADMIN_KEY`). Answers are turned into the shapes the direct mode
 * returns, and the router's OpenAI-shaped errors back into the typed errors the configuration
 * service throws, so every command prints the same in both modes. Nothing is written locally.
 */
import { RouterError, type ProbeResult, type ReplayResult, type RouteTarget } from '@router/core';
import type { ClientKeyRecord, ClientKeyView, HistoryEntry, KeyStatsRow, ModelRecord, PairRow, PairSummary, PriceRecord, ProviderRecord, RequestLogRow, RouteOptionsRecord, ScorecardRow, StatsRow, TargetStatsRow } from '@router/store';

/** The longest one replayed request may take on the router (its own deadline ends it sooner). */
const REPLAY_TIMEOUT_MS = 15 * 60_000;
/** The longest wait for a replay's log row to be written by the router. */
const LOG_WAIT_MS = 10_000;
import type { EffectiveConfig, EffectiveMapping, EffectiveProvider, EffectiveSetting } from '../effective.js';
import { CliError } from '../io.js';
import { describeFetchError } from '../commands/logs-tail.js';
import type { LocalServerModels, LogQuery, PriceList, ReplayPlan, RouterClient } from './router-client.js';

/** Where the router is and how to reach it. */
export interface ServerTarget {
  url: URL;
  /** `--server`, or the `ROUTER_URL` environment variable. */
  source: 'option' | 'environment';
  adminKey?: string;
  /** How long one management call may take, ms (default 30 s; the probe gets more). */
  callTimeoutMs?: number;
}

/** Most rows one `GET /v1/requests` answers. */
const PAGE = 500;
/** How long a management call may take before the CLI gives up on the router, ms. */
const CALL_TIMEOUT_MS = 30_000;
/** Request details fetched at once for `history --json`. */
const DETAILS_AT_ONCE = 8;

type Query = Record<string, string | number | boolean | undefined>;

/** A client of the router at `target`. */
export function createHttpClient(target: ServerTarget): RouterClient {
  const { url } = target;
  const base = url.href.endsWith('/') ? url.href : `${url.href}/`;

  async function call<T>(method: string, path: string, options: { query?: Query; body?: unknown; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const address = new URL(path.replace(/^\//, ''), base);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) address.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (target.adminKey) headers.authorization = `Bearer ${target.adminKey}`;
    // every write is JSON (the management API refuses anything else), an empty object when it carries nothing
    const body = options.body !== undefined ? JSON.stringify(options.body) : method === 'GET' || method === 'DELETE' ? undefined : '{}';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const timeoutMs = options.timeoutMs ?? target.callTimeoutMs ?? CALL_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const late = () => new CliError(`the router at ${url.origin} did not answer ${method} ${address.pathname} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`);
    let response: Response;
    let text: string;
    try {
      response = await fetch(address, { method, headers, body, redirect: 'manual', signal });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw new CliError('stopped');
      if (signal.aborted) throw late();
      throw describeFetchError(error, url);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const error = (json as { error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } } | undefined)?.error;
    if (response.status === 401) throw new CliError(`the router at ${url.origin} wants its admin key (401${typeof error?.message === 'string' ? `: ${error.message}` : ''}); set ROUTER_ADMIN_KEY to its ADMIN_API_KEY`);
    if (response.status === 403) throw new CliError(`the router at ${url.origin} refused this client (403${typeof error?.message === 'string' ? `: ${error.message}` : ''}); set ADMIN_API_KEY on the router and ROUTER_ADMIN_KEY here`);
    if (!response.ok) {
      if (error && typeof error.message === 'string') {
        // the router's own typed error, as the configuration service threw it
        throw new RouterError(error.message, {
          status: response.status,
          type: typeof error.type === 'string' ? error.type : 'api_error',
          code: typeof error.code === 'string' ? error.code : null,
          param: typeof error.param === 'string' ? error.param : null,
        });
      }
      throw new CliError(`the router at ${url.origin} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} to ${method} ${address.pathname}, without an error body; is --server (or ROUTER_URL) the router's URL?`);
    }
    if (json === undefined) throw new CliError(`${url.origin} did not answer ${method} ${address.pathname} with JSON; is --server (or ROUTER_URL) the router's URL?`);
    return json as T;
  }

  const path = (...parts: string[]) => `/v1/${parts.map((part) => encodeURIComponent(part)).join('/')}`;
  /** Model ids may hold `/`: the routes take them as they are. */
  const modelPath = (prefix: string, id: string) => `/v1/${prefix}/${id.split('/').map(encodeURIComponent).join('/')}`;
  const withoutKeys = <T extends object>(value: T, ...keys: string[]) => Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key))) as T;

  async function providerSettings() {
    type Setting = { providerId: string | null; effective: string | null; source: 'database' | 'env' | null };
    return call<{ activeProvider: Setting; defaultProvider: Setting; values: Record<string, string> }>('GET', '/v1/settings');
  }

  async function listProviders(): Promise<EffectiveProvider[]> {
    const [{ data }, settings] = await Promise.all([call<{ data: ProviderRecord[] }>('GET', '/v1/providers'), providerSettings()]);
    return data.map((provider) => ({ ...provider, source: 'database' as const, active: provider.id === settings.activeProvider.effective }));
  }

  async function listMappings(): Promise<EffectiveMapping[]> {
    const { data } = await call<{ data: (Omit<EffectiveMapping, 'source'> & { source: 'database' | 'env' })[] }>('GET', '/v1/mappings');
    return data.map((mapping) => (mapping.source === 'env' ? { ...mapping, source: 'environment' as const, variable: 'MODEL_MAPPINGS' } : { ...mapping, source: 'database' as const }));
  }

  /** One page or more of `GET /v1/requests` (it answers up to 500 rows a call). */
  async function requestSummaries(query: LogQuery): Promise<{ total: number; rows: (RequestLogRow & { id: string })[] }> {
    const limit = query.limit ?? 50;
    const rows: (RequestLogRow & { id: string })[] = [];
    let total = 0;
    for (let offset = 0; rows.length < limit; offset += PAGE) {
      const page = await call<{ data: (RequestLogRow & { id: string })[]; total: number; hasMore: boolean }>('GET', '/v1/requests', {
        query: { limit: Math.min(PAGE, limit - rows.length), offset, endpoint: query.endpoint, provider: query.provider, model: query.model, status: query.status, since: query.since },
      });
      total = page.total;
      rows.push(...page.data);
      if (!page.hasMore || page.data.length === 0) break;
    }
    return { total, rows };
  }

  /** A request's whole row, as the database holds it (attempts and tool calls as their JSON text). */
  async function requestRow(id: string): Promise<RequestLogRow> {
    const row = await call<RequestLogRow & { attempts: unknown; responseToolCalls: unknown }>('GET', modelPath('requests', id));
    return { ...row, attempts: JSON.stringify(row.attempts ?? []), responseToolCalls: row.responseToolCalls === null || row.responseToolCalls === undefined ? null : JSON.stringify(row.responseToolCalls) } as RequestLogRow;
  }

  return {
    mode: 'server',
    location: url.origin,

    listProviders,
    providerConfig: (id) => call('GET', path('providers', id, 'config')),
    addProvider: (input) => call('POST', '/v1/providers', { body: input }),
    updateProvider: (id, patch, options) => call(options.replaceConfig ? 'PUT' : 'PATCH', path('providers', id), { body: patch }),
    async removeProvider(id, options) {
      const answer = await call<ProviderRecord & { deleted: true; wasActive: boolean; wasDefault: boolean; mappingsChanged: string[]; mappingsRemoved: string[] }>('DELETE', path('providers', id), {
        query: { force: options.force ? 'true' : undefined },
      });
      const { wasActive, wasDefault, mappingsChanged, mappingsRemoved } = answer;
      return { removed: withoutKeys(answer, 'deleted', 'wasActive', 'wasDefault', 'mappingsChanged', 'mappingsRemoved'), wasActive, wasDefault, mappingsChanged, mappingsRemoved };
    },
    async setProviderEnabled(id, enabled) {
      // as the configuration service: a provider already in that state is left alone (no change recorded)
      const before = await call<ProviderRecord>('GET', path('providers', id));
      if (before.enabled === enabled) return { changed: false };
      await call('POST', path('providers', id, enabled ? 'enable' : 'disable'));
      return { changed: true };
    },
    reloadProvider: async (id) => ({
      kind: 'reloaded' as const,
      ...(await call<{ providerId: string; reloaded: true; revision: number; enabled: boolean; connectionsDropped: string[] }>('POST', path('providers', id, 'reload'))),
    }),
    async testProvider(id, options) {
      let target = id;
      if (target === undefined) {
        const settings = await providerSettings();
        target = settings.activeProvider.effective ?? settings.defaultProvider.effective ?? undefined;
        if (!target) throw new CliError('no active provider: name one (`provider-cli test <provider-id>`) or choose one with `provider-cli set <provider-id>`');
      }
      // the probe takes up to a step's timeout for each of its steps (the router's default is 15 s)
      const answer = await call<ProbeResult & { error?: string }>('POST', path('providers', target, 'test'), {
        body: { model: options.model, timeoutMs: options.timeoutMs, skipTools: options.skipTools },
        timeoutMs: (options.timeoutMs ?? 15_000) * 6 + CALL_TIMEOUT_MS,
      });
      // a configuration the router's adapter refuses is answered as a failed probe with its reason
      if (typeof answer.error === 'string') throw new CliError(answer.error);
      return { result: answer, stored: true };
    },
    async setActiveProvider(id) {
      await call('PUT', '/v1/settings/active-provider', { body: { providerId: id } });
      return { enabled: (await call<ProviderRecord>('GET', path('providers', id))).enabled };
    },

    listModels: async (filter) => (await call<{ data: ModelRecord[] }>('GET', '/v1/catalogue', { query: { capability: filter.capability, provider: filter.providerId } })).data,
    async localModels() {
      // the router's last background refresh, per enabled provider (null: not a local server)
      const providers = (await call<{ data: ProviderRecord[] }>('GET', '/v1/providers')).data.filter((provider) => provider.enabled);
      const answers = await Promise.all(providers.map((provider) => call<{ discovered: Omit<LocalServerModels, 'providerId'> | null }>('GET', path('providers', provider.id, 'models'))));
      return providers.flatMap((provider, index) => {
        const found = answers[index].discovered;
        return found ? [{ providerId: provider.id, reachable: found.reachable, error: found.error, learnedAt: found.learnedAt ?? null, models: found.models }] : [];
      });
    },
    addModel: (input) => call('POST', '/v1/models', { body: input }),
    updateModel: (id, patch) => call('PUT', modelPath('models', id), { body: patch }),
    removeModel: async (id) => withoutKeys(await call<ModelRecord & { deleted: true }>('DELETE', modelPath('models', id)), 'deleted'),
    async linkModel(providerId, modelId, link) {
      await call('POST', path('providers', providerId, 'models'), { body: { modelId, upstreamModel: link.upstreamModel, priority: link.priority } });
      return (await call<{ data: ModelRecord[] }>('GET', '/v1/catalogue')).data.find((model) => model.id === modelId)!;
    },
    unlinkModel: async (providerId, modelId) => {
      await call('DELETE', modelPath(`providers/${encodeURIComponent(providerId)}/models`, modelId));
    },

    listMappings,
    setMapping: async (model, targets: RouteTarget[]) => withoutKeys(await call<{ model: string; targets: RouteTarget[]; source: string }>('PUT', modelPath('mappings', model), { body: { targets } }), 'source'),
    removeMapping: async (model) => withoutKeys(await call<{ model: string; targets: RouteTarget[]; deleted: true }>('DELETE', modelPath('mappings', model)), 'deleted'),

    listRouteOptions: async () => (await call<{ data: RouteOptionsRecord[] }>('GET', '/v1/route-options')).data,
    routeOptions: (model) => call<RouteOptionsRecord>('GET', modelPath('route-options', model)),
    updateRouteOptions: (model, patch) => call<RouteOptionsRecord>('PATCH', modelPath('route-options', model), { body: patch }),
    listPrices: async (query) => withoutKeys(await call<PriceList & { object: 'list' }>('GET', '/v1/prices', { query: { model: query.model } }), 'object'),
    setPrice: async (model, price) => call<PriceRecord>('PUT', modelPath('prices', model), { body: price }),
    removePrice: async (model) => withoutKeys(await call<PriceRecord & { deleted: true }>('DELETE', modelPath('prices', model)), 'deleted'),

    async replayCandidates(query) {
      const plan = await call<{ from: ReplayPlan['from']; skipped: number; data: ReplayPlan['rows'] }>('GET', '/v1/replay/candidates', {
        query: { from: query.from, since: query.since, limit: query.limit, to: query.to.providerId, model: query.to.model ?? undefined },
      });
      return { from: plan.from, skipped: plan.skipped, rows: plan.data };
    },
    replay: (row, to, signal) => call<ReplayResult>('POST', `/v1/requests/${encodeURIComponent(row.id)}/replay`, { body: { providerId: to.providerId, ...(to.model ? { model: to.model } : {}) }, timeoutMs: REPLAY_TIMEOUT_MS, signal }),
    async finishReplay(requestIds) {
      // the router writes its log in batches, off the request path: wait (a bounded while) until it has
      const deadline = Date.now() + LOG_WAIT_MS;
      for (const id of requestIds) {
        while (Date.now() < deadline) {
          try {
            await call('GET', modelPath('requests', id));
            break;
          } catch (error) {
            if (!(RouterError.isInstance(error) && error.status === 404)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
    },

    listTuning: async () => (await call<{ data: { key: string; value: string | null; description: string }[] }>('GET', '/v1/settings/tuning')).data,
    setTuning: async (key, value) => (await call<{ value: string }>('PUT', path('settings', 'tuning', key), { body: { value } })).value,
    unsetTuning: async (key) => {
      await call('DELETE', path('settings', 'tuning', key));
    },

    async listRequests(query) {
      const listed = await requestSummaries(query);
      // the list's rows carry every field a table shows (without bodies; attempts counted): whole rows only when asked
      if (!query.details) return listed;
      const { total } = listed;
      const ids = listed.rows.map((row) => row.id);
      const rows: RequestLogRow[] = new Array(ids.length);
      for (let start = 0; start < ids.length; start += DETAILS_AT_ONCE) {
        const batch = ids.slice(start, start + DETAILS_AT_ONCE);
        (await Promise.all(batch.map(requestRow))).forEach((row, index) => (rows[start + index] = row));
      }
      return { total, rows };
    },
    stats: async (query) =>
      (await call<{ data: StatsRow[] }>('GET', '/v1/stats', { query: { since: query.since ?? 0, endpoint: query.endpoint, provider: query.provider, model: query.model, key: query.key } })).data,
    keyStats: async (query) =>
      (await call<{ keys: KeyStatsRow[] }>('GET', '/v1/stats', { query: { since: query.since ?? 0, endpoint: query.endpoint, provider: query.provider, model: query.model, key: query.key, by: 'key' } })).keys ?? [],
    scorecard: async (query) => (await call<{ data: ScorecardRow[] }>('GET', '/v1/stats/scorecard', { query: { since: query.since ?? 0, provider: query.provider } })).data,
    listClientKeys: async () => (await call<{ data: ClientKeyView[] }>('GET', '/v1/keys')).data,
    showClientKey: (idOrName) => call<ClientKeyView>('GET', path('keys', idOrName)),
    async createClientKey(input) {
      const { value, ...key } = await call<ClientKeyRecord & { value: string }>('POST', '/v1/keys', { body: input });
      return { key, value };
    },
    updateClientKey: (idOrName, change) => call<ClientKeyRecord>('PATCH', path('keys', idOrName), { body: change }),
    async revokeClientKey(idOrName) {
      const { changed, ...key } = await call<ClientKeyRecord & { changed: boolean }>('POST', path('keys', idOrName, 'revoke'));
      return { key, changed };
    },
    async rotateClientKey(idOrName) {
      const { value, ...key } = await call<ClientKeyRecord & { value: string }>('POST', path('keys', idOrName, 'rotate'));
      return { key, value };
    },
    removeClientKey: async (idOrName) => withoutKeys(await call<ClientKeyRecord & { deleted: true }>('DELETE', path('keys', idOrName)), 'deleted'),
    targetStats: async (query) =>
      (await call<{ data: TargetStatsRow[] }>('GET', '/v1/stats/targets', { query: { since: query.since ?? 0, endpoint: query.endpoint, provider: query.provider, model: query.model } })).data,
    async shadowReport(query) {
      const answer = await call<{ total: number; summary: PairSummary; data: PairRow[] }>('GET', '/v1/shadow-report', {
        query: { model: query.model, role: query.role, since: query.since ?? 0, until: query.until, limit: query.limit },
      });
      return { total: answer.total, pairs: answer.data, summary: answer.summary };
    },
    changes: async (query) =>
      (await call<{ data: HistoryEntry[] }>('GET', '/v1/history', { query: { limit: query.limit, entity: query.entity, entityId: query.entityId, since: query.since } })).data,
    async status() {
      const [settings, providers, mappings, requests] = await Promise.all([providerSettings(), listProviders(), listMappings(), call<{ total: number }>('GET', '/v1/requests', { query: { limit: 1 } })]);
      const providerSetting = (name: string, label: string, value: { effective: string | null; source: 'database' | 'env' | null }): EffectiveSetting =>
        value.source === 'database' ? { name, label, value: value.effective, source: 'database' } : value.source === 'env' ? { name, label, value: value.effective, source: 'environment' } : { name, label, value: null, source: 'default' };
      const timeout = settings.values.request_timeout_ms;
      const effective: EffectiveConfig = {
        settings: [
          { name: 'server', label: 'server', value: url.origin, source: target.source, ...(target.source === 'environment' ? { variable: 'ROUTER_URL' } : { variable: '--server' }) },
          providerSetting('activeProvider', 'active provider', settings.activeProvider),
          providerSetting('defaultProvider', 'default provider', settings.defaultProvider),
          timeout !== undefined ? { name: 'requestTimeoutMs', label: 'request timeout (ms)', value: timeout, source: 'database' } : { name: 'requestTimeoutMs', label: 'request timeout (ms)', value: null, source: 'default' },
        ],
        providers,
        mappings,
        warnings: [],
        envFile: null,
      };
      return { effective, requests: requests.total };
    },
  };
}
