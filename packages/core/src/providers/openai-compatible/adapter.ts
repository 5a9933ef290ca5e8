import type { ChatCall, ProviderAdapter, ProviderInstance } from '../../spec/adapter.js';
import type { UpstreamRequest } from '../../spec/transport.js';
import { openAICompatibleConfigSchema, type OpenAICompatibleConfig } from './config.js';

/** Default timeouts, in milliseconds. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** Builds the JSON body sent upstream; returns the client's text untouched when nothing changes. */
export function buildChatBody(call: ChatCall, extraBody?: Record<string, unknown>): string {
  const modelChanged = call.model !== call.body.model;
  if (!modelChanged && !extraBody) return call.rawBody;
  return JSON.stringify({ ...extraBody, ...call.body, model: call.model });
}

/** Creates an instance of the generic adapter; presets and other adapters build on it. */
export function createOpenAICompatibleInstance(id: string, config: OpenAICompatibleConfig): ProviderInstance {
  const base = config.baseURL.replace(/\/+$/, '');
  const common: Record<string, string> = { 'accept-encoding': 'identity' };
  if (config.headers) for (const [name, value] of Object.entries(config.headers)) common[name.toLowerCase()] = value;
  if (config.apiKey) common.authorization = `Bearer ${config.apiKey}`;
  const headersTimeoutMs = config.timeout ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const idleMs = config.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  const jsonHeaders = { ...common, 'content-type': 'application/json', accept: 'application/json' };
  const streamHeaders = { ...common, 'content-type': 'application/json', accept: 'text/event-stream' };
  const extraBody = config.extraBody && Object.keys(config.extraBody).length > 0 ? config.extraBody : undefined;

  return {
    id,
    timeouts: { headersMs: headersTimeoutMs, idleMs },
    chatRequest(call): UpstreamRequest {
      return {
        url: `${base}/chat/completions`,
        method: 'POST',
        headers: call.stream ? streamHeaders : jsonHeaders,
        body: buildChatBody(call, extraBody),
        headersTimeoutMs,
        bodyTimeoutMs: idleMs,
      };
    },
    modelsRequest(): UpstreamRequest {
      return { url: `${base}/models`, method: 'GET', headers: { ...common, accept: 'application/json' }, headersTimeoutMs, bodyTimeoutMs: idleMs };
    },
  };
}

/** The generic adapter for any OpenAI-compatible service: bytes pass through unchanged. */
export const openAICompatibleAdapter: ProviderAdapter<OpenAICompatibleConfig> = {
  specificationVersion: 'v1',
  type: 'openai-compatible',
  description: 'Any OpenAI-compatible API (baseURL, optional apiKey, headers, extraBody).',
  configSchema: openAICompatibleConfigSchema,
  create: ({ id, config }) => createOpenAICompatibleInstance(id, config),
};
