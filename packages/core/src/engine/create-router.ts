/**
 * The routing engine. Built from what it is given (configuration source,
 * transport, log sink), it answers chat completions and model lists. The
 * resilience behaviour lives in small parts wired here: the attempt
 * (`chat-attempt.ts`), the retry policy, the circuit breaker, the stream relay
 * and its keep-alive clock, and the request loop (`chat-completion.ts`).
 */
import { RouterError, UpstreamError, toOpenAIError } from '../errors.js';
import { createAdapterRegistry, type AdapterRegistry } from '../providers/registry.js';
import { applyToolMode } from '../tool-mode/with-tool-mode.js';
import { metadataAddressKey, metadataAddressMessage } from '../providers/shared/metadata-address.js';
import type { ProviderAdapter, ProviderInstance } from '../spec/adapter.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
import type { ServerDiscovery } from '../spec/discovery.js';
import type { LogSink, RequestLogRecord } from '../spec/log.js';
import type { Transport } from '../spec/transport.js';
import { toReadableStream } from '../sse/bytes.js';
import { attemptTimeouts, type AttemptTimeouts } from './attempt-timeouts.js';
import { createFailover } from './failover.js';
import type { ChatInput, ProviderRedactors, ProxyInput, RouterResponse } from './failover-types.js';
import { chatOperation, createOperations, type ResponseMemory } from '../operations/index.js';
import { createRedactor } from '../secrets.js';
import { providerSecretValues } from '../snapshot-secrets.js';
import { HOP_HEADER } from './hops.js';
import { createCircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { createKeepAliveClock } from './keep-alive-clock.js';
import { DEFAULT_CAPTURE_LIMITS, type CaptureLimits } from './response-capture.js';
import { createModelCatalog, type ModelCatalog, type ModelList } from './model-catalog.js';
import { FALLBACK_HEADER, PIN_HEADER } from '../routing/resolve-targets.js';
import { DEFAULT_RESILIENCE, resiliencePolicy, type ResiliencePolicy } from './retry-policy.js';
import { clientRequestIdFrom, newRequestId } from './request-id.js';
import type { ClientApi } from '../spec/api.js';
import type { BundledRates } from './answer-cost.js';
import type { KeyGate } from '../spec/client-keys.js';
import { createShadowRunner, type ShadowDefaults, type ShadowStats } from './shadow.js';

export type { ChatInput, ProxyInput, RouterResponse } from './failover-types.js';

/** What the engine needs. */
export interface RouterOptions {
  /** Where the configuration snapshot comes from. */
  config: ConfigSource;
  /** How upstream requests are sent. */
  transport: Transport;
  /** Where log records go (none: not logged). */
  logSink?: LogSink;
  /** Extra or replacement adapters. */
  adapters?: readonly ProviderAdapter<any>[];
  /** Let providers point at link-local and cloud metadata addresses (169.254.0.0/16, …); default false. */
  allowMetadataAddresses?: boolean;
  /** This router's id in the `x-router-hop` header it adds upstream (default: random per router). */
  instanceId?: string;
  /** Retry, deadline and breaker defaults; settings in the snapshot override them live (see `RESILIENCE_SETTINGS`). */
  resilience?: Partial<ResiliencePolicy>;
  /** SSE keep-alive comment after this much upstream silence on a stream, in ms (default 15000; 0 turns it off). */
  keepAliveMs?: number;
  /** Request id generator (default `newRequestId`: time-ordered UUID v7). */
  generateId?: () => string;
  /** Monotonic milliseconds (default `performance.now`). */
  now?: () => number;
  /** Random numbers in [0, 1) for weights and jitter (default `Math.random`). */
  random?: () => number;
  /** Called with internal errors (bugs), for the host's logger. */
  onInternalError?: (error: unknown) => void;
  /** How much of each response the log record keeps: its first `headBytes` and last `tailBytes` (default 1 MiB and 256 KiB). */
  logCapture?: Partial<CaptureLimits>;
  /** Where the responses the router produced are kept for `previous_response_id` (default: the last 1000, in memory). A host that logs to a database can fill one from the log's kept states (`responseState`) before serving, so they outlive a restart. */
  responseMemory?: ResponseMemory;
  /** Client key limits (rate limits, budgets) for requests that come with a key (`ProxyInput.clientKey`); see `createKeyLimiter`. */
  keys?: KeyGate;
  /** A non-streaming upstream body larger than this is passed through to the client as it arrives instead of being held whole (default 8 MiB). */
  maxBufferedBytes?: number;
  /**
   * The bundled price list's rates, from the host's memory, for `x-router-cost` on whole answers (see `answer-cost.ts`);
   * without it only a provider's own figure and the snapshot's price overrides give the header.
   */
  bundledRates?: BundledRates;
  /** Shadow traffic defaults (per-minute cap, timeout) and, for tests, its clock and sampling source; routes' options override the defaults. */
  shadow?: ShadowDefaults;
}

/** The router. */
export interface Router {
  /** Routes one chat completion; never throws, errors come back as OpenAI-shaped responses. */
  chatCompletion(input: ChatInput): Promise<RouterResponse>;
  /**
   * Routes one request of a client API (`chat` is `chatCompletion`); never throws: errors come back
   * shaped for that API's clients (`dialectFor(api)`).
   */
  proxy(api: ClientApi, input: ProxyInput): Promise<RouterResponse>;
  /**
   * Lists models a client can ask for, OpenAI-shaped; `owned_by` is the provider a request for the model goes
   * to first. With `pinned` (default: the `models_list_pinned` setting), also every `<provider-id>/<model>` form
   * (a request pinned to that provider).
   */
  listModels(options?: { pinned?: boolean }): ModelList;
  /** The model ids a provider reported at the last successful refresh (undefined: not known). */
  reportedModels(providerId: string): readonly string[] | undefined;
  /**
   * Refreshes the cached model lists the enabled providers report, and what local servers have (load state,
   * context lengths); run it off the request path. `localOnly`: only the local servers (a shorter cadence).
   */
  refreshModels(options?: { timeoutMs?: number; localOnly?: boolean }): Promise<void>;
  /** What the last refresh learned about a local server's models (undefined: not a local server type, or not asked yet). */
  discoveredModels(providerId: string): ServerDiscovery | undefined;
  /**
   * A web-standard handler: `POST /v1/chat/completions`, `/v1/messages`, `/v1/messages/count_tokens`, `/v1/responses`,
   * `/v1/embeddings`, `/v1/completions` (with the pin headers), `GET /v1/models` (`?pinned=true`).
   */
  handle(request: Request): Promise<Response>;
  /** The prepared instance for a provider, or the validation error of its configuration. */
  instanceFor(provider: ProviderEntry): ProviderInstance;
  /**
   * Graceful shutdown: new chat requests get 503 `server_shutting_down`; those in flight get up to
   * `graceMs` to finish, then streams end with an error event and waiting requests answer 503.
   */
  drain(graceMs: number): Promise<void>;
  /** Chat requests in flight (streams included until their last byte). */
  inFlight(): number;
  /** Circuit-breaker state of every provider that has failed recently (for `/health`). */
  circuits(): Record<string, CircuitState>;
  /** What shadow traffic has done since start: calls started, skipped over a route's cap, failed, timed out, running. */
  shadowStats(): ShadowStats;
  /** The adapter registry. */
  readonly adapters: AdapterRegistry;
}

/** Request headers an API defines, passed to providers that speak it natively. */
export const API_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** The client API a `POST` path asks for (with or without `/v1`), if any. */
export function apiOfPath(path: string): ClientApi | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed.endsWith('/chat/completions')) return 'chat';
  if (trimmed.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (trimmed.endsWith('/messages')) return 'messages';
  if (trimmed.endsWith('/responses')) return 'responses';
  if (trimmed.endsWith('/embeddings')) return 'embeddings';
  if (trimmed.endsWith('/completions')) return 'completions';
  return undefined;
}

/** Creates a router from its configuration source, transport and log sink. */
export function createRouter(options: RouterOptions): Router {
  const adapters = createAdapterRegistry(options.adapters);
  const generateId = options.generateId ?? (() => newRequestId());
  const now = options.now ?? (() => performance.now());
  const logSink = options.logSink;
  const instances = new WeakMap<ProviderEntry, ProviderInstance | RouterError>();
  const baseResilience: ResiliencePolicy = { ...DEFAULT_RESILIENCE, ...options.resilience };
  const policies = new WeakMap<ConfigSnapshot, ResiliencePolicy>();
  const timeouts = new WeakMap<ProviderEntry, { requestTimeoutMs?: number; value: AttemptTimeouts }>();
  const keepAliveMs = options.keepAliveMs ?? 15_000;

  function instanceFor(provider: ProviderEntry): ProviderInstance {
    let instance = instances.get(provider);
    if (!instance) {
      const { adapter } = adapters.get(provider.type);
      const parsed = adapter.configSchema.safeParse(provider.config);
      const metadataKey = parsed.success ? metadataAddressKey(parsed.data as Record<string, unknown>, { allowMetadataAddresses: options.allowMetadataAddresses }) : null;
      if (metadataKey) {
        // stored before this check, or written behind the API's back: never fetched
        instance = new UpstreamError(`Provider "${provider.id}" is misconfigured: ${metadataAddressMessage(metadataKey)}.`, {
          status: 502, code: 'provider_misconfigured', retryable: true, outcome: 'misconfigured',
        });
      } else if (parsed.success) {
        // Tool mode (`toolMode: xml`) wraps any adapter's instance, so every provider type can use it.
        instance = applyToolMode(adapter.create({ id: provider.id, config: parsed.data, capabilities: provider.capabilities }), parsed.data, provider.config);
      } else {
        const issue = parsed.error.issues[0];
        const field = issue.path.map(String).join('.') || 'config';
        instance = new UpstreamError(`Provider "${provider.id}" is misconfigured: ${field} ${issue.message}. Fix it with \`provider-cli provider edit ${provider.id} --config ${field}=…\`.`, {
          status: 502, code: 'provider_misconfigured', retryable: true, outcome: 'misconfigured',
        });
      }
      instances.set(provider, instance);
    }
    if (RouterError.isInstance(instance)) throw instance;
    return instance;
  }

  const redactors = new WeakMap<ProviderEntry, ProviderRedactors>();
  function redactorsFor(provider: ProviderEntry): ProviderRedactors {
    let found = redactors.get(provider);
    if (!found) {
      const secrets = providerSecretValues(provider, adapters);
      found = { text: createRedactor({ secrets }), header: secrets.length ? createRedactor({ secrets, patterns: [] }) : null };
      redactors.set(provider, found);
    }
    return found;
  }

  const catalog: ModelCatalog = createModelCatalog({ config: options.config, transport: options.transport, instanceFor });

  function log(record: RequestLogRecord): void {
    if (!logSink) return;
    try {
      logSink.write(record);
    } catch (error) {
      options.onInternalError?.(error);
    }
  }

  function policyFor(snapshot: ConfigSnapshot): ResiliencePolicy {
    let policy = policies.get(snapshot);
    if (!policy) policies.set(snapshot, (policy = resiliencePolicy(snapshot.settings, baseResilience)));
    return policy;
  }

  function timeoutsFor(provider: ProviderEntry, instance: ProviderInstance, policy: ResiliencePolicy): AttemptTimeouts {
    const cached = timeouts.get(provider);
    if (cached && cached.requestTimeoutMs === policy.requestTimeoutMs) return cached.value;
    const value = attemptTimeouts(provider, instance, policy.requestTimeoutMs);
    timeouts.set(provider, { requestTimeoutMs: policy.requestTimeoutMs, value });
    return value;
  }

  const breaker = createCircuitBreaker(now);
  const random = options.random ?? Math.random;
  const operationFor = createOperations({ generateId, responseMemory: options.responseMemory });
  const capture = { ...DEFAULT_CAPTURE_LIMITS, ...options.logCapture };
  const shadow = createShadowRunner(
    { transport: options.transport, instanceFor, timeoutsFor, policyFor, log, generateId, now, random, redact: (provider) => redactorsFor(provider).text, capture, onInternalError: options.onInternalError },
    options.shadow,
  );
  const failover = createFailover({
    config: options.config,
    transport: options.transport,
    instanceFor,
    timeoutsFor,
    policyFor,
    route: (snapshot, model, hints) => catalog.routing(snapshot).resolve(model, hints, random),
    breaker,
    clock: keepAliveMs > 0 ? createKeepAliveClock(keepAliveMs) : undefined,
    log,
    startListener: logSink ? () => logSink.started : undefined,
    generateId,
    now,
    random,
    onInternalError: options.onInternalError,
    capture,
    maxBufferedBytes: options.maxBufferedBytes,
    bundledRates: options.bundledRates,
    redactorsFor,
    instanceId: options.instanceId,
    contextOf: catalog.contextOf,
    coldStarts: catalog,
    keys: options.keys,
    shadow,
  });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const api = request.method === 'POST' ? apiOfPath(url.pathname) : undefined;
    if (api) {
      const headers: Record<string, string> = {};
      for (const name of API_HEADERS) {
        const value = request.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const result = await failover.run(operationFor(api), {
        body: await request.text(), signal: request.signal, clientRequestId: clientRequestIdFrom(request.headers.get('x-request-id')),
        provider: request.headers.get(PIN_HEADER), fallback: request.headers.get(FALLBACK_HEADER), hops: request.headers.get(HOP_HEADER), headers,
        header: (name) => request.headers.get(name),
        ...(url.search.length > 1 ? { query: url.search.slice(1) } : {}),
      });
      const responseBody = result.body instanceof Uint8Array ? result.body : toReadableStream(result.body);
      return new Response(responseBody as ConstructorParameters<typeof Response>[0], { status: result.status, headers: result.headers });
    }
    if (url.pathname.endsWith('/models') && request.method === 'GET') {
      const pinned = url.searchParams.get('pinned');
      return Response.json(catalog.list({ pinned: pinned === null ? undefined : pinned === 'true' }));
    }
    const shaped = toOpenAIError(new RouterError(`No route for ${request.method} ${url.pathname}`, { status: 404, type: 'invalid_request_error', code: 'not_found' }));
    return Response.json(shaped.body, { status: shaped.status });
  }

  const chatCompletion = (input: ChatInput) => failover.run(chatOperation, input);
  const proxy = (api: ClientApi, input: ProxyInput) => failover.run(operationFor(api), input);

  return {
    chatCompletion,
    proxy,
    listModels: (listOptions) => catalog.list(listOptions),
    refreshModels: (refreshOptions) => catalog.refresh(refreshOptions),
    reportedModels: (providerId) => catalog.reported(providerId),
    discoveredModels: (providerId) => catalog.discovered(providerId),
    handle,
    instanceFor,
    async drain(graceMs) {
      // shadow calls never hold up a shutdown: cancelled at once (their rows are logged)
      const shadows = shadow.stop();
      await failover.drain(graceMs);
      await shadows;
    },
    shadowStats: shadow.stats,
    inFlight: failover.inFlight,
    circuits: breaker.states,
    adapters,
  };
}
