/**
 * Anthropic's Messages API, and any service speaking it. Messages clients (and token counting)
 * pass straight through with at most the model renamed; chat completions clients are translated
 * (`translate/chat-to-anthropic/`): the request to a Messages request, the Message or its stream
 * back to a chat completion or chunks, Anthropic's errors to the router's.
 */
import { UpstreamError, type RouterError } from '../../errors.js';
import type { ChatCall, ProviderAdapter, ProviderInstance } from '../../spec/adapter.js';
import type { ClientApi, PassthroughCall } from '../../spec/api.js';
import type { UpstreamRequest, UpstreamResponse } from '../../spec/transport.js';
import { upstreamErrorFromResponse } from '../shared/upstream-errors.js';
import { chatErrorFromAnthropic } from '../../translate/chat-to-anthropic/anthropic-error.js';
import { chatRequestToMessages } from '../../translate/chat-to-anthropic/chat-request-to-messages.js';
import { messagesResponseToChat } from '../../translate/chat-to-anthropic/messages-response-to-chat.js';
import { messagesSseToChatSse } from '../../translate/chat-to-anthropic/messages-stream-to-chat.js';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, splitUserinfo } from '../openai-compatible/adapter.js';
import { ANTHROPIC_DEFAULT_VERSION, anthropicConfigSchema, type AnthropicConfig } from './config.js';

/** The APIs an Anthropic provider speaks natively. */
export const ANTHROPIC_NATIVE_APIS: readonly ClientApi[] = ['messages', 'count_tokens'];

/** Models asked for in one `GET /v1/models` (Anthropic's default page is 20; 1000 is its largest). */
const MODELS_PAGE = 1000;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The endpoint URLs for a base URL: with or without a trailing `/v1`, a query kept after the path. */
export function anthropicUrls(baseURL: string): { messages: string; countTokens: string; models: string; basicAuth?: string } {
  const { url, basicAuth } = splitUserinfo(baseURL.split('#')[0]);
  const queryAt = url.includes('?') ? url.indexOf('?') : url.length;
  const base = url.slice(0, queryAt).replace(/\/+$/, '').replace(/\/v1$/, '');
  const query = url.slice(queryAt);
  const withQuery = (path: string, extra = '') => `${base}/v1/${path}${query}${extra ? `${query ? '&' : '?'}${extra}` : ''}`;
  return { messages: withQuery('messages'), countTokens: withQuery('messages/count_tokens'), models: withQuery('models', `limit=${MODELS_PAGE}`), ...(basicAuth ? { basicAuth } : {}) };
}

/**
 * An endpoint URL with the client's query string added (`beta=true`, which Anthropic's SDKs send
 * with beta features, means something to Anthropic): after any query the base URL carries.
 */
export function withClientQuery(url: string, query: string | undefined): string {
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

function isPassthrough(call: ChatCall | PassthroughCall): call is PassthroughCall {
  return 'api' in call;
}

/**
 * Anthropic's error answers. For a chat client: Anthropic's body in OpenAI's shape (529 overloaded
 * → 503 `upstream_overloaded`), then the router's usual reading (401/403 → a credentials error that
 * moves to the next provider, 408/429/5xx retryable, `retry-after` kept). For a Messages client:
 * null, so Anthropic's own body and status pass back as they are.
 */
export function mapAnthropicError(providerId: string, status: number, text: string, call: ChatCall | PassthroughCall, headers: UpstreamResponse['headers'] = {}): RouterError | null {
  if (isPassthrough(call)) return null;
  const shaped = chatErrorFromAnthropic(status, text);
  return upstreamErrorFromResponse(providerId, shaped.status, JSON.stringify(shaped.body), headers);
}

/** Creates an instance for one configured provider. */
export function createAnthropicInstance(id: string, config: AnthropicConfig): ProviderInstance {
  const urls = anthropicUrls(config.baseURL);
  const common: Record<string, string> = { 'accept-encoding': 'identity', 'anthropic-version': config.anthropicVersion ?? ANTHROPIC_DEFAULT_VERSION };
  if (config.anthropicBeta) common['anthropic-beta'] = config.anthropicBeta;
  if (urls.basicAuth) common.authorization = urls.basicAuth;
  if (config.headers) for (const [name, value] of Object.entries(config.headers)) common[name.toLowerCase()] = value;
  if (config.apiKey) {
    if (config.keyHeader === 'authorization') common.authorization = `Bearer ${config.apiKey}`;
    else common['x-api-key'] = config.apiKey;
  }
  const headersTimeoutMs = config.timeout ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const idleMs = config.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  const jsonHeaders = { ...common, 'content-type': 'application/json', accept: 'application/json' };
  const streamHeaders = { ...common, 'content-type': 'application/json', accept: 'text/event-stream' };
  const extraBody = config.extraBody && Object.keys(config.extraBody).length > 0 ? config.extraBody : undefined;

  return {
    id,
    timeouts: { headersMs: headersTimeoutMs, idleMs },
    chatRequest(call): UpstreamRequest {
      const body = chatRequestToMessages(call.body, { model: call.model, defaultMaxTokens: config.defaultMaxOutput });
      // the engine's decision, whatever the body said
      if (call.stream) body.stream = true;
      else delete body.stream;
      const text = JSON.stringify(extraBody ? { ...extraBody, ...body } : body);
      return { url: urls.messages, method: 'POST', headers: call.stream ? streamHeaders : jsonHeaders, body: text, headersTimeoutMs, bodyTimeoutMs: idleMs };
    },
    nativeApis: ANTHROPIC_NATIVE_APIS,
    // chat requests go out as Messages (translated here)
    chatApi: 'messages',
    passthroughRequest(call): UpstreamRequest {
      if (call.api !== 'messages' && call.api !== 'count_tokens') throw new Error(`${call.api} is not offered by provider "${id}"`);
      const headers: Record<string, string> = { ...(call.stream ? streamHeaders : jsonHeaders) };
      // the client's API version and betas win: it knows which features its request uses
      for (const name of ['anthropic-version', 'anthropic-beta']) {
        const value = call.headers[name];
        if (typeof value === 'string' && value.length > 0) headers[name] = value;
      }
      return {
        url: withClientQuery(call.api === 'messages' ? urls.messages : urls.countTokens, call.query),
        method: 'POST',
        headers,
        // the client's text untouched unless the model is renamed
        body: call.model === call.body.model ? call.rawBody : JSON.stringify({ ...call.body, model: call.model }),
        headersTimeoutMs,
        bodyTimeoutMs: idleMs,
      };
    },
    modelsRequest(): UpstreamRequest {
      return { url: urls.models, method: 'GET', headers: { ...common, accept: 'application/json' }, headersTimeoutMs, bodyTimeoutMs: idleMs };
    },
    transformResponse(bytes, call): Uint8Array {
      let json: unknown;
      try {
        json = JSON.parse(decoder.decode(bytes));
      } catch {
        throw new UpstreamError(`Provider "${id}" sent a response that is not JSON.`, { status: 502, code: 'upstream_bad_response', retryable: true, outcome: 'bad_response' });
      }
      return encoder.encode(JSON.stringify(messagesResponseToChat(json, { model: call.model })));
    },
    transformStream(body, call) {
      const options = call.body.stream_options as { include_usage?: unknown } | null | undefined;
      return messagesSseToChatSse(body, { includeUsage: options?.include_usage === true, model: call.model });
    },
    mapError: (status, text, call, headers) => mapAnthropicError(id, status, text, call, headers),
  };
}

/** The Anthropic adapter. */
export const anthropicAdapter: ProviderAdapter<AnthropicConfig> = {
  specificationVersion: 'v1',
  type: 'anthropic',
  description: 'Anthropic Messages API or any service speaking it (baseURL default https://api.anthropic.com, apiKey as x-api-key); Messages clients pass through, chat clients are translated.',
  configSchema: anthropicConfigSchema,
  create: ({ id, config }) => createAnthropicInstance(id, config),
};
