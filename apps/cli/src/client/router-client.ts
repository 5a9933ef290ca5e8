/**
 * What the commands ask of the router's configuration and logs, as one interface with two
 * implementations: `direct` (the configuration service over the database) and `server` (a
 * running router's management API). Both answer with the same shapes, secrets masked, and fail
 * with the router's typed errors, so a command prints the same in either mode.
 */
import type { ReplayResult, ReplayTarget, RouteTarget } from '@router/core';
import type {
  ClientKeyChange, ClientKeyInput, ClientKeyRecord, ClientKeyView, HistoryEntry, KeyStatsRow, ModelInput, ModelLinkInput, ModelRecord, PairQuery, PairRow, PairSummary, PriceRecord, ProviderInput, ProviderPatch, ProviderRecord,
  RequestLogRow, RouteOptionsPatch, RouteOptionsRecord, ScorecardRow, StatsRow, TargetStatsRow,
} from '@router/store';
import type { EffectiveConfig, EffectiveMapping, EffectiveProvider } from '../effective.js';
import type { ProbeOutcome } from '../probe.js';

/** What `removeProvider` did, the removed provider masked. */
export interface ProviderRemovalResult {
  removed: ProviderRecord;
  wasActive: boolean;
  wasDefault: boolean;
  mappingsChanged: string[];
  mappingsRemoved: string[];
}

/** What `reloadProvider` did: on a database, the config re-validated and the provider touched (running routers re-read it); on a router, its reload. */
export type ProviderReload =
  | { kind: 'touched'; id: string; type: string; adapterFallback: boolean }
  | { kind: 'reloaded'; providerId: string; reloaded: true; revision: number; enabled: boolean; connectionsDropped: string[] };

/** A tunable setting and its stored value (null: the default). */
export interface TuningRow {
  key: string;
  value: string | null;
  description: string;
}

/** Filters of the request log. */
export interface LogQuery {
  limit?: number;
  endpoint?: string;
  provider?: string;
  model?: string;
  status?: string;
  /** Epoch ms; undefined: all time. */
  since?: number;
  /** Whole rows (bodies and attempts), as `--json` prints them; otherwise a router may answer just what a list shows. */
  details?: boolean;
}

/** The router as the commands see it. */
export interface RouterClient {
  /** `direct`: the database; `server`: a running router over HTTP. */
  readonly mode: 'direct' | 'server';
  /** Where it works: the database's path or URL, or the router's origin. */
  readonly location: string;

  listProviders(): Promise<EffectiveProvider[]>;
  providerConfig(id: string): Promise<Record<string, unknown>>;
  addProvider(input: ProviderInput): Promise<ProviderRecord>;
  updateProvider(id: string, patch: ProviderPatch, options: { replaceConfig?: boolean }): Promise<ProviderRecord>;
  removeProvider(id: string, options: { force?: boolean }): Promise<ProviderRemovalResult>;
  setProviderEnabled(id: string, enabled: boolean): Promise<{ changed: boolean }>;
  reloadProvider(id: string): Promise<ProviderReload>;
  /** Probes a provider for real (the active one when `id` is undefined) and stores what it learned. */
  testProvider(id: string | undefined, options: { model?: string; timeoutMs?: number; skipTools?: boolean }): Promise<ProbeOutcome>;
  /** Makes a provider the active one; answers whether it is enabled. */
  setActiveProvider(id: string): Promise<{ enabled: boolean }>;

  listModels(filter: { providerId?: string; capability?: string }): Promise<ModelRecord[]>;
  /** What each enabled local server (lm-studio, ollama, llama-cpp, vllm) has: asked now from here, or the router's last background refresh. */
  localModels(): Promise<LocalServerModels[]>;
  addModel(input: ModelInput & { providers?: ModelLinkInput[] }): Promise<ModelRecord>;
  updateModel(id: string, patch: Omit<Partial<ModelInput>, 'id'>): Promise<ModelRecord>;
  removeModel(id: string): Promise<ModelRecord>;
  linkModel(providerId: string, modelId: string, link: { upstreamModel?: string | null; priority?: number }): Promise<ModelRecord>;
  unlinkModel(providerId: string, modelId: string): Promise<void>;

  listMappings(): Promise<EffectiveMapping[]>;
  setMapping(model: string, targets: RouteTarget[]): Promise<{ model: string; targets: RouteTarget[] }>;
  removeMapping(model: string): Promise<{ model: string; targets: RouteTarget[] }>;

  /** Every route with stickiness or shadow traffic. */
  listRouteOptions(): Promise<RouteOptionsRecord[]>;
  /** A route's options (the defaults when it has none). */
  routeOptions(model: string): Promise<RouteOptionsRecord>;
  /** Changes a route's options (checked before the one write). */
  updateRouteOptions(model: string, patch: RouteOptionsPatch): Promise<RouteOptionsRecord>;
  /** The price overrides; with `model`, also what the bundled price list has for it. */
  listPrices(query: { model?: string }): Promise<PriceList>;
  setPrice(model: string, price: { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion?: number | null }): Promise<PriceRecord>;
  removePrice(model: string): Promise<PriceRecord>;

  /** The logged requests a replay would send (the target checked first), and how many have no whole body in the log. */
  replayCandidates(query: { from: string; since: number; limit?: number; to: ReplayTarget }): Promise<ReplayPlan>;
  /** Sends one logged request again to `to`, its answer logged as a replay row paired with it. */
  replay(row: ReplayRow, to: ReplayTarget, signal: AbortSignal): Promise<ReplayResult>;
  /** Waits until the replays' log rows are written (direct: the log writer's queue; server: its log worker's), so the summary can be read back at once. */
  finishReplay(requestIds: readonly string[]): Promise<void>;

  listTuning(): Promise<TuningRow[]>;
  setTuning(key: string, value: string): Promise<string>;
  unsetTuning(key: string): Promise<void>;

  listRequests(query: LogQuery): Promise<{ total: number; rows: RequestLogRow[] }>;
  stats(query: Omit<LogQuery, 'limit' | 'status'> & { key?: string }): Promise<StatsRow[]>;
  /** Requests, tokens and spend per client key. */
  keyStats(query: Omit<LogQuery, 'limit' | 'status'> & { key?: string }): Promise<KeyStatsRow[]>;
  /** Per-arm stats: each route's live traffic by provider and upstream model. */
  targetStats(query: Omit<LogQuery, 'limit' | 'status'>): Promise<TargetStatsRow[]>;
  /** Live requests side by side with their shadow and replay rows. */
  shadowReport(query: PairQuery): Promise<{ total: number; pairs: PairRow[]; summary: PairSummary }>;
  /** Per provider and model: rates, speed, cold starts and cost (see `LogsRepository.scorecard`). */
  scorecard(query: { since?: number; provider?: string }): Promise<ScorecardRow[]>;
  changes(query: { limit: number; entity?: string; entityId?: string; since?: number }): Promise<HistoryEntry[]>;
  listClientKeys(): Promise<ClientKeyView[]>;
  /** A key by id or name, with its usage this period. */
  showClientKey(idOrName: string): Promise<ClientKeyView>;
  /** Creates a key: its value comes back this once. */
  createClientKey(input: ClientKeyInput): Promise<{ key: ClientKeyRecord; value: string }>;
  updateClientKey(idOrName: string, change: ClientKeyChange): Promise<ClientKeyRecord>;
  revokeClientKey(idOrName: string): Promise<{ key: ClientKeyRecord; changed: boolean }>;
  /** A new value for the key (the old one is refused from then on), shown this once. */
  rotateClientKey(idOrName: string): Promise<{ key: ClientKeyRecord; value: string }>;
  removeClientKey(idOrName: string): Promise<ClientKeyRecord>;

  /** The effective configuration and the number of logged requests. */
  status(): Promise<{ effective: EffectiveConfig; requests: number }>;
}

/** What the bundled price list has for a model (`tiered`: no single rate, the price depends on the request). */
export interface BundledPrice {
  model: string;
  provider: string;
  inputPerMillion: number | null;
  outputPerMillion: number | null;
  cachedInputPerMillion: number | null;
  tiered: boolean;
}

/** The price overrides, the bundled list's source and date, and (when asked for a model) what the list has for it. */
export interface PriceList {
  data: PriceRecord[];
  catalogue: { source: string; date: string };
  bundled?: BundledPrice | null;
}

/** A logged request to replay (its body only when the replay runs here). */
export interface ReplayRow {
  id: string;
  createdAt: number;
  endpoint: string;
  providerId: string | null;
  model: string | null;
  stream: boolean;
  body?: string;
}

/** What a replay would send. */
export interface ReplayPlan {
  /** Whether `from` named a provider (the requests it answered) or a route (the requests for that model). */
  from: { kind: 'provider' | 'route'; id: string };
  rows: ReplayRow[];
  /** Requests that matched but have no whole body in the log (`log_bodies`). */
  skipped: number;
}

/** One local server's models, as `model list` shows them. */
export interface LocalServerModels {
  providerId: string;
  reachable: boolean;
  error: string | null;
  /** When the server last answered (ISO; null: never): the models are what it said then. */
  learnedAt: string | null;
  models: { id: string; state: string; type: string | null; contextLength: number | null; maxContextLength: number | null; loadedContextLength: number | null }[];
}
