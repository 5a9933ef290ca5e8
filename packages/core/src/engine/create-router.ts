/**
 * The routing engine. Built from what it is given (configuration source,
 * transport, log sink), it answers chat completions and model lists.
 * Failures before the first byte move on to the next target; failures after
 * it end the stream with an error event.
 */
import { ClientClosedError, RouterError, UpstreamError, sseErrorEvent, toOpenAIError } from '../errors.js';
import { createAdapterRegistry, type AdapterRegistry } from '../providers/registry.js';
import { applyToolMode } from '../tool-mode/with-tool-mode.js';
import { resolveTargets, type ResolvedTarget } from '../routing/resolve-targets.js';
import type { ChatCall, ChatCompletionBody, ProviderAdapter, ProviderInstance } from '../spec/adapter.js';
import type { ConfigSnapshot, ConfigSource, ProviderEntry } from '../spec/config.js';
import type { AttemptRecord, LogSink, RequestLogRecord } from '../spec/log.js';
import type { Transport, UpstreamResponse } from '../spec/transport.js';
import { encodeUtf8, readAll, toReadableStream } from '../sse/bytes.js';
import { parseChatBody } from './chat-request.js';
import { classifyTransportError, PassbackError, upstreamErrorFromResponse } from './upstream-error.js';
import { createModelCatalog, type ModelCatalog, type ModelList } from './model-catalog.js';

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
  /** Request id generator (default `crypto.randomUUID`). */
  generateId?: () => string;
  /** Monotonic milliseconds (default `performance.now`). */
  now?: () => number;
  /** Called with internal errors (bugs), for the host's logger. */
  onInternalError?: (error: unknown) => void;
}

/** A chat completion to route. */
export interface ChatInput {
  /** The client's body, as received. */
  body: string;
  /** Request id to use (the client's, validated by the host). */
  requestId?: string;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** The engine's answer, ready to be written to the client. */
export interface RouterResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** The whole body, or a stream of chunks (iterate to the end or call `return()`). */
  body: Uint8Array | AsyncIterable<Uint8Array>;
  /** The request id (also in `x-request-id`). */
  requestId: string;
}

/** The router. */
export interface Router {
  /** Routes one chat completion; never throws, errors come back as OpenAI-shaped responses. */
  chatCompletion(input: ChatInput): Promise<RouterResponse>;
  /** Lists models a client can ask for, OpenAI-shaped. */
  listModels(): ModelList;
  /** Refreshes the cached model lists the enabled providers report (run it off the request path). */
  refreshModels(options?: { timeoutMs?: number }): Promise<void>;
  /** A web-standard handler: `POST /v1/chat/completions`, `GET /v1/models`. */
  handle(request: Request): Promise<Response>;
  /** The prepared instance for a provider, or the validation error of its configuration. */
  instanceFor(provider: ProviderEntry): ProviderInstance;
  /** The adapter registry. */
  readonly adapters: AdapterRegistry;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' } as const;
const STRIP_UPSTREAM = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length',
  'content-encoding', 'content-type', 'date', 'server', 'set-cookie', 'x-request-id', 'access-control-allow-origin',
  'access-control-allow-credentials', 'access-control-expose-headers', 'alt-svc', 'via', 'cf-ray', 'strict-transport-security',
]);
const ERROR_LIMIT = 1 << 20;

function forwardHeaders(upstream: UpstreamResponse['headers'], into: Record<string, string>): void {
  for (const name in upstream) {
    if (STRIP_UPSTREAM.has(name)) continue;
    const value = upstream[name];
    if (value === undefined) continue;
    into[name] = Array.isArray(value) ? value.join(', ') : value;
  }
}

/** Creates a router from its configuration source, transport and log sink. */
export function createRouter(options: RouterOptions): Router {
  const adapters = createAdapterRegistry(options.adapters);
  const generateId = options.generateId ?? (() => crypto.randomUUID());
  const now = options.now ?? (() => performance.now());
  const logSink = options.logSink;
  const instances = new WeakMap<ProviderEntry, ProviderInstance | RouterError>();

  function instanceFor(provider: ProviderEntry): ProviderInstance {
    let instance = instances.get(provider);
    if (!instance) {
      const { adapter } = adapters.get(provider.type);
      const parsed = adapter.configSchema.safeParse(provider.config);
      if (parsed.success) {
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

  const catalog: ModelCatalog = createModelCatalog({ config: options.config, transport: options.transport, instanceFor });

  function log(record: RequestLogRecord): void {
    if (!logSink) return;
    try {
      logSink.write(record);
    } catch (error) {
      options.onInternalError?.(error);
    }
  }

  async function chatCompletion(input: ChatInput): Promise<RouterResponse> {
    const start = now();
    const startedAt = Date.now();
    const requestId = input.requestId ?? generateId();
    const signal = input.signal;
    const attempts: AttemptRecord[] = [];
    let body: ChatCompletionBody | undefined;
    let target: ResolvedTarget | undefined;

    const finish = (status: number, error: unknown, response: RequestLogRecord['response'], outcome: RequestLogRecord['outcome']) => {
      const shaped = error ? toOpenAIError(error) : undefined;
      log({
        id: requestId, startedAt, endpoint: '/v1/chat/completions',
        providerId: target?.provider.id ?? null, model: body?.model ?? null, upstreamModel: target?.model ?? null,
        stream: body?.stream === true, status, outcome,
        errorCode: shaped?.body.error.code ?? null, errorMessage: shaped?.body.error.message ?? null,
        durationMs: now() - start, ttfbMs: outcome === 'client_closed' && status === 499 ? null : now() - start,
        requestBody: input.body, response, attempts,
      });
    };

    const fail = (error: unknown): RouterResponse => {
      if (!RouterError.isInstance(error)) options.onInternalError?.(error);
      const clientClosed = error instanceof ClientClosedError || (RouterError.isInstance(error) && error.code === 'client_closed');
      let status: number;
      let bytes: Uint8Array;
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId, 'x-router-attempts': String(attempts.length) };
      if (error instanceof PassbackError) {
        status = error.status;
        bytes = error.body;
        Object.assign(headers, error.headers);
      } else {
        const shaped = toOpenAIError(error);
        status = shaped.status;
        bytes = encodeUtf8(JSON.stringify(shaped.body));
        if (shaped.retryAfter !== undefined) headers['retry-after'] = String(shaped.retryAfter);
      }
      if (target) headers['x-router-provider'] = target.provider.id;
      finish(status, error, { kind: 'json', bytes }, clientClosed ? 'client_closed' : 'error');
      return { status, headers, body: bytes, requestId };
    };

    try {
      body = parseChatBody(input.body);
      const snapshot: ConfigSnapshot = options.config.current();
      const targets = resolveTargets(snapshot, body.model);
      const stream = body.stream === true;
      let lastError: unknown;
      for (const candidate of targets) {
        if (signal?.aborted) throw new ClientClosedError();
        target = candidate;
        const attemptStart = now();
        const record: AttemptRecord = { providerId: candidate.provider.id, model: candidate.model, status: null, outcome: 'ok', durationMs: 0 };
        attempts.push(record);
        try {
          const instance = instanceFor(candidate.provider);
          const call: ChatCall = { body, rawBody: input.body, model: candidate.model, stream };
          const request = instance.chatRequest(call);
          request.signal = signal;
          let upstream: UpstreamResponse;
          try {
            upstream = await options.transport(request);
          } catch (error) {
            throw classifyTransportError(error, candidate.provider.id, signal);
          }
          record.status = upstream.status;
          if (upstream.status >= 400) {
            let text = '';
            try {
              text = new TextDecoder().decode(await readAll(upstream.body, ERROR_LIMIT));
            } catch (error) {
              throw classifyTransportError(error, candidate.provider.id, signal);
            }
            throw instance.mapError?.(upstream.status, text, call) ?? upstreamErrorFromResponse(candidate.provider.id, upstream.status, text, upstream.headers);
          }
          const headers: Record<string, string> = {};
          forwardHeaders(upstream.headers, headers);
          headers['x-request-id'] = requestId;
          headers['x-router-provider'] = candidate.provider.id;
          headers['x-router-attempts'] = String(attempts.length);
          if (!stream) {
            let bytes: Uint8Array;
            try {
              bytes = await readAll(upstream.body);
            } catch (error) {
              throw classifyTransportError(error, candidate.provider.id, signal);
            }
            if (instance.transformResponse) bytes = instance.transformResponse(bytes, call);
            headers['content-type'] = 'application/json';
            record.durationMs = now() - attemptStart;
            finish(upstream.status, null, { kind: 'json', bytes }, 'success');
            return { status: upstream.status, headers, body: bytes, requestId };
          }
          const source = instance.transformStream ? instance.transformStream(upstream.body, call) : upstream.body;
          const iterator = source[Symbol.asyncIterator]();
          let first: IteratorResult<Uint8Array>;
          try {
            first = await iterator.next();
          } catch (error) {
            throw classifyTransportError(error, candidate.provider.id, signal);
          }
          Object.assign(headers, SSE_HEADERS);
          const ttfb = now() - start;
          return {
            status: upstream.status,
            headers,
            requestId,
            body: relay(iterator, first, (chunks, error, closed) => {
              record.durationMs = now() - attemptStart;
              const outcome = closed ? 'client_closed' : error ? 'stream_error' : 'success';
              if (error && !closed) record.error = (error as Error).message;
              const shaped = error && !closed ? toOpenAIError(error) : undefined;
              log({
                id: requestId, startedAt, endpoint: '/v1/chat/completions', providerId: candidate.provider.id, model: body!.model,
                upstreamModel: candidate.model, stream: true, status: upstream.status, outcome,
                errorCode: closed ? 'client_closed' : shaped?.body.error.code ?? null, errorMessage: closed ? 'The client closed the stream' : shaped?.body.error.message ?? null,
                durationMs: now() - start, ttfbMs: ttfb, requestBody: input.body, response: { kind: 'sse', chunks }, attempts,
              });
            }, (error) => classifyTransportError(error, candidate.provider.id, signal), signal),
          };
        } catch (error) {
          record.durationMs = now() - attemptStart;
          const typed = RouterError.isInstance(error) ? error : classifyTransportError(error, candidate.provider.id, signal);
          record.outcome = typed instanceof UpstreamError ? typed.outcome : typed instanceof PassbackError ? 'http_error' : typed.code ?? 'error';
          record.error = typed.message;
          if (typed instanceof ClientClosedError) throw typed;
          const retryable = (typed instanceof UpstreamError || typed instanceof PassbackError) && typed.retryable;
          lastError = typed;
          if (!retryable) throw typed;
        }
      }
      throw lastError;
    } catch (error) {
      return fail(error);
    }
  }

  async function* relay(
    iterator: AsyncIterator<Uint8Array>,
    first: IteratorResult<Uint8Array>,
    done: (chunks: Uint8Array[], error: unknown, clientClosed: boolean) => void,
    classify: (error: unknown) => RouterError,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let error: unknown;
    let finished = false;
    try {
      let result = first;
      while (!result.done) {
        chunks.push(result.value);
        yield result.value;
        result = await iterator.next();
      }
      finished = true;
    } catch (caught) {
      error = classify(caught);
      if (!(error instanceof ClientClosedError)) {
        const event = encodeUtf8(sseErrorEvent(error));
        chunks.push(event);
        finished = true;
        done(chunks, error, false);
        yield event;
        return;
      }
    } finally {
      if (!finished || error instanceof ClientClosedError || signal?.aborted) {
        await iterator.return?.().catch(() => undefined);
        done(chunks, error, true);
      } else if (!error) {
        done(chunks, null, false);
      }
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/chat/completions') && request.method === 'POST') {
      const result = await chatCompletion({ body: await request.text(), signal: request.signal, requestId: request.headers.get('x-request-id') ?? undefined });
      const responseBody = result.body instanceof Uint8Array ? result.body : toReadableStream(result.body);
      return new Response(responseBody as BodyInit, { status: result.status, headers: result.headers });
    }
    if (url.pathname.endsWith('/models') && request.method === 'GET') {
      return Response.json(catalog.list());
    }
    const shaped = toOpenAIError(new RouterError(`No route for ${request.method} ${url.pathname}`, { status: 404, type: 'invalid_request_error', code: 'not_found' }));
    return Response.json(shaped.body, { status: shaped.status });
  }

  return {
    chatCompletion,
    listModels: () => catalog.list(),
    refreshModels: (refreshOptions) => catalog.refresh(refreshOptions),
    handle,
    instanceFor,
    adapters,
  };
}
