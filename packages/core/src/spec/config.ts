/**
 * What the engine routes by: an immutable snapshot of the configuration,
 * supplied by a `ConfigSource` (the store in the server, plain objects when embedded).
 */

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
  /** Model used when a request names a model this provider does not know (optional). */
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
  /** Relative weight among targets of equal priority (default 1). */
  readonly weight?: number;
  /** Targets with the same priority share load by weight; lower priorities are tried first. */
  readonly priority?: number;
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
}

/** Supplies the current snapshot; must answer synchronously from memory. */
export interface ConfigSource {
  /** The snapshot to use for a request starting now. */
  current(): ConfigSnapshot;
}
