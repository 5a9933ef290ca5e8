/**
 * The database schema. Migrations are generated from it by drizzle-kit into the
 * top-level `drizzle/` folder (`pnpm db:generate`); triggers that bump the
 * configuration revision live in a custom migration there.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** Provider instances; many may share a type. */
export const providers = sqliteTable('providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  priority: integer('priority').notNull().default(100),
  defaultModel: text('default_model'),
  /** JSON: what the last probe learned (reachable, models, usage in streams, tools, reasoning). */
  capabilities: text('capabilities'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** Per-provider configuration, one row per key; values are JSON text. */
export const providerConfig = sqliteTable(
  'provider_config',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.key] })],
);

/** Model definitions. */
export const models = sqliteTable('models', {
  id: text('id').primaryKey(),
  displayName: text('display_name'),
  description: text('description'),
  /** JSON array of capability names (tools, vision, streaming, …). */
  capabilities: text('capabilities').notNull().default('[]'),
  contextLength: integer('context_length'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** Which providers serve which models, and under which upstream name. */
export const providerModels = sqliteTable(
  'provider_models',
  {
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    modelId: text('model_id').notNull().references(() => models.id, { onDelete: 'cascade' }),
    upstreamModel: text('upstream_model'),
    priority: integer('priority').notNull().default(100),
    createdAt: integer('created_at').notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.modelId] })],
);

/** Key/value settings: `active_provider`, `default_provider`, timeouts, … */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(now),
});

/** Model mappings (routes): requested model → ordered targets. */
export const modelMappings = sqliteTable(
  'model_mappings',
  {
    model: text('model').notNull(),
    position: integer('position').notNull().default(0),
    providerId: text('provider_id').notNull().references(() => providers.id, { onDelete: 'cascade' }),
    targetModel: text('target_model'),
    weight: real('weight').notNull().default(1),
    priority: integer('priority'),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.model, table.position] })],
);

/** One row per request through the proxy. */
export const requestLogs = sqliteTable(
  'request_logs',
  {
    /** The router's own request id: unique. */
    id: text('id').primaryKey(),
    /** The client's `x-request-id`, when it sent one: not unique (clients reuse ids). */
    clientRequestId: text('client_request_id'),
    createdAt: integer('created_at').notNull(),
    endpoint: text('endpoint').notNull(),
    providerId: text('provider_id'),
    model: text('model'),
    upstreamModel: text('upstream_model'),
    stream: integer('stream', { mode: 'boolean' }).notNull().default(false),
    status: integer('status').notNull(),
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    durationMs: real('duration_ms').notNull(),
    ttfbMs: real('ttfb_ms'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    totalTokens: integer('total_tokens'),
    /** What the request cost in US dollars: as the upstream reported it, else from the price catalogue; null when unknown (never 0 for unknown). */
    cost: real('cost'),
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
    truncated: integer('truncated', { mode: 'boolean' }).notNull().default(false),
    /** Bytes of the response as sent to the client (whatever was kept of it). */
    responseBytes: integer('response_bytes'),
    /** A Responses answer the router produced, as JSON `{id, input, output}` (redacted): loaded back at start-up for `previous_response_id`. Not kept with `log_bodies` metadata or truncated. */
    responseState: text('response_state'),
  },
  (table) => [
    index('request_logs_created_at').on(table.createdAt),
    index('request_logs_client_request_id').on(table.clientRequestId).where(sql`${table.clientRequestId} is not null`),
    index('request_logs_provider').on(table.providerId, table.createdAt),
    index('request_logs_model').on(table.model, table.createdAt),
    index('request_logs_response_state').on(table.createdAt).where(sql`${table.responseState} is not null`),
  ],
);

/** Every configuration change: what, old → new (secrets masked), when and through which door. */
export const configHistory = sqliteTable(
  'config_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: integer('created_at').notNull().default(now),
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
export const configRevision = sqliteTable('config_revision', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull().default(0),
});
