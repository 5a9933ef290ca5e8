import type { ChatCall, ChatCompletionBody, ProviderAdapter, ProviderInstance, ReasoningHistory } from '../../spec/adapter.js';
import type { ClientApi, PassthroughCall } from '../../spec/api.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import type { DiscoveredModel, DiscoveryFetch } from '../../spec/discovery.js';
import { openAICompatibleConfigSchema, type OpenAICompatibleConfig } from './config.js';

/** What a probe learned about a provider, as adapters read it (all optional). */
export type ProviderCapabilities = Readonly<Record<string, unknown>> | null | undefined;

/**
 * How a local server type learns what the server has. `models` is the instance's own model-list request
 * (its URL, headers and timeouts), from which the server's other endpoints are derived.
 */
export type LocalDiscovery = (models: UpstreamRequest, fetchJson: DiscoveryFetch) => Promise<DiscoveredModel[]>;

/** Provider-specific behaviour layered on the generic adapter by presets and other types. */
export interface OpenAICompatibleHooks {
  /** What a probe learned (e.g. `streamUsage`). */
  capabilities?: ProviderCapabilities;
  /** Returns the body to send for a call: the same object when nothing changes, else a copy. */
  prepareBody?(body: ChatCompletionBody, call: ChatCall): ChatCompletionBody;
  /** Turns an upstream error response into a router error (null: the default handling). */
  mapError?: ProviderInstance['mapError'];
  /** Headers added to every request (configured `headers` win). */
  headers?: Record<string, string>;
  /** False when the provider has no `GET /models`. */
  listsModels?: boolean;
  /** The APIs besides chat offered by default when the configuration does not say (default: embeddings and completions). */
  apis?: readonly ('embeddings' | 'completions' | 'responses')[];
  /** A local server's model discovery (load state, context lengths), run in the background. */
  discover?: LocalDiscovery;
  /** How earlier turns' reasoning reaches the service when the configuration does not say (default `drop`). */
  reasoningHistory?: ReasoningHistory;
}

/** What an OpenAI-compatible service offers besides chat when nothing says otherwise. */
export const DEFAULT_PASSTHROUGH_APIS = ['embeddings', 'completions'] as const;
const PATHS: Partial<Record<ClientApi, string>> = { embeddings: 'embeddings', completions: 'completions', responses: 'responses' };

/** Adds `stream_options.include_usage` to a stream the client did not ask usage for. */
export function withIncludeUsage(body: ChatCompletionBody): ChatCompletionBody {
  const options = body.stream_options;
  if (options && typeof options === 'object' && 'include_usage' in options) return body;
  return { ...body, stream_options: { ...(options && typeof options === 'object' ? options : {}), include_usage: true } };
}

/** Default timeouts, in milliseconds. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/**
 * Builds the JSON body sent upstream; returns the client's text untouched when nothing changes.
 * `extraBody` fills in fields the client did not send (the client's fields win).
 */
export function buildChatBody(call: ChatCall, extraBody?: Record<string, unknown>, prepare?: OpenAICompatibleHooks['prepareBody']): string {
  const body = prepare ? prepare(call.body, call) : call.body;
  const modelChanged = call.model !== call.body.model;
  if (!modelChanged && !extraBody && body === call.body) return call.rawBody;
  return JSON.stringify({ ...extraBody, ...body, model: call.model });
}

/**
 * Takes `user:password@` out of a base URL and returns it as a Basic `authorization` value:
 * `fetch` refuses a URL with credentials and undici drops them, so left in the URL they would
 * either fail every request or be silently lost.
 */
export function splitUserinfo(baseURL: string): { url: string; basicAuth?: string } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(baseURL);
  if (!match) return { url: baseURL };
  const url = match[1] + baseURL.slice(match[0].length);
  const userinfo = match[2];
  const colon = userinfo.indexOf(':');
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  if (!user && !password) return { url };
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { url, basicAuth: `Basic ${btoa(binary)}` };
}

/** Creates an instance of the generic adapter; presets and other adapters build on it. */
export function createOpenAICompatibleInstance(id: string, config: OpenAICompatibleConfig, hooks: OpenAICompatibleHooks = {}): ProviderInstance {
  // a query in the base URL (`?api-version=…`, `?key=…`) goes after the endpoint's path
  const { url: baseURL, basicAuth } = splitUserinfo(config.baseURL.split('#')[0]);
  const queryAt = baseURL.includes('?') ? baseURL.indexOf('?') : baseURL.length;
  const base = baseURL.slice(0, queryAt).replace(/\/+$/, '');
  const baseQuery = baseURL.slice(queryAt);
  const chatUrl = `${base}/chat/completions${baseQuery}`;
  const modelsUrl = `${base}/models${baseQuery}`;
  const common: Record<string, string> = { 'accept-encoding': 'identity' };
  if (hooks.headers) for (const [name, value] of Object.entries(hooks.headers)) common[name.toLowerCase()] = value;
  // credentials in the base URL are sent as Basic auth; a configured header or apiKey wins
  if (basicAuth) common.authorization = basicAuth;
  if (config.headers) for (const [name, value] of Object.entries(config.headers)) common[name.toLowerCase()] = value;
  if (config.apiKey) common.authorization = `Bearer ${config.apiKey}`;
  const headersTimeoutMs = config.timeout ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const idleMs = config.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  const jsonHeaders = { ...common, 'content-type': 'application/json', accept: 'application/json' };
  const streamHeaders = { ...common, 'content-type': 'application/json', accept: 'text/event-stream' };
  const extraBody = config.extraBody && Object.keys(config.extraBody).length > 0 ? config.extraBody : undefined;
  // A probe found this provider reports stream usage only when asked: ask on every stream, so the log always has it.
  const askUsage = hooks.capabilities?.streamUsage === 'with_include_usage';
  const nativeApis: readonly ClientApi[] = config.apis ?? hooks.apis ?? DEFAULT_PASSTHROUGH_APIS;
  const prepare: OpenAICompatibleHooks['prepareBody'] =
    askUsage || hooks.prepareBody
      ? (body, call) => {
          const prepared = hooks.prepareBody ? hooks.prepareBody(body, call) : body;
          return askUsage && call.stream ? withIncludeUsage(prepared) : prepared;
        }
      : undefined;

  return {
    id,
    timeouts: { headersMs: headersTimeoutMs, idleMs },
    chatRequest(call): UpstreamRequest {
      return {
        url: chatUrl,
        method: 'POST',
        headers: call.stream ? streamHeaders : jsonHeaders,
        body: buildChatBody(call, extraBody, prepare),
        headersTimeoutMs,
        bodyTimeoutMs: idleMs,
      };
    },
    nativeApis,
    reasoningHistory: config.reasoningHistory ?? hooks.reasoningHistory ?? 'drop',
    passthroughRequest(call: PassthroughCall): UpstreamRequest {
      const path = PATHS[call.api];
      if (!path || !nativeApis.includes(call.api)) throw new Error(`${call.api} is not offered by provider "${id}"`);
      return {
        url: `${base}/${path}${baseQuery}`,
        method: 'POST',
        headers: call.stream ? streamHeaders : jsonHeaders,
        // the client's text untouched unless the model is renamed
        body: call.model === call.body.model ? call.rawBody : JSON.stringify({ ...call.body, model: call.model }),
        headersTimeoutMs,
        bodyTimeoutMs: idleMs,
      };
    },
    modelsRequest(): UpstreamRequest | null {
      if (hooks.listsModels === false) return null;
      return { url: modelsUrl, method: 'GET', headers: { ...common, accept: 'application/json' }, headersTimeoutMs, bodyTimeoutMs: idleMs };
    },
    ...(hooks.mapError ? { mapError: hooks.mapError } : {}),
    ...(hooks.discover
      ? {
          discoverModels: (fetchJson: DiscoveryFetch) =>
            hooks.discover!({ url: modelsUrl, method: 'GET', headers: { ...common, accept: 'application/json' }, headersTimeoutMs, bodyTimeoutMs: idleMs }, fetchJson),
        }
      : {}),
  };
}

/** The generic adapter for any OpenAI-compatible service: bytes pass through unchanged. */
export const openAICompatibleAdapter: ProviderAdapter<OpenAICompatibleConfig> = {
  specificationVersion: 'v1',
  type: 'openai-compatible',
  description: 'Any OpenAI-compatible API (baseURL, optional apiKey, headers, extraBody).',
  configSchema: openAICompatibleConfigSchema,
  create: ({ id, config, capabilities }) => createOpenAICompatibleInstance(id, config, { capabilities }),
};
