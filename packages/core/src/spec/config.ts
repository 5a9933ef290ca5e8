/**
 * What the engine routes by: an immutable snapshot of the configuration,
 * supplied by a `ConfigSource` (the store in the server, plain objects when embedded).
 */

import type { ClientKeyEntry } from './client-keys.js';

/** One configured provider instance. */
export interface ProviderEntry {
  /** Unique id, e.g. `groq-main`. */
  readonly id: string;
  /** Human name. */
  readonly name: string;
  /** Adapter type, e.g. `openai-compatible`. */
  readonly type: string;
  /** Disabled providers are never routed to. */
  readonly enabled: boolean;
  /** Lower runs first when several providers can serve a model. */
  readonly priority: number;
  /** Adapter configuration (`baseURL`, `apiKey`, `headers`, …), validated by the adapter's schema. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * Model sent instead of the requested one when this provider's model list is known and the requested model is
   * neither in it nor linked to the provider (optional; see `routing/resolve-targets.ts`).
   */
  readonly defaultModel?: string | null;
  /** What a probe learned about the provider (optional). */
  readonly capabilities?: Readonly<Record<string, unknown>> | null;
}

/** One place a model can be served: a provider and the model name it knows it by. */
export interface RouteTarget {
  /** Provider id. */
  readonly providerId: string;
  /** Model name sent upstream; the requested name when absent. */
  readonly model?: string | null;
  /** Relative weight among targets of equal priority (setting it on one of them makes them share load; absent counts as 1). */
  readonly weight?: number;
  /** Lower priorities are tried first; targets with the same priority are tried in order, or share load by `weight` when one of them sets it. */
  readonly priority?: number;
}

/** A user's price for a model, US dollars per million tokens; it wins over the bundled price list. */
export interface ModelPrice {
  /** Per million prompt tokens. */
  readonly inputPerMillion: number;
  /** Per million completion tokens. */
  readonly outputPerMillion: number;
  /** Per million cached prompt tokens; absent or null: priced as ordinary input. */
  readonly cachedInputPerMillion?: number | null;
}

/** A model definition from the catalogue. */
export interface ModelEntry {
  /** Model id clients ask for. */
  readonly id: string;
  /** Display name. */
  readonly displayName?: string | null;
  /** Providers that serve it, in preference order. */
  readonly providers: readonly RouteTarget[];
  /** Capabilities such as tools, vision, streaming. */
  readonly capabilities?: readonly string[];
  /** Context window in tokens. */
  readonly contextLength?: number | null;
}

/**
 * What keeps a conversation on one arm of a weighted split: `header:<name>` (that request header's value),
 * `user` (the body's `user` field, or `metadata.user_id` for Anthropic Messages) or `first-message` (a hash of
 * the system prompt and the first user message).
 */
export type Stickiness = `header:${string}` | 'user' | 'first-message';

/** Where a route's shadow traffic goes. */
export interface ShadowTarget {
  /** Provider id. */
  readonly providerId: string;
  /** Model asked of the shadow provider; absent: the upstream model the primary was asked for. */
  readonly model?: string | null;
}

/** Per-route options (a route is a requested model name): stickiness of its weighted split and its shadow traffic. */
export interface RouteOptions {
  /** What keeps a conversation on one arm (absent: an ordinary weighted choice per request). */
  readonly stickiness?: Stickiness | null;
  /** Share of the route's requests mirrored to `shadowTargets`, 0–100. */
  readonly shadowPercent?: number;
  /** At most this many shadow calls per minute for the route (absent: the router's default). */
  readonly shadowPerMinute?: number | null;
  /** A shadow call still running after this many milliseconds is cancelled (absent: the router's default). */
  readonly shadowTimeoutMs?: number | null;
  /** Where shadow calls go, in order. */
  readonly shadowTargets?: readonly ShadowTarget[];
}

/** An immutable view of the configuration; a request keeps the snapshot it started with. */
export interface ConfigSnapshot {
  /** Monotonic revision; changes whenever the configuration changes. */
  readonly revision: number;
  /** Providers by id. */
  readonly providers: ReadonlyMap<string, ProviderEntry>;
  /** Provider chosen with `provider-cli set`, if any. */
  readonly activeProviderId: string | null;
  /** Fallback provider when nothing else matches. */
  readonly defaultProviderId: string | null;
  /** Model mappings: requested model → ordered targets. */
  readonly routes: ReadonlyMap<string, readonly RouteTarget[]>;
  /** Model catalogue by id. */
  readonly models: ReadonlyMap<string, ModelEntry>;
  /** Free-form settings (timeouts, retry policy) as strings. */
  readonly settings: ReadonlyMap<string, string>;
  /** Per-route options by requested model name (stickiness, shadow traffic); absent: none. */
  readonly routeOptions?: ReadonlyMap<string, RouteOptions>;
  /** The user's price overrides by model name (as the upstream names it, or as requested); absent: none. */
  readonly prices?: ReadonlyMap<string, ModelPrice>;
  /** Client keys by the SHA-256 hex of their value (absent or empty: no client keys). */
  readonly clientKeys?: ReadonlyMap<string, ClientKeyEntry>;
}

/**
 * Supplies the current snapshot; must answer synchronously from memory, and with the same object
 * while nothing changed: the engine keeps its lookups (routing table, adapter instances) per snapshot
 * and per provider entry, so a new object on every call would rebuild them on every request.
 */
export interface ConfigSource {
  /** The snapshot to use for a request starting now. */
  current(): ConfigSnapshot;
}
