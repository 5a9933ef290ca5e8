/**
 * The database schema on Postgres: the same tables, columns and indexes as the SQLite schema
 * (`../schema/index.ts`), in Postgres types. Times are milliseconds since the epoch in `bigint`
 * columns read as numbers, so repositories see the same values on both dialects. Migrations are
 * generated from it by drizzle-kit into `drizzle/postgres/` (`pnpm db:generate:postgres`); the
 * function and triggers that bump the configuration revision (and notify listeners) live in a
 * custom migration there.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

const now = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/** Provider instances; many may share a type. */
export const providers = pgTable('providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  priority: integer('priority').notNull().default(100),
  defaultModel: text('default_model'),
  /** JSON: what the last probe learned (reachable, models, usage in streams, tools, reasoning). */
  capabilities: text('capabilities'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
});

/** Per-provider configuration, one row per key; values are JSON text. */
export const providerConfig = pgTable(
  'provider_config',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.key] })],
);

/** Model definitions. */
export const models = pgTable('models', {
  id: text('id').primaryKey(),
  displayName: text('display_name'),
  description: text('description'),
  /** JSON array of capability names (tools, vision, streaming, …). */
  capabilities: text('capabilities').notNull().default('[]'),
  contextLength: integer('context_length'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
});

/** Which providers serve which models, and under which upstream name. */
export const providerModels = pgTable(
  'provider_models',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull().references(() => models.id, { onDelete: 'cascade' }),
    upstreamModel: text('upstream_model'),
    priority: integer('priority').notNull().default(100),
    createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.modelId] })],
);

/** Key/value settings: `active_provider`, `default_provider`, timeouts, … */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
});

/** Model mappings (routes): requested model → ordered targets. */
export const modelMappings = pgTable(
  'model_mappings',
  {
    model: text('model').notNull(),
    position: integer('position').notNull().default(0),
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    targetModel: text('target_model'),
    weight: doublePrecision('weight').notNull().default(1),
    priority: integer('priority'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.model, table.position] })],
);

/** Per-route options (a route is a requested model name, as in `model_mappings`): stickiness of weighted splits and shadow traffic. */
export const routeOptions = pgTable('route_options', {
  model: text('model').primaryKey(),
  /** What keeps a conversation on one arm of a weighted split: `header:<name>` (e.g. `header:x-router-session`), `user` (the body's `user` field) or `first-message` (a hash of the first message); null: no stickiness. */
  stickiness: text('stickiness'),
  /** Share of the route's requests mirrored to its shadow targets, 0–100. */
  shadowPercent: doublePrecision('shadow_percent').notNull().default(0),
  /** At most this many shadow calls per minute (null: the server's default). */
  shadowPerMinute: integer('shadow_per_minute'),
  /** A shadow call still running after this many milliseconds is cancelled (null: the server's default). */
  shadowTimeoutMs: integer('shadow_timeout_ms'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
});

/** Where a route's shadow traffic goes: one row per shadow target. */
export const shadowTargets = pgTable(
  'shadow_targets',
  {
    model: text('model').notNull(),
    position: integer('position').notNull().default(0),
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    /** The model to ask the shadow provider for; null: the same upstream model the primary was asked for. */
    targetModel: text('target_model'),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.model, table.position] })],
);

/** User price overrides, US dollars per million tokens; they win over the bundled price list. */
export const modelPrices = pgTable('model_prices', {
  /** The model as the upstream names it (the log's `upstream_model`), or as requested when no upstream name differs. */
  model: text('model').primaryKey(),
  inputPerMillion: doublePrecision('input_per_million').notNull(),
  outputPerMillion: doublePrecision('output_per_million').notNull(),
  /** Cached prompt tokens; null: priced as ordinary input. */
  cachedInputPerMillion: doublePrecision('cached_input_per_million'),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
});

/** Client (virtual) keys: only a hash of the key is stored; the key itself is shown once, when created or rotated. */
export const clientKeys = pgTable(
  'client_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the key, hex. */
    keyHash: text('key_hash').notNull(),
    /** The key's first characters, for telling keys apart in lists (never enough to use it). */
    keyPrefix: text('key_prefix').notNull(),
    /** JSON array of model names the key may ask for; null: any. */
    models: text('models'),
    /** JSON array of provider ids the key may be served by; null: any. */
    providers: text('providers'),
    rpm: integer('rpm'),
    tpm: integer('tpm'),
    /** Spend limit in US dollars per budget period (or for the key's lifetime when the period is null). */
    budget: doublePrecision('budget'),
    budgetPeriodMs: bigint('budget_period_ms', { mode: 'number' }),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [uniqueIndex('client_keys_key_hash').on(table.keyHash)],
);

/** What each client key has used, per budget period; written back in batches (does not bump the configuration revision). */
export const clientKeyUsage = pgTable(
  'client_key_usage',
  {
    keyId: text('key_id').notNull().references(() => clientKeys.id, { onDelete: 'cascade' }),
    /** Start of the budget period (ms since the epoch); 0 for keys without a period. */
    periodStart: bigint('period_start', { mode: 'number' }).notNull(),
    requests: integer('requests').notNull().default(0),
    promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull().default(0),
    completionTokens: bigint('completion_tokens', { mode: 'number' }).notNull().default(0),
    spent: doublePrecision('spent').notNull().default(0),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.keyId, table.periodStart] })],
);

/**
 * Client-key rate-limit windows shared by several routers on one database: per key and one-minute
 * window, the requests and tokens the routers have claimed so far. A router claims blocks ahead of
 * need and admits requests from its claim in memory, so this table is written off the request path
 * (see the README's "Running several routers"). Does not bump the configuration revision.
 */
export const clientKeyWindows = pgTable(
  'client_key_windows',
  {
    keyId: text('key_id').notNull().references(() => clientKeys.id, { onDelete: 'cascade' }),
    /** Start of the one-minute window (ms since the epoch). */
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
    requests: integer('requests').notNull().default(0),
    tokens: bigint('tokens', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.keyId, table.windowStart] })],
);

/** One row per request through the proxy. */
export const requestLogs = pgTable(
  'request_logs',
  {
    /** The router's own request id: unique. */
    id: text('id').primaryKey(),
    /** The client's `x-request-id`, when it sent one: not unique (clients reuse ids). */
    clientRequestId: text('client_request_id'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    endpoint: text('endpoint').notNull(),
    providerId: text('provider_id'),
    model: text('model'),
    upstreamModel: text('upstream_model'),
    stream: boolean('stream').notNull().default(false),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    durationMs: doublePrecision('duration_ms').notNull(),
    ttfbMs: doublePrecision('ttfb_ms'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    totalTokens: integer('total_tokens'),
    /** What the request cost in US dollars: as the upstream reported it, else from the price catalogue; null when unknown (never 0 for unknown). */
    cost: doublePrecision('cost'),
    /** Where `cost` came from: `upstream` (the provider's own figure, e.g. OpenRouter's `usage.cost`) or `catalogue` (tokens × the bundled price list). */
    costSource: text('cost_source'),
    finishReason: text('finish_reason'),
    requestBody: text('request_body'),
    /** Non-streaming: the JSON body; streaming: the assembled text (null when the stream was stored raw in `response_stream`). */
    responseBody: text('response_body'),
    /** Assembled reasoning text, when the provider sent it. */
    responseReasoning: text('response_reasoning'),
    /** JSON array of assembled tool calls. */
    responseToolCalls: text('response_tool_calls'),
    /** JSON array of attempts. */
    attempts: text('attempts').notNull().default('[]'),
    /** Streaming with `rawStreams`: the SSE text as sent to the client, redacted; `response_body`, reasoning and tool calls are assembled from it when read. */
    responseStream: text('response_stream'),
    /** The stored bodies are not the whole: cut by the router's capture bound or the `log_bodies` setting, or left out. */
    truncated: boolean('truncated').notNull().default(false),
    /** Bytes of the response as sent to the client (whatever was kept of it). */
    responseBytes: integer('response_bytes'),
    /** A Responses answer the router produced, as JSON `{id, input, output}` (redacted): loaded back at start-up for `previous_response_id`. Not kept with `log_bodies` metadata or truncated. */
    responseState: text('response_state'),
    /** The client key that made the request (its id, never its value); null for `ROUTER_API_KEYS` keys or an open router. */
    keyId: text('key_id'),
    /** Shadow and replay rows: the id of the request_logs row they are paired with (the primary request, or the logged request replayed). */
    pairId: text('pair_id'),
    /** `shadow` (a sampled mirror of a live request) or `replay` (a logged request sent again); null for ordinary requests. */
    pairRole: text('pair_role'),
    /** When the answering attempt met a model that was still loading: how long until its first byte (the load time as seen by the router). */
    coldStartMs: doublePrecision('cold_start_ms'),
    /** Which router wrote the row (`ROUTER_INSTANCE_ID`, default hostname:pid), when several share one database. */
    instanceId: text('instance_id'),
  },
  (table) => [
    index('request_logs_created_at').on(table.createdAt),
    index('request_logs_client_request_id').on(table.clientRequestId).where(sql`${table.clientRequestId} is not null`),
    index('request_logs_provider').on(table.providerId, table.createdAt),
    index('request_logs_model').on(table.model, table.createdAt),
    index('request_logs_response_state').on(table.createdAt).where(sql`${table.responseState} is not null`),
    index('request_logs_key').on(table.keyId, table.createdAt).where(sql`${table.keyId} is not null`),
    index('request_logs_pair').on(table.pairId).where(sql`${table.pairId} is not null`),
  ],
);

/** Every configuration change: what, old → new (secrets masked), when and through which door. */
export const configHistory = pgTable(
  'config_history',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull().default(now),
    /** `cli`, `api`, `env`, `migrate`. */
    source: text('source').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
  },
  (table) => [index('config_history_created_at').on(table.createdAt)],
);

/** A single row whose revision every configuration write bumps (by trigger), so servers notice changes cheaply. */
export const configRevision = pgTable('config_revision', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull().default(0),
});
