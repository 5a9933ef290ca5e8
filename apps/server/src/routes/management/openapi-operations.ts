/**
 * What the management API's OpenAPI document says about each route (see `openapi.ts`, which builds
 * the document): one operation per admin and public row of the route table, keyed `METHOD path` as
 * registered, with the zod schemas the route validates its query and body with, and the upstream
 * API each proxy row speaks. Also the helpers that turn a zod schema into JSON Schema 2020-12.
 */
import { z } from 'zod';
import { compareBodySchema, compareListQuery } from './compare-routes.js';
import { historyQuery, requestsQuery, scorecardQuery, seriesQuery, statsQuery, tailQuery } from './logs-routes.js';
import { catalogueQuery, modelCreateSchema, modelUpdateSchema, providerModelLinkSchema } from './models-routes.js';
import { healthQuery, providerTestSchema } from './provider-checks-routes.js';
import { providerTypeListSchema } from './provider-types-routes.js';
import {
  configValueSchema, defaultModelSchema, providerCreateSchema, providerDeleteQuery, providerListQuery, providerUpdateSchema,
} from './providers-routes.js';
import { mappingSchema, providerSettingSchema, tuningValueSchema } from './settings-routes.js';
import { keyCreateSchema, keyUpdateSchema } from './keys-routes.js';
import { routeOptionsPatchSchema } from './route-options-routes.js';
import { priceListQuery, priceSetSchema } from './prices-routes.js';
import { shadowReportQuery, targetStatsQuery } from './experiments-routes.js';
import { replayCandidatesQuery, replayTargetSchema } from './replay-routes.js';
import { configSchema } from './validation.js';
import {
  healthResponseSchema, providerListResponseSchema, providerSchema, providerSettingResponseSchema, providersHealthResponseSchema, requestDetailSchema,
  requestListResponseSchema, scorecardResponseSchema, seriesResponseSchema, settingsResponseSchema, statsResponseSchema, routeOptionsSchema, routeOptionsListResponseSchema,
  priceListResponseSchema, priceSchema, priceDeletedSchema, clientKeySchema, clientKeyListResponseSchema, clientKeyViewSchema, issuedClientKeySchema,
  shadowReportResponseSchema, targetStatsResponseSchema,
} from './response-schemas.js';

/** A JSON Schema (2020-12) object. */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of an answer's zod schema (its output side). */
export function responseSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The JSON Schema of what a zod schema accepts (its input side: defaults optional, query strings before coercion). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export type Tag = 'providers' | 'models' | 'settings' | 'mappings' | 'prices' | 'logs' | 'compare' | 'keys' | 'meta';

/** What the document says about one operation. */
export interface OperationSpec {
  tag: Tag;
  summary: string;
  description?: string;
  /** The query string's zod schema (each key a parameter). */
  query?: z.ZodObject;
  /** The JSON body's zod schema. */
  body?: z.ZodType;
  /** The success answer: its status, what it is, and its shape when the route has a schema for it. */
  ok: { status?: number; description: string; schema?: JsonSchema; /** default `application/json` */ contentType?: string };
}

/** A described object whose fields the document does not pin down. */
export const described = (description: string, properties?: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', description, ...(properties ? { properties } : {}) });
/** `{ object: 'list', data: [...] }`. */
const list = (description: string, item: string): JsonSchema =>
  described(description, { object: { const: 'list' }, data: { type: 'array', items: described(item) } });

const PROVIDER = 'A provider as stored: id, name, type, enabled, priority, defaultModel, capabilities, createdAt, updatedAt, and config with every secret masked (`••••` and the last 4 characters).';
const MODEL = 'A catalogue model: id, name, displayName, description, capabilities, contextLength, providers (the links: providerId, upstreamModel, priority), createdAt, updatedAt.';
const MAPPING = 'A mapping: model, targets (providerId, model, weight, priority, in order) and source (`database`, or `env` for the legacy MODEL_MAPPINGS).';
const PROVIDER_SETTING = responseSchemaOf(providerSettingResponseSchema);
const TUNING = described('A tunable setting.', { key: { type: 'string' }, value: { description: 'The stored value, or null for the built-in default.' }, description: { type: 'string' } });
const CONFIG = described('A provider configuration with every secret masked.');

/** The operations, by route-table row (`METHOD path` as registered). */
export const OPERATIONS: Record<string, OperationSpec> = {
  'GET /health': { tag: 'meta', summary: 'Liveness', ok: { description: 'The server is up.', schema: responseSchemaOf(healthResponseSchema) } },
  'GET /metrics': {
    tag: 'meta', summary: 'Prometheus metrics',
    description: 'The router\'s metrics in the Prometheus text format: requests, latency, time to first byte and router overhead histograms, tokens, attempts and retries, requests in flight, circuit state, shadow calls, the request log\'s queue and counters, the configuration revision and reloads, and Node\'s process metrics. Guarded like the management API.',
    ok: { description: 'The metrics.', contentType: 'text/plain; version=0.0.4', schema: { type: 'string' } },
  },
  'GET /v1/openapi.json': { tag: 'meta', summary: 'This document', ok: { description: 'The management API as OpenAPI 3.1.', schema: described('An OpenAPI 3.1 document.') } },

  'GET /v1/catalogue': {
    tag: 'models', summary: 'The model catalogue', description: 'Every model definition with its provider links, as `POST /v1/models` writes them (`GET /v1/models` is the OpenAI-shaped list clients see).', query: catalogueQuery,
    ok: { description: 'The definitions.', schema: described('object `list`, data (the model definitions, by id).') },
  },
  'POST /v1/models': {
    tag: 'models', summary: 'Create a catalogue model', description: '`providers` links it to providers at once (each must exist).', body: modelCreateSchema,
    ok: { status: 201, description: 'The created model.', schema: described(MODEL) },
  },
  'PUT /v1/models/:id{.+}': {
    tag: 'models', summary: 'Update a catalogue model', description: 'Fields given replace the stored ones; `providers`, when given, replaces the links. `id` in the body must match the path.', body: modelUpdateSchema,
    ok: { description: 'The updated model.', schema: described(MODEL) },
  },
  'DELETE /v1/models/:id{.+}': { tag: 'models', summary: 'Delete a catalogue model', ok: { description: 'The removed model with `deleted: true`.', schema: described(MODEL) } },

  'GET /v1/provider-types': {
    tag: 'providers', summary: 'The provider types', description: 'Every provider type the router knows (the generic OpenAI-compatible one, its named presets, and the dedicated adapters), with what a form needs to configure one: the JSON Schema of its `config`, its secret keys, its required keys and its defaults.',
    ok: { description: 'The provider types.', schema: jsonSchemaOf(providerTypeListSchema) },
  },
  'GET /v1/providers': { tag: 'providers', summary: 'List providers', query: providerListQuery, ok: { description: 'The providers, secrets masked.', schema: responseSchemaOf(providerListResponseSchema) } },
  'POST /v1/providers': {
    tag: 'providers', summary: 'Create a provider', description: 'Secrets in `config` are stored as sent and masked on every read. `config` is then checked by the provider type\'s adapter (e.g. a `baseURL` that is a URL). `health` is a reserved id.', body: providerCreateSchema,
    ok: { status: 201, description: 'The created provider, secrets masked.', schema: described(PROVIDER) },
  },
  'GET /v1/providers/health': {
    tag: 'providers', summary: 'Check every enabled provider', description: 'Calls each enabled provider\'s models endpoint in parallel, each bounded by `timeoutMs`.', query: healthQuery,
    ok: { description: 'The health of each enabled provider.', schema: responseSchemaOf(providersHealthResponseSchema) },
  },
  'GET /v1/providers/:id': { tag: 'providers', summary: 'Read a provider', ok: { description: 'The provider, secrets masked.', schema: responseSchemaOf(providerSchema) } },
  'PUT /v1/providers/:id': {
    tag: 'providers', summary: 'Update a provider, replacing its configuration', description: 'A masked secret sent back keeps the stored one. `id`, `createdAt`, `updatedAt` and `capabilities` are accepted (as a read returns them) and ignored; `id` must match the path.', body: providerUpdateSchema,
    ok: { description: 'The updated provider, secrets masked.', schema: described(PROVIDER) },
  },
  'PATCH /v1/providers/:id': {
    tag: 'providers', summary: 'Update a provider, merging its configuration', description: 'As PUT, but `config` is merged key by key (null removes a key).', body: providerUpdateSchema,
    ok: { description: 'The updated provider, secrets masked.', schema: described(PROVIDER) },
  },
  'DELETE /v1/providers/:id': {
    tag: 'providers', summary: 'Delete a provider', description: 'The active or the default provider is deleted only with `force=true` (otherwise 400 `provider_active`/`provider_default`, as the CLI needs `--force`). The answer also says `wasActive`, `wasDefault`, `mappingsChanged` and `mappingsRemoved`.', query: providerDeleteQuery,
    ok: { description: 'The removed provider with `deleted: true`.', schema: described(PROVIDER) },
  },
  'POST /v1/providers/:id/test': {
    tag: 'providers', summary: 'Probe a provider', description: 'Runs the real probe (models, a chat, streaming, tools) and stores the capabilities it learned. With `stream: true` the answer is `text/event-stream`: `step` events as each step starts and ends, then `result` with the answer below (`error` instead if the result could not be stored).', body: providerTestSchema,
    ok: { description: 'The probe\'s result.', schema: described('ok, reachable, adapterFallback, model, models, steps (name, ok, latencyMs, error, detail), warnings, capabilities; what the upstream echoed is redacted.') },
  },
  'POST /v1/providers/:id/reload': {
    tag: 'providers', summary: 'Reload a provider', description: 'Re-reads the configuration and retires the pooled connections to its origin.',
    ok: { description: 'What was done.', schema: described('providerId, reloaded, revision, enabled, connectionsDropped (origins).') },
  },
  'POST /v1/providers/:id/enable': { tag: 'providers', summary: 'Enable a provider', ok: { description: 'The provider, secrets masked.', schema: described(PROVIDER) } },
  'POST /v1/providers/:id/disable': { tag: 'providers', summary: 'Disable a provider', ok: { description: 'The provider, secrets masked.', schema: described(PROVIDER) } },
  'GET /v1/providers/:id/config': { tag: 'providers', summary: 'Read a provider\'s configuration', ok: { description: 'The configuration, secrets masked.', schema: CONFIG } },
  'PUT /v1/providers/:id/config': {
    tag: 'providers', summary: 'Replace a provider\'s configuration', description: 'A masked secret sent back keeps the stored one.', body: configSchema,
    ok: { description: 'The configuration, secrets masked.', schema: CONFIG },
  },
  'PATCH /v1/providers/:id/config/:key': {
    tag: 'providers', summary: 'Set or remove one configuration key', description: '`value: null` removes the key.', body: configValueSchema,
    ok: { description: 'The configuration, secrets masked.', schema: CONFIG },
  },
  'GET /v1/providers/:id/default-model': {
    tag: 'providers', summary: 'Read a provider\'s default model', ok: { description: 'The default model.', schema: described('The default model.', { providerId: { type: 'string' }, model: { type: ['string', 'null'] } }) },
  },
  'PUT /v1/providers/:id/default-model': {
    tag: 'providers', summary: 'Set or clear a provider\'s default model', body: defaultModelSchema,
    ok: { description: 'The default model.', schema: described('The default model.', { providerId: { type: 'string' }, model: { type: ['string', 'null'] } }) },
  },
  'GET /v1/providers/:id/models': {
    tag: 'models', summary: 'The models linked to a provider', description: 'With the models the provider itself reported, when it was asked, and for a local server (lm-studio, ollama, llama-cpp, vllm) what the last background refresh discovered: each model\'s load state and context lengths.',
    ok: { description: 'The links.', schema: described('object `list`, providerId, defaultModel, reported (ids, or null), discovered (null unless a local server: reachable, refreshedAt, learnedAt (when the server last answered; after a restart with the server down, what it said then, kept in the provider\'s capabilities), error, models: id, state `loaded`/`not-loaded`, type, contextLength, maxContextLength, loadedContextLength), data (modelId, upstreamModel, priority, name, displayName, capabilities).') },
  },
  'POST /v1/providers/:id/models': {
    tag: 'models', summary: 'Link a catalogue model to a provider', body: providerModelLinkSchema,
    ok: { status: 201, description: 'The link.', schema: described('The link.', { providerId: { type: 'string' }, modelId: { type: 'string' }, upstreamModel: { type: ['string', 'null'] }, priority: { type: 'integer' } }) },
  },
  'DELETE /v1/providers/:id/models/:modelId{.+}': { tag: 'models', summary: 'Unlink a model from a provider', ok: { description: 'The removed link with `deleted: true`.', schema: described('providerId, modelId, deleted.') } },

  'GET /v1/settings': {
    tag: 'settings', summary: 'Every setting', ok: { description: 'The settings.', schema: responseSchemaOf(settingsResponseSchema) },
  },
  'GET /v1/settings/active-provider': { tag: 'settings', summary: 'The active provider', ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'PUT /v1/settings/active-provider': { tag: 'settings', summary: 'Set the active provider', description: 'null clears it. The provider must exist.', body: providerSettingSchema, ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'DELETE /v1/settings/active-provider': { tag: 'settings', summary: 'Clear the active provider', ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'GET /v1/settings/default-provider': { tag: 'settings', summary: 'The default (fallback) provider', ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'PUT /v1/settings/default-provider': { tag: 'settings', summary: 'Set the default provider', description: 'null clears it. The provider must exist.', body: providerSettingSchema, ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'DELETE /v1/settings/default-provider': { tag: 'settings', summary: 'Clear the default provider', ok: { description: 'The setting.', schema: PROVIDER_SETTING } },
  'GET /v1/settings/tuning': { tag: 'settings', summary: 'The tunable settings', ok: { description: 'Every tunable setting with its value and description.', schema: list('The tunable settings.', 'key, value (null: the default), description.') } },
  'GET /v1/settings/tuning/:key': { tag: 'settings', summary: 'One tunable setting', ok: { description: 'The setting.', schema: TUNING } },
  'PUT /v1/settings/tuning/:key': { tag: 'settings', summary: 'Set a tunable setting', description: 'The value is checked against the setting\'s own rule (see its description).', body: tuningValueSchema, ok: { description: 'The setting.', schema: TUNING } },
  'DELETE /v1/settings/tuning/:key': { tag: 'settings', summary: 'Reset a tunable setting to its default', ok: { description: 'The setting with `deleted: true`.', schema: TUNING } },

  'GET /v1/mappings': { tag: 'mappings', summary: 'List model mappings', ok: { description: 'The mappings.', schema: list('The mappings.', MAPPING) } },
  'GET /v1/mappings/:model{.+}': { tag: 'mappings', summary: 'Read a model mapping', ok: { description: 'The mapping.', schema: described(MAPPING) } },
  'PUT /v1/mappings/:model{.+}': {
    tag: 'mappings', summary: 'Set a model mapping', description: 'The targets in order; every provider must exist. `model` and `source` are accepted (as a read returns them); `model` must match the path.', body: mappingSchema,
    ok: { description: 'The mapping.', schema: described(MAPPING) },
  },
  'DELETE /v1/mappings/:model{.+}': { tag: 'mappings', summary: 'Delete a model mapping', ok: { description: 'The removed mapping with `deleted: true`.', schema: described(MAPPING) } },
  'GET /v1/route-options': { tag: 'mappings', summary: 'List route options', description: 'Every route (requested model name) with stickiness or shadow traffic.', ok: { description: 'The route options.', schema: responseSchemaOf(routeOptionsListResponseSchema) } },
  'GET /v1/route-options/:model{.+}': { tag: 'mappings', summary: 'Read a route\'s options', description: 'A route with none answers the defaults.', ok: { description: 'The route options.', schema: responseSchemaOf(routeOptionsSchema) } },
  'PATCH /v1/route-options/:model{.+}': {
    tag: 'mappings', summary: 'Change a route\'s options',
    description: 'Stickiness of the route\'s weighted split and its shadow traffic. Fields given replace the stored ones; null returns one to its default. Everything is checked (every shadow provider must exist; a percent above 0 needs a shadow target) before the one write.',
    body: routeOptionsPatchSchema, ok: { description: 'The route options as stored.', schema: responseSchemaOf(routeOptionsSchema) },
  },
  'DELETE /v1/route-options/:model{.+}': { tag: 'mappings', summary: 'Reset a route\'s options', description: 'No stickiness, no shadow traffic.', ok: { description: 'The default options with `deleted: true`.', schema: responseSchemaOf(routeOptionsSchema) } },

  'GET /v1/prices': {
    tag: 'prices', summary: 'List price overrides', description: 'The user\'s prices per model (they win over the bundled price list; a provider\'s own reported cost wins over both), and the bundled list\'s source and date. With `model`, also what the bundled list has for that model (`bundled`, null when it does not know it).', query: priceListQuery,
    ok: { description: 'The overrides.', schema: responseSchemaOf(priceListResponseSchema) },
  },
  'GET /v1/prices/:model{.+}': { tag: 'prices', summary: 'Read a model\'s price override', ok: { description: 'The override.', schema: responseSchemaOf(priceSchema) } },
  'PUT /v1/prices/:model{.+}': {
    tag: 'prices', summary: 'Set a model\'s price override', description: 'US dollars per million tokens. `model` matches the log\'s upstream model name, or the requested name. Recorded in the history; the log prices requests with it from now on.', body: priceSetSchema,
    ok: { description: 'The override.', schema: responseSchemaOf(priceSchema) },
  },
  'DELETE /v1/prices/:model{.+}': { tag: 'prices', summary: 'Remove a model\'s price override', ok: { description: 'The removed override with `deleted: true`.', schema: responseSchemaOf(priceDeletedSchema) } },

  'GET /v1/replay/candidates': {
    tag: 'logs', summary: 'The logged requests a replay would send',
    description: 'Requests the provider `from` answered, or the route `from` (a requested model name) received, since `since`, with a whole body in the log (the others are counted in `skipped`), oldest first; never shadow or replay rows. The target (`to`) is checked first: 404 for an unknown provider, 400 for a disabled one.',
    query: replayCandidatesQuery,
    ok: { description: 'The requests, without their bodies.', schema: described('object `list`, from {kind `provider`|`route`, id}, since, skipped, data (id, createdAt, endpoint, providerId, model, stream).') },
  },
  'POST /v1/requests/:id/replay': {
    tag: 'logs', summary: 'Send a logged request again to another target',
    description: 'Through this router, pinned to the target (no other provider is tried), a stream as a stream read to its end. The answer is logged as a new row with `pairRole` `replay` and `pairId` the logged request\'s id.',
    body: replayTargetSchema,
    ok: { description: 'How it went.', schema: described('pairId, requestId (the replay\'s row), status, ok, stream, ttftMs, totalMs, error (when not ok).') },
  },
  'GET /v1/requests': {
    tag: 'logs', summary: 'The request log', description: 'Newest first, paged, filtered; without the bodies.', query: requestsQuery,
    ok: { description: 'A page of log rows.', schema: responseSchemaOf(requestListResponseSchema) },
  },
  'GET /v1/requests/tail': {
    tag: 'logs', summary: 'The live request log (server-sent events)',
    description: 'From memory, never the database. `event: ready` once subscribed; then `event: request` per request (`id:` its request id), with `phase` `started` when a response starts flowing and `finished` when it is over; `: keep-alive` comments on a quiet tail; `event: end` (`reason` `slow_viewer` or `server_shutting_down`) when the server ends it. A bad filter or an unknown parameter is a 400 before the stream starts.',
    query: tailQuery,
    ok: { description: 'An event stream.', contentType: 'text/event-stream', schema: described('`event: request` data: phase, id, startedAt, endpoint, provider, model, upstreamModel, stream, status, outcome (null while flowing), durationMs (null while flowing), ttfbMs, attempts (a count), errorCode.') },
  },
  'GET /v1/requests/:id{.+}': {
    tag: 'logs', summary: 'One logged request', ok: { description: 'The log row with its bodies (redacted when written) and every attempt.', schema: responseSchemaOf(requestDetailSchema) },
  },
  'GET /v1/stats': {
    tag: 'logs', summary: 'Aggregates over the log', description: 'Per endpoint, provider and model; the last 24 hours unless `since`/`until` say otherwise.', query: statsQuery,
    ok: { description: 'The aggregates.', schema: responseSchemaOf(statsResponseSchema) },
  },
  'GET /v1/stats/targets': {
    tag: 'logs', summary: 'Per-arm stats of routes',
    description: 'Each route\'s live traffic by the target that answered it (provider and upstream model): requests, success rate, latency and time to first token percentiles, tokens and cost; shadow and replay rows are left out. The last 24 hours unless `since`/`until` say otherwise.',
    query: targetStatsQuery, ok: { description: 'The arms, busiest first.', schema: responseSchemaOf(targetStatsResponseSchema) },
  },
  'GET /v1/shadow-report': {
    tag: 'logs', summary: 'Shadow and replay pairs side by side',
    description: 'Live requests beside their shadow (and replay) rows, newest first: each side\'s latency, time to first token, tokens, cost and answer, and their agreement (exact match, normalised edit similarity, same tool calls), with a summary over the pairs listed. The last 24 hours unless `since`/`until` say otherwise.',
    query: shadowReportQuery, ok: { description: 'The pairs and their summary.', schema: responseSchemaOf(shadowReportResponseSchema) },
  },
  'GET /v1/stats/scorecard': {
    tag: 'logs', summary: 'The scorecard: how each provider and model served',
    description: 'Per provider and model (the name sent upstream), from the log of the last 7 days unless `since`/`until` say otherwise: requests (upstream calls, failed-over ones included), success and empty-answer rates, time to first token p50/p95 (streamed answers without a cold start), decode tokens per second, prompt tokens per second (prompt tokens over the time to first token: an approximation), cold starts with mean and longest load time, and cost (null when unknown, never 0 for unknown). `local` marks local model servers.',
    query: scorecardQuery,
    ok: { description: 'The scorecard.', schema: responseSchemaOf(scorecardResponseSchema) },
  },
  'GET /v1/stats/series': {
    tag: 'logs', summary: 'Aggregates over the log in time buckets', description: 'For charts: the last hour unless `since`/`until` say otherwise, in buckets of `bucket` aligned to multiples of it, grouped by `group`. Buckets without requests are left out. `overheadMs` is the router\'s own share of the time to first byte (less upstream and backoff waits), from the stored attempts.', query: seriesQuery,
    ok: { description: 'The buckets.', schema: responseSchemaOf(seriesResponseSchema) },
  },
  'POST /v1/compare': {
    tag: 'compare', summary: 'Compare targets side by side',
    description: 'Sends one chat request to 2–6 `<provider-id>/<model>` targets at once (each pinned, no fallback, streamed) and answers `text/event-stream`: `start` {compareId, targets}; per target `delta` {target, text | reasoning | tool_call} and one `done` {target, status, httpStatus, requestId, ttftMs, totalMs, tokensPerSecond, usage, finishReason, error?}; then `end`. Every target is checked before anything is sent. The legs are logged with the comparison id as their client request id.',
    body: compareBodySchema,
    ok: { description: 'An event stream, its events tagged by target.', contentType: 'text/event-stream', schema: described('Server-sent events: start, delta, done, end; `: keep-alive` comments while the targets are silent.') },
  },
  'GET /v1/compare': {
    tag: 'compare', summary: 'Recent comparisons', description: 'From the request log, newest first; a comparison lasts as long as the log keeps its rows.', query: compareListQuery,
    ok: { description: 'The comparisons.', schema: list('The comparisons.', 'id, startedAt, targets, legs (target, requestId, status, httpStatus, outcome, totalMs).') },
  },
  'GET /v1/compare/:id': {
    tag: 'compare', summary: 'One comparison', ok: { description: 'Each leg as the log kept it.', schema: described('object `compare`, id, startedAt, request (messages, tools, max_tokens, temperature as asked, from the log; null when the log keeps no bodies), targets, legs (target, requestId, status, httpStatus, outcome, ttftMs, totalMs, tokensPerSecond, usage, finishReason, error, text, reasoning, toolCalls).') },
  },
  'GET /v1/keys': { tag: 'keys', summary: 'List client keys', description: 'Every client key with its limits and what it used in its current budget period (never a key\'s value).', ok: { description: 'The keys.', schema: responseSchemaOf(clientKeyListResponseSchema) } },
  'POST /v1/keys': {
    tag: 'keys', summary: 'Create a client key', description: 'The answer carries the key\'s `value`, this once: the router stores only its SHA-256. Clients send it as `Authorization: Bearer <value>` or `x-api-key: <value>`.', body: keyCreateSchema,
    ok: { status: 201, description: 'The key with its value.', schema: responseSchemaOf(issuedClientKeySchema) },
  },
  'GET /v1/keys/:id': { tag: 'keys', summary: 'Read a client key', description: 'By id or name, with its usage this period and when it was last used.', ok: { description: 'The key.', schema: responseSchemaOf(clientKeyViewSchema) } },
  'PATCH /v1/keys/:id': { tag: 'keys', summary: 'Change a client key', description: 'The fields given replace the stored ones; null removes a limit.', body: keyUpdateSchema, ok: { description: 'The key.', schema: responseSchemaOf(clientKeySchema) } },
  'DELETE /v1/keys/:id': { tag: 'keys', summary: 'Delete a client key', description: 'With its usage records; logged requests keep its id.', ok: { description: 'The removed key with `deleted: true`.', schema: responseSchemaOf(clientKeySchema) } },
  'POST /v1/keys/:id/revoke': { tag: 'keys', summary: 'Revoke a client key', description: 'A running router refuses it within a second. `changed` is false when it was already revoked.', ok: { description: 'The key with `changed`.', schema: responseSchemaOf(clientKeySchema) } },
  'POST /v1/keys/:id/rotate': { tag: 'keys', summary: 'Rotate a client key', description: 'A new value, returned this once; the old one is refused from then on. The key keeps its id, limits and usage.', ok: { description: 'The key with its new value.', schema: responseSchemaOf(issuedClientKeySchema) } },
  'GET /v1/history': { tag: 'logs', summary: 'Configuration history', query: historyQuery, ok: { description: 'The changes, newest first, secrets masked.', schema: list('The changes.', 'A change: id, createdAt, source, action, entity, entityId, oldValue and newValue (secrets masked).') } },
};

/** Operations the document shows that a route-table row serves under another pattern (path → the row's `METHOD path`). */
export const SERVED_BY: Record<string, string> = { 'GET /v1/providers/health': 'GET /v1/providers/:id', 'GET /v1/requests/tail': 'GET /v1/requests/:id{.+}' };

/** The upstream API each proxy row speaks (the document points there rather than copying it). */
export const UPSTREAM: Record<string, { summary: string; url: string }> = {
  'POST /v1/chat/completions': { summary: 'OpenAI Chat Completions', url: 'https://platform.openai.com/docs/api-reference/chat' },
  'POST /v1/messages': { summary: 'Anthropic Messages', url: 'https://docs.anthropic.com/en/api/messages' },
  'POST /v1/messages/count_tokens': { summary: 'Anthropic token counting', url: 'https://docs.anthropic.com/en/api/messages-count-tokens' },
  'POST /v1/responses': { summary: 'OpenAI Responses', url: 'https://platform.openai.com/docs/api-reference/responses' },
  'POST /v1/embeddings': { summary: 'OpenAI Embeddings', url: 'https://platform.openai.com/docs/api-reference/embeddings' },
  'POST /v1/completions': { summary: 'OpenAI Completions (legacy)', url: 'https://platform.openai.com/docs/api-reference/completions' },
  'GET /v1/models': { summary: 'OpenAI (or, with `anthropic-version`, Anthropic) model list, with the catalogue\'s fields and the router\'s: provider, and for a local server\'s model state (loaded, not-loaded, unreachable), context_length, max_context_length, loaded_context_length, model_type', url: 'https://platform.openai.com/docs/api-reference/models/list' },
  'GET /v1/models/:id{.+}': { summary: 'OpenAI (or Anthropic) model', url: 'https://platform.openai.com/docs/api-reference/models/retrieve' },
};
