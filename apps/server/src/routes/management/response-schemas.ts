/**
 * The shapes of the management API's success answers, as zod schemas, for the OpenAPI document
 * (`openapi.ts` converts them as it converts the request schemas) and so for the dashboard's
 * generated types. Objects are open (`looseObject`): a field added to an answer is not a breaking
 * change, and the document still pins down every field a client relies on.
 */
import { z } from 'zod';

const ms = z.number().nullable();
const count = z.number().int();

/** A provider's circuit breaker, as `/health` and `/v1/providers/health` report it. */
export const circuitStateSchema = z.looseObject({
  state: z.enum(['closed', 'open', 'half_open']).meta({ description: '`closed` (normal), `open` (cooling down, skipped) or `half_open` (cooled; the next request probes it).' }),
  failures: count.meta({ description: 'Consecutive failures counted while closed.' }),
  opens: count.meta({ description: 'How many times in a row the circuit has opened.' }),
  retryInMs: z.number().meta({ description: 'Milliseconds of cool-down left (0 unless open).' }),
});

export const healthResponseSchema = z.looseObject({
  status: z.literal('ok'),
  version: z.string(),
  uptime: z.number().meta({ description: 'Seconds since the server started.' }),
  adminKeyRequired: z.boolean().meta({ description: 'Whether management routes need `Authorization: Bearer <ADMIN_API_KEY>`.' }),
  circuits: z.record(z.string(), circuitStateSchema).optional().meta({ description: 'The circuit of every provider that failed recently.' }),
});

/** A provider as the API shows it (secrets masked). */
export const providerSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  enabled: z.boolean(),
  priority: z.number(),
  defaultModel: z.string().nullable(),
  capabilities: z.record(z.string(), z.unknown()).nullable().meta({ description: 'What the last test learned, or null.' }),
  config: z.record(z.string(), z.unknown()).meta({ description: 'The configuration, every secret masked (`••••` and the last 4 characters).' }),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export const providerListResponseSchema = z.looseObject({ object: z.literal('list'), data: z.array(providerSchema) });

export const providerHealthSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.enum(['up', 'down', 'unknown']).meta({ description: '`unknown`: the type has no models endpoint to call.' }),
  latencyMs: ms,
  models: z.number().int().nullable().meta({ description: 'How many models the provider listed.' }),
  error: z.string().optional(),
  circuit: circuitStateSchema.meta({ description: 'The provider\'s circuit breaker now.' }),
});
export const providersHealthResponseSchema = z.looseObject({
  status: z.enum(['ok', 'degraded', 'down', 'no_providers']),
  checkedAt: z.string(),
  timeoutMs: z.number(),
  providers: z.array(providerHealthSchema),
});

/** A provider setting (active or default provider). */
export const providerSettingResponseSchema = z.looseObject({
  providerId: z.string().nullable().meta({ description: 'What the database says (null: nothing stored).' }),
  effective: z.string().nullable().meta({ description: 'What the router uses now (the legacy DEFAULT_PROVIDER fills in when the database says nothing).' }),
  source: z.enum(['database', 'env']).nullable(),
});
export const settingsResponseSchema = z.looseObject({
  activeProvider: providerSettingResponseSchema,
  defaultProvider: providerSettingResponseSchema,
  values: z.record(z.string(), z.unknown()).meta({ description: 'Every stored setting by key.' }),
});

const logWriterStatsSchema = z.record(z.string(), z.unknown()).nullable().meta({ description: 'The log writer\'s counters (rows written, dropped, queued), or null.' });

export const statsRowSchema = z.looseObject({
  endpoint: z.string(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  requests: count,
  successes: count,
  successRate: z.number(),
  p50Ms: ms,
  p95Ms: ms,
  ttfbP50Ms: ms,
  ttfbP95Ms: ms,
  promptTokens: z.number(),
  completionTokens: z.number(),
  cost: z.number().nullable().meta({ description: 'US dollars, summed over the requests whose cost is known (the provider\'s own figure, else the bundled price list); null when none is.' }),
  costedRequests: count.meta({ description: 'How many requests have a known cost: the others are unknown, not free.' }),
});
const period = z.looseObject({ since: z.number(), until: z.number() });
export const statsResponseSchema = z.looseObject({
  object: z.literal('stats'),
  period,
  totals: z.looseObject({ requests: count, successes: count, successRate: z.number().nullable(), promptTokens: z.number(), completionTokens: z.number(), cost: z.number().nullable(), costedRequests: count }),
  data: z.array(statsRowSchema),
  keys: z.array(z.looseObject({
    keyId: z.string(),
    name: z.string().nullable().meta({ description: 'null: the key has been removed since.' }),
    requests: count,
    successes: count,
    promptTokens: z.number(),
    completionTokens: z.number(),
    cost: z.number().nullable().meta({ description: 'US dollars over the requests whose cost is known; null when none is.' }),
    costedRequests: count,
    lastUsedAt: z.number(),
  })).optional().meta({ description: 'With `by=key`: requests, tokens and spend per client key, most requests first.' }),
  log: logWriterStatsSchema,
});

export const seriesRowSchema = z.looseObject({
  bucket: z.number().meta({ description: 'The bucket\'s start, epoch ms.' }),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  requests: count,
  successes: count,
  errors: count.meta({ description: 'Outcome `error` or `stream_error` (a client that left is not an error).' }),
  p50Ms: ms,
  p95Ms: ms,
  ttfbP50Ms: ms.meta({ description: 'Median time to first byte (first token of a stream).' }),
  ttfbP95Ms: ms,
  promptTokens: z.number(),
  completionTokens: z.number(),
  tokensPerSecond: ms.meta({ description: 'Output tokens over generation time (a stream\'s time after its first byte) of successful answers.' }),
  overheadMs: ms.meta({ description: 'Mean router overhead: time to first byte less upstream and backoff waits, from the stored attempts.' }),
  overheadSamples: count,
});
export const seriesResponseSchema = z.looseObject({
  object: z.literal('stats.series'),
  period,
  bucketMs: z.number(),
  group: z.enum(['none', 'provider', 'model']),
  data: z.array(seriesRowSchema),
});

const rate = z.number().nullable();
/** One provider and model of the scorecard. */
export const scorecardRowSchema = z.looseObject({
  providerId: z.string(),
  model: z.string().meta({ description: 'The model name sent upstream.' }),
  providerType: z.string().nullable().meta({ description: 'null: the provider has been removed since.' }),
  local: z.boolean().meta({ description: 'A local model server (lm-studio, ollama, llama-cpp, vllm).' }),
  requests: count.meta({ description: 'Upstream calls made to it (attempts, failed-over and retried ones included; skipped targets not counted).' }),
  successes: count.meta({ description: 'Calls that answered.' }),
  clientClosed: count.meta({ description: 'Calls the client abandoned (left out of the rates).' }),
  successRate: rate.meta({ description: 'successes over the calls not abandoned, 0 to 1 (null: none).' }),
  emptyAnswers: count.meta({ description: 'Calls answered with no content, reasoning or tool call (attempt outcome empty_answer).' }),
  emptyAnswerRate: rate.meta({ description: 'emptyAnswers over the calls not abandoned, 0 to 1 (null: none).' }),
  ttftSamples: count.meta({ description: 'Successful streamed answers without a cold start: the samples of the time to first token.' }),
  ttftP50Ms: ms.meta({ description: 'Time to first token, median: from the answering call\'s start to its first content.' }),
  ttftP95Ms: ms.meta({ description: 'Time to first token, 95th percentile (nearest rank).' }),
  decodeTokensPerSecond: rate.meta({ description: 'Completion tokens over the time after the first byte, successful streamed answers.' }),
  promptTokensPerSecond: rate.meta({ description: 'Prompt tokens over the time to first token (an approximation of prompt processing: network, queueing and the first token are in it).' }),
  coldStarts: count.meta({ description: 'Answers that needed the model loaded first.' }),
  loadMeanMs: ms.meta({ description: 'Mean load time of those.' }),
  loadMaxMs: ms.meta({ description: 'Longest load time of those.' }),
  rows: count.meta({ description: 'Requests this provider and model answered or ended, any outcome: what cost is counted over.' }),
  cost: z.number().nullable().meta({ description: 'US dollars over the rows whose cost is known; null when none is (unknown, not free).' }),
  costedRequests: count.meta({ description: 'Rows with a known cost.' }),
  costPer1kRequests: z.number().nullable().meta({ description: 'Mean known cost per 1,000 requests; null when unknown.' }),
});
export const scorecardResponseSchema = z.looseObject({
  object: z.literal('stats.scorecard'),
  period,
  data: z.array(scorecardRowSchema),
});

/** One attempt at one upstream, as the log keeps it. */
export const attemptSchema = z.looseObject({
  providerId: z.string(),
  model: z.string(),
  status: z.number().nullable(),
  outcome: z.string().meta({ description: 'ok, http_error, connect_error, timeout, client_closed, stream_error, bad_response, empty_answer, invalid_tool_call, context_too_small, skipped, misconfigured, unsupported or local.' }),
  error: z.string().optional(),
  delayMs: z.number().optional().meta({ description: 'Backoff waited before the attempt.' }),
  durationMs: z.number(),
  answeredMs: z.number().optional().meta({ description: 'On the attempt that answered: ms from its start to the upstream\'s answer.' }),
  spanId: z.string().optional().meta({ description: 'When traces are on: the attempt\'s span id, sent upstream in its traceparent.' }),
  startMs: z.number().optional().meta({ description: 'When traces are on: ms from the request\'s arrival to the attempt\'s start.' }),
  api: z.string().optional(),
  note: z.string().optional(),
  coldStart: z.boolean().optional().meta({ description: 'The target was a local model that was not loaded: the attempt had the cold-start allowance (cold_start_timeout_ms).' }),
  loadMs: z.number().optional().meta({ description: 'On a cold start that answered: ms from the attempt\'s start to the upstream\'s answer (the load time as the router saw it).' }),
});

const requestFields = {
  id: z.string(),
  clientRequestId: z.string().nullable(),
  createdAt: z.number(),
  endpoint: z.string(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  stream: z.boolean(),
  status: z.number(),
  outcome: z.string().meta({ description: 'success, error, client_closed or stream_error.' }),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  durationMs: z.number(),
  ttfbMs: ms,
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
  finishReason: z.string().nullable(),
  truncated: z.boolean(),
  responseBytes: z.number().nullable(),
  coldStartMs: ms.optional().meta({ description: 'When the answering attempt met a local model that was not loaded: its load time in ms (time to its answer).' }),
  instanceId: z.string().nullable().optional().meta({ description: 'Which router served the request (`ROUTER_INSTANCE_ID`, default hostname:pid), when several share one database.' }),
};
export const requestSummarySchema = z.looseObject({ ...requestFields, attempts: count.meta({ description: 'How many attempts were made.' }) });
export const requestListResponseSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(requestSummarySchema),
  total: count,
  limit: count,
  offset: count,
  hasMore: z.boolean(),
});
export const requestDetailSchema = z.looseObject({
  ...requestFields,
  cost: z.number().nullable().meta({ description: 'What the request cost in US dollars; null when unknown (never 0 for unknown).' }),
  costSource: z.enum(['upstream', 'override', 'catalogue']).nullable().meta({ description: '`upstream`: the provider reported it; `override`: tokens at your price for the model; `catalogue`: tokens at the bundled price list\'s; null with no cost.' }),
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable().meta({ description: 'A JSON answer as sent; a stream\'s assembled text.' }),
  responseReasoning: z.string().nullable(),
  responseToolCalls: z.unknown().meta({ description: 'The assembled tool calls (parsed JSON), or null.' }),
  responseStream: z.string().nullable(),
  attempts: z.array(attemptSchema),
});

/** A route's options: stickiness and shadow traffic. */
export const routeOptionsSchema = z.looseObject({
  model: z.string().meta({ description: 'The route: a requested model name.' }),
  stickiness: z.string().nullable().meta({ description: '`header:<name>`, `user`, `first-message`, or null for none.' }),
  shadowPercent: z.number().meta({ description: 'Share of requests mirrored to the shadow targets, 0–100.' }),
  shadowPerMinute: z.number().int().nullable().meta({ description: 'Shadow calls per minute at most (null: the server\'s default).' }),
  shadowTimeoutMs: z.number().int().nullable().meta({ description: 'Milliseconds before a shadow call is cancelled (null: the server\'s default).' }),
  shadowTargets: z.array(z.looseObject({ providerId: z.string(), model: z.string().nullable() })).meta({ description: 'Where shadow calls go (model null: the primary\'s upstream model).' }),
});
export const routeOptionsListResponseSchema = z.looseObject({ object: z.literal('list'), data: z.array(routeOptionsSchema) });
/** A price override (US dollars per million tokens). */
export const priceSchema = z.looseObject({
  model: z.string(),
  inputPerMillion: z.number(),
  outputPerMillion: z.number(),
  cachedInputPerMillion: z.number().nullable().meta({ description: 'Null: cached prompt tokens cost what other input does.' }),
  updatedAt: z.number(),
});
export const priceDeletedSchema = priceSchema.extend({ deleted: z.literal(true) });
export const priceListResponseSchema = z.looseObject({
  object: z.literal('list'),
  data: z.array(priceSchema),
  catalogue: z.looseObject({ source: z.string(), date: z.string() }).meta({ description: 'The bundled price list: where it comes from and its date.' }),
  bundled: z
    .looseObject({
      model: z.string().meta({ description: 'The model as the list names it.' }),
      provider: z.string(),
      inputPerMillion: z.number().nullable(),
      outputPerMillion: z.number().nullable(),
      cachedInputPerMillion: z.number().nullable(),
      tiered: z.boolean().meta({ description: 'The price depends on the request (tiers or dates): no single rate to show.' }),
    })
    .nullable()
    .optional()
    .meta({ description: 'With `?model=`: what the bundled list has for it (null: it does not know it).' }),
});
/** A client key as the API shows it: never its value (only `POST /v1/keys` and `…/rotate` answer that, once) nor its hash. */
export const clientKeySchema = z.looseObject({
  id: z.string().meta({ description: 'The key id (`key_…`): what log rows and stats name the key by.' }),
  name: z.string(),
  keyPrefix: z.string().meta({ description: 'The key\'s first characters (`rk-AbCd`), to tell keys apart.' }),
  models: z.array(z.string()).nullable().meta({ description: 'Models the key may ask for (a trailing `*` matches a prefix); null: any.' }),
  providers: z.array(z.string()).nullable().meta({ description: 'Providers the key may be served by; null: any.' }),
  rpm: z.number().int().nullable(),
  tpm: z.number().int().nullable(),
  budget: z.number().nullable().meta({ description: 'US dollars per budget period (the key\'s lifetime without one); null: no limit.' }),
  budgetPeriodMs: z.number().int().nullable(),
  expiresAt: ms,
  revokedAt: ms,
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A key with what it used in its current budget period. */
export const clientKeyViewSchema = clientKeySchema.extend({
  status: z.enum(['active', 'revoked', 'expired']),
  usage: z.looseObject({
    periodStart: z.number().meta({ description: 'Epoch ms the current budget period began (0: the key\'s lifetime).' }),
    periodEnd: ms.meta({ description: 'Epoch ms it ends; null: the key\'s lifetime.' }),
    requests: count,
    promptTokens: count,
    completionTokens: count,
    spent: z.number().meta({ description: 'US dollars spent this period (requests whose price is unknown add nothing).' }),
  }),
  lastUsedAt: ms.meta({ description: 'Epoch ms of the key\'s newest logged request; null: none.' }),
});
export const clientKeyListResponseSchema = z.looseObject({ object: z.literal('list'), data: z.array(clientKeyViewSchema) });
/** A created or rotated key: with its value, this once. */
export const issuedClientKeySchema = clientKeySchema.extend({ value: z.string().meta({ description: 'The key\'s value (`rk-…`): shown this once, never stored.' }) });

/** One arm of a route: its live traffic served by one provider and upstream model. */
export const targetStatsRowSchema = z.looseObject({
  model: z.string().nullable().meta({ description: 'The route (requested model).' }),
  providerId: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  requests: count,
  successes: count,
  successRate: z.number().meta({ description: 'Successes over requests, 0–1.' }),
  p50Ms: ms,
  p95Ms: ms,
  ttftP50Ms: ms.meta({ description: 'Median time to first token (first byte of the answer).' }),
  ttftP95Ms: ms,
  promptTokens: z.number(),
  completionTokens: z.number(),
  cost: z.number().nullable().meta({ description: 'US dollars over the requests whose cost is known; null when none is.' }),
  costedRequests: count,
});
export const targetStatsResponseSchema = z.looseObject({ object: z.literal('stats.targets'), period: z.looseObject({ since: z.number(), until: z.number() }), data: z.array(targetStatsRowSchema) });

/** One side of a shadow or replay pair. */
export const pairSideSchema = z.looseObject({
  id: z.string(),
  createdAt: z.number(),
  providerId: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  stream: z.boolean(),
  status: z.number(),
  outcome: z.string(),
  errorMessage: z.string().nullable(),
  durationMs: z.number(),
  ttftMs: ms,
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  cost: z.number().nullable(),
  text: z.string().nullable().meta({ description: 'The answer\'s text, whole.' }),
  toolCalls: z.string().nullable().meta({ description: 'The answer\'s tool calls as JSON (`[{id, name, arguments}]`), or null.' }),
});
export const pairRowSchema = z.looseObject({
  role: z.enum(['shadow', 'replay']),
  model: z.string().nullable().meta({ description: 'The route (requested model).' }),
  primary: pairSideSchema.meta({ description: 'The live (or original) request.' }),
  pair: pairSideSchema.meta({ description: 'Its shadow or replay.' }),
  agreement: z.looseObject({
    exactMatch: z.boolean().meta({ description: 'Identical text and tool calls.' }),
    similarity: z.number().meta({ description: 'Normalised edit similarity, 0–1 (NFC, whitespace runs as one space, trimmed).' }),
    sameToolCalls: z.boolean().nullable().meta({ description: 'Same tool calls (names and parsed arguments, in order); null when neither made one.' }),
  }),
});
export const shadowReportResponseSchema = z.looseObject({
  object: z.literal('shadow.report'),
  period: z.looseObject({ since: z.number(), until: z.number() }),
  total: count.meta({ description: 'Pairs matching the filters (the list holds at most `limit`).' }),
  summary: z.looseObject({
    pairs: count,
    meanSimilarity: ms,
    exactMatchRate: ms,
    sameToolCallsRate: ms,
    bothSucceeded: count,
    meanLatencyDeltaMs: ms.meta({ description: 'Mean of the pair\'s total time less the primary\'s.' }),
    meanTtftDeltaMs: ms,
    primaryCost: ms,
    pairCost: ms,
    costDelta: ms,
  }),
  data: z.array(pairRowSchema),
});
