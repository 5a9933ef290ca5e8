/**
 * @router/core: the provider adapter interface, the routing engine and SSE passthrough.
 * Web-standard APIs only; embed it with `createRouter({ config, transport, logSink })`.
 */
export type { ChatCall, ChatCompletionBody, ProviderAdapter, ProviderInstance, ProviderTimeouts, ReasoningHistory } from './spec/adapter.js';
export type { ClientApi, PassthroughCall } from './spec/api.js';
export { CLIENT_APIS } from './spec/api.js';
export { anthropicDialect, dialectFor, openaiDialect, responsesDialect, type Dialect, type DialectError } from './dialects/index.js';
export type { ConfigSnapshot, ConfigSource, ModelEntry, ModelPrice, ProviderEntry, RouteOptions, RouteTarget, ShadowTarget, Stickiness } from './spec/config.js';
export { budgetPeriodStart, keyAllowsModel, type ClientKeyEntry, type KeyGate } from './spec/client-keys.js';
export { createKeyLimiter, RATE_WINDOW_MS, type KeyLimiter, type KeyUsageIncrement, type SettledUsage, type SharedKeyLimits } from './engine/key-limiter.js';
export { blockOf, type ClaimWindows, type WindowCount } from './engine/shared-windows.js';
export type { DiscoveredModel, DiscoveryFetch, ModelLoadState, ServerDiscovery } from './spec/discovery.js';
export { usableContext } from './spec/discovery.js';
export type { StoredDiscovery } from './spec/discovery.js';
export { DISCOVERED_CAPABILITY, discoveryFromCapabilities, storedDiscovery } from './spec/discovery.js';
export { LOCAL_SERVER_TYPES } from './providers/shared/local-server.js';
export type { AttemptRecord, LogSink, RawResponse, RequestLogRecord, ResponseState, StreamStartRecord, TokenUsage } from './spec/log.js';
export type { CancellationLike, Transport, UpstreamRequest, UpstreamResponse } from './spec/transport.js';
export { Cancellation, cancellationOf } from './engine/cancellation.js';
export {
  ClientClosedError, InvalidRequestError, ModelNotFoundError, NotFoundError, RouterError, UpstreamConnectionError, UpstreamError,
  UpstreamTimeoutError, sseErrorEvent, toOpenAIError, type OpenAIErrorBody,
} from './errors.js';
export { ClientKeyError, DeadlineExceededError, ProvidersUnavailableError, ServerShuttingDownError, type ClientKeyRefusal } from './errors.js';
export { API_NOT_OFFERED, DEFAULT_RESILIENCE, RESILIENCE_SETTINGS, resiliencePolicy, backoffDelayMs, retryAfterMs, retryDecision, type ResiliencePolicy, type RetryDecision } from './engine/retry-policy.js';
export { createCircuitBreaker, type CircuitBreaker, type CircuitState } from './engine/circuit-breaker.js';
export { attemptTimeouts, DEFAULT_CONNECT_TIMEOUT_MS, type AttemptTimeouts } from './engine/attempt-timeouts.js';
export { createKeepAliveClock, KEEP_ALIVE_COMMENT, type KeepAliveClock } from './engine/keep-alive-clock.js';
export { createShadowRunner, mirrors, DEFAULT_SHADOW_PER_MINUTE, DEFAULT_SHADOW_TIMEOUT_MS, type ShadowDefaults, type ShadowRunner, type ShadowSource, type ShadowStats } from './engine/shadow.js';
export { createRouter, apiOfPath, API_HEADERS, type ChatInput, type ProxyInput, type Router, type RouterOptions, type RouterResponse } from './engine/create-router.js';
export { parseChatBody, parseJsonObject } from './engine/chat-request.js';
export {
  createOperations, createResponseMemory, DEFAULT_MAX_REMEMBERED_CHARS, DEFAULT_RESPONSE_MEMORY_CHARS, RESPONSES_HOSTED_TOOLS_SETTING, type ResponseMemory, type Operation, type UpstreamCall, type ParsedRequest, type PrepareInput, type LocalAnswer,
} from './operations/index.js';
export { estimateInputTokens } from './operations/messages.js';
export { EMPTY_ANSWER_CODE, INVALID_TOOL_CALL_CODE, INVALID_TOOL_CALL_SETTING } from './engine/upstream-answer.js';
export { embeddingsForLog } from './operations/passthrough.js';
export { clientRequestIdFrom, isValidRequestId, newRequestId, requestIdFrom } from './engine/request-id.js';
export { PassbackError, isRetryableStatus, upstreamErrorFromResponse, classifyTransportError } from './engine/upstream-error.js';
export { toAnthropicModel, toAnthropicModelList, type AnthropicModelInfo, type AnthropicModelList, type AnthropicModelPage } from './engine/anthropic-model-list.js';
export { createModelCatalog, fetchProviderModels, parseModelIds, MODELS_LIST_PINNED_SETTING, type ModelCatalog, type ModelList, type ModelListEntry } from './engine/model-catalog.js';
export { createSnapshot, createStaticConfigSource, type StaticConfig } from './engine/static-config.js';
export { overrideFor, overrideRates, tokenCost, type CostSource, type TokenRates } from './engine/token-cost.js';
export { answerCost, formatCost, COST_HEADER, type BundledRates } from './engine/answer-cost.js';
export { replayRequest, replayBody, type ReplayOptions, type ReplayResult, type ReplaySource, type ReplayTarget } from './engine/replay.js';
export {
  resolveTargets, createRoutingTable, orderTargets, FALLBACK_PROVIDERS_SETTING, PIN_HEADER, FALLBACK_HEADER,
  type ResolvedTarget, type RouteHints, type RouteVia, type ReportedModels, type RoutingTable,
} from './routing/resolve-targets.js';
export { parseStickiness, rendezvousOrder, stableHash, stickyKeyOf, STICKINESS_MODES } from './routing/sticky.js';
export { createFetchTransport } from './transport/fetch-transport.js';
export { probeProvider, type ProbeOptions, type ProbeResult, type ProbeStep } from './probe/probe-provider.js';
export { CONFIG_KEY_PATTERN, CONFIG_KEY_RULE, PROTOTYPE_KEYS, configKeyIssue, formatFieldPath, isConfigKey, prototypeKeyPath } from './providers/config-key.js';
export { builtinAdapters, createAdapterRegistry, secretRulesFor, validateProviderConfig, type AdapterRegistry } from './providers/registry.js';
export * from './providers/openai-compatible/index.js';
export * from './providers/lm-studio/index.js';
export * from './providers/ollama/index.js';
export * from './providers/llama-cpp/index.js';
export * from './providers/vllm/index.js';
export * from './providers/qwen/index.js';
export * from './providers/qwen-proxy/index.js';
export * from './providers/anthropic/index.js';
export * from './tool-mode/index.js';
export { summarizeResponse, summarizeJson, summarizeSse, decodeUtf8, type ResponseSummary, type ToolCallSummary } from './sse/summarize-response.js';
export { summarizeSseTail, type SseTailSummary } from './sse/summarize-sse-tail.js';
export { concatBytes, encodeUtf8, readAll, toReadableStream, fromReadableStream } from './sse/bytes.js';
export {
  broadSecrets, containsMask, createRedactor, isMasked, isSecretName, maskConfig, maskSecret, unmaskConfig, unresolvedMask, redactSecrets, secretValues, secretValuesOf,
  redactStrings, DEFAULT_SECRET_PATTERNS, MASK_PREFIX, REDACTED, type RedactionRules, type SecretRules,
} from './secrets.js';
export { secretField, secretKeysOfSchema } from './secret-field.js';
export { broadSecretValuesOfSnapshot, providerSecretValues, secretValuesOfSnapshot } from './snapshot-secrets.js';
export { HOP_HEADER, LoopDetectedError, MAX_HOPS } from './engine/hops.js';
export { newSpanId, traceContextFrom, traceparentFor, type TraceContext } from './engine/trace-context.js';
export { isMetadataAddress, metadataAddressKey, type BaseUrlPolicy } from './providers/shared/metadata-address.js';
/** The package version. */
export const VERSION: string = '0.1.0';
